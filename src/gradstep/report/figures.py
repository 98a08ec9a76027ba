"""The tour's own pictures, for examples that :mod:`gradstep.viz` has no picture of.

Like ``viz``, they draw what the library computed and compute nothing new: curves are
evaluated by the library's bridge (the parsed formula run on gradstep's engine), slopes
come from :class:`~gradstep.calculus.Derivation` and critical points from
:func:`~gradstep.calculus.critical_points`. Saved atomically by ``viz.save_figure``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

import gradstep as gs
from gradstep.calculus import to_tensor_function
from gradstep.i18n import message
from gradstep.viz import save_figure

PathLike = str | os.PathLike[str]
CURVE, TANGENT, POINT = "#1f77b4", "#2ca02c", "#d62728"


def curve(expr: Any, xs: np.ndarray) -> np.ndarray:
    """f at ``xs``, computed by gradstep's engine through the bridge."""
    with gs.no_grad():
        return np.asarray(to_tensor_function(expr)(gs.tensor(xs)).data, dtype=np.float64)


def _t(key: str, lang: str, **fields: Any) -> str:
    return message(f"tour.figure.{key}", lang, **fields)


ARROW_RATE = 0.25  # the arrows of the slopes picture are −η·f′(x) with this η


def plot_tangents(derivation: Any, slopes: Sequence[Any], path: PathLike, lang: str) -> None:
    """f with the tangent line and the compass arrow at each point of ``slopes``."""
    xs = np.linspace(-6.5, 6.5, 400)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.plot(xs, curve(derivation.expression, xs), color=CURVE, lw=2, label="f(x) = x²")
    for i, s in enumerate(slopes):
        x, fx, slope = s.point[0][1], s.value, s.derivative
        tx = np.array([x - 1.6, x + 1.6])
        ax.plot(tx, fx + slope * (tx - x), "--", color=TANGENT, lw=1.4)
        ax.plot([x], [fx], "o", color=POINT, ms=7, zorder=5)
        if slope:  # the step −η·f′ with η = ARROW_RATE: big where the slope is steep
            ax.annotate(
                "",
                xy=(x - ARROW_RATE * slope, fx),
                xytext=(x, fx),
                arrowprops={"arrowstyle": "->", "color": POINT, "lw": 2},
            )
        ax.text(
            x,
            fx + 2.5 + 3.5 * (i % 2),
            f"f′({x:g}) = " + (f"{slope:+g}" if slope else "0"),
            ha="center",
            fontsize=9,
        )
    ax.plot([], [], "--", color=TANGENT, label=_t("tangent", lang))
    ax.plot([], [], color=POINT, label=_t("compass", lang))
    ax.set(xlabel="x", ylabel="f(x)", title=_t("slopes_title", lang), ylim=(-4, 44))
    ax.grid(alpha=0.3)
    ax.legend(loc="upper center", fontsize=8)
    fig.tight_layout()
    save_figure(fig, path)


def plot_extrema(
    derivation: Any,
    points: Any,
    plateau: Any,
    plateau_span: tuple[float, float],
    path: PathLike,
    lang: str,
) -> None:
    """Left: f with its critical points and the sign of f′ around them. Right: a plateau."""
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(12, 4.5))
    xs = np.linspace(-2.5, 2.5, 400)
    ax.plot(xs, curve(derivation.expression, xs), color=CURVE, lw=2, label="f(x) = x³ − 3x")
    ax.plot(xs, curve(derivation.result, xs), color=TANGENT, lw=1.2, ls="--", label="f′(x)")
    ax.axhline(0, color="k", lw=0.6)
    for p in points:
        x, kind = p.point[0][1], p.kind
        ax.plot([x], [p.value], "v" if kind == "maximum" else "^", color=POINT, ms=10, zorder=5)
        ax.annotate(
            message(f"calculus.kind.{kind}", lang),
            (x, p.value),
            xytext=(0, 12),
            textcoords="offset points",
            ha="center",
            fontsize=9,
        )
    ax.set(xlabel="x", title=_t("extrema_title", lang), ylim=(-4, 6))
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    lo, hi = plateau_span
    xs = np.linspace(-10, 10, 400)
    bx.plot(xs, curve(plateau.expression, xs), color=CURVE, lw=2, label="f(x) = σ(x)")
    bx.plot(xs, curve(plateau.result, xs), color=TANGENT, lw=1.2, ls="--", label="f′(x)")
    bx.axvspan(lo, hi, color="orange", alpha=0.2, label=_t("plateau", lang))
    bx.set(xlabel="x", title=_t("plateau_title", lang))
    bx.grid(alpha=0.3)
    bx.legend(loc="center left", fontsize=8)
    fig.tight_layout()
    save_figure(fig, path)
