"""Activation functions with their derivatives: ReLU, sigmoid, tanh (slopes from the engine).

ReLU′ is 0 left of 0 and 1 right of it; sigmoid′ peaks at 0.25 at x = 0 and vanishes as
|x| grows; tanh′ peaks at 1 — the vanishing gradients of deep sigmoid networks.
"""

from __future__ import annotations

import os
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from gradstep.i18n import message
from gradstep.viz._io import save_figure

PathLike = str | os.PathLike[str] | None
NAMES = {"relu": "ReLU", "sigmoid": "sigmoid σ", "tanh": "tanh"}


def plot_activations(curves: Any = None, path: PathLike = None, *, lang: str = "en") -> Any:
    """One panel per activation: the function and its derivative."""
    if curves is None:
        from gradstep.descent.losses import activation_curves

        curves = activation_curves()
    fig, axes = plt.subplots(1, len(curves), figsize=(4.2 * len(curves), 3.8))
    derivative = message("descent.plot.derivative", lang)
    for ax, curve in zip(axes, curves, strict=True):
        label = NAMES.get(curve.name, curve.name)
        ax.plot(curve.xs, curve.values, color="#1f77b4", lw=2, label=label)
        ax.plot(curve.xs, curve.slopes, color="#d62728", lw=2, ls="--",
                label=f"{derivative} {label}′")  # fmt: skip
        ax.axhline(0, color="k", lw=0.5)
        ax.axvline(0, color="k", lw=0.5, ls=":")
        ax.set_title(label)
        ax.set_xlabel("x")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper left")
    fig.suptitle(message("descent.plot.activations_title", lang))
    fig.tight_layout()
    if path is not None:
        save_figure(fig, path)
    return fig
