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


def plot_tangents(derivation: Any, slopes: Sequence[Any], path: PathLike, lang: str) -> None:
    """f with the tangent line and the compass arrow at each point of ``slopes``."""
    xs = np.linspace(-6.5, 6.5, 400)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.plot(xs, curve(derivation.expression, xs), color=CURVE, lw=2, label="f(x) = x²")
    for s in slopes:
        x, fx, slope = s.point[0][1], s.value, s.derivative
        tx = np.array([x - 1.6, x + 1.6])
        ax.plot(tx, fx + slope * (tx - x), "--", color=TANGENT, lw=1.4)
        ax.plot([x], [fx], "o", color=POINT, ms=7, zorder=5)
        if slope:
            ax.annotate(
                "",
                xy=(x - np.sign(slope) * 1.2, fx),
                xytext=(x, fx),
                arrowprops={"arrowstyle": "->", "color": POINT, "lw": 2},
            )
        ax.text(x, fx + 2.2, f"f′({x:g}) = {slope:+g}", ha="center", fontsize=9)
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


def plot_shapes(
    derivations: Sequence[Any], labels: Sequence[str], path: PathLike, lang: str
) -> None:
    """Each loss shape (top) with its derivative (bottom); undefined points marked."""
    fig, axes = plt.subplots(2, len(derivations), figsize=(12, 5.5), sharex=True)
    xs = np.linspace(-2, 2, 801)
    for col, (d, label) in enumerate(zip(derivations, labels, strict=True)):
        top, bottom = axes[0, col], axes[1, col]
        top.plot(xs, curve(d.expression, xs), color=CURVE, lw=2)
        top.set_title(label, fontsize=10)
        slope = curve(d.result, xs) if d.result.free_symbols else np.full_like(xs, float(d.result))
        for p in d.nondifferentiable:
            slope[np.abs(xs - float(p.point)) < 1e-9] = np.nan
            bottom.plot([float(p.point)], [0], "x", color=POINT, ms=10, mew=2)
        bottom.plot(xs, slope, color=TANGENT, lw=2)
        bottom.set_ylim(-2.5, 2.5)
        bottom.set_xlabel("x")
        for a in (top, bottom):
            a.grid(alpha=0.3)
    axes[0, 0].set_ylabel("f(x)")
    axes[1, 0].set_ylabel("f′(x)")
    fig.suptitle(_t("shapes_title", lang))
    fig.tight_layout()
    save_figure(fig, path)


def plot_mse_mae(mse: Any, mae: Any, path: PathLike, lang: str) -> None:
    """Two descent runs side by side: position and step size per step (log scale)."""
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(12, 4.5))
    for run, label, color in ((mse, "MSE  x²", CURVE), (mae, "MAE  |x|", POINT)):
        ax.plot(run.points[:, 0], "o-", ms=3, lw=1, color=color, label=label)
        bx.plot(np.arange(1, len(run.step_sizes) + 1), run.step_sizes, color=color, label=label)
    ax.axhline(0, color="k", lw=0.6)
    ax.set(xlabel=_t("step", lang), ylabel="x", title=_t("position_title", lang))
    bx.set_yscale("log")
    bx.set(xlabel=_t("step", lang), ylabel=_t("step_size", lang), title=_t("steps_title", lang))
    for a in (ax, bx):
        a.grid(alpha=0.3)
        a.legend(fontsize=8)
    fig.tight_layout()
    save_figure(fig, path)


def plot_activations(derivations: Sequence[Any], path: PathLike, lang: str) -> None:
    """ReLU, sigmoid and tanh (top) and their derivatives (bottom)."""
    fig, axes = plt.subplots(2, len(derivations), figsize=(12, 5.5), sharex=True)
    xs = np.linspace(-6, 6, 601)
    for col, d in enumerate(derivations):
        name = str(d.expression).replace("(x)", "")
        axes[0, col].plot(xs, curve(d.expression, xs), color=CURVE, lw=2)
        axes[0, col].set_title(name)
        slope = curve(d.result, xs)
        for p in d.nondifferentiable:
            slope[np.abs(xs - float(p.point)) < 1e-9] = np.nan
        axes[1, col].plot(xs, slope, color=TANGENT, lw=2)
        axes[1, col].set_xlabel("x")
        for a in axes[:, col]:
            a.grid(alpha=0.3)
    axes[0, 0].set_ylabel("f(x)")
    axes[1, 0].set_ylabel("f′(x)")
    fig.suptitle(_t("activations_title", lang))
    fig.tight_layout()
    save_figure(fig, path)
