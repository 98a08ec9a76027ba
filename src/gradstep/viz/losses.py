"""Pictures of loss shapes: x², |x| and a step function with their slopes, and MSE vs MAE
on a one-parameter fit (MSE's shrinking steps vs MAE's equal steps chattering)."""

from __future__ import annotations

import os
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from gradstep.i18n import message
from gradstep.viz._io import save_figure
from gradstep.viz.descent import PATH_COLOR, evaluate

PathLike = str | os.PathLike[str] | None
COLORS = {"mse": "#1f77b4", "mae": "#d62728"}


def _t(key: str, lang: str, **fields: Any) -> str:
    return message(f"descent.plot.{key}", lang, **fields)


def plot_loss_shapes(shapes: Any = None, path: PathLike = None, *, lang: str = "en") -> Any:
    """Top row: x², |x|, a step function; bottom row: the slope our engine gives each."""
    if shapes is None:
        from gradstep.descent.losses import loss_shapes

        shapes = loss_shapes()
    fig, axes = plt.subplots(2, len(shapes), figsize=(4 * len(shapes), 6), sharex=True)
    for col, shape in enumerate(shapes):
        top, bottom = axes[0, col], axes[1, col]
        top.plot(shape.xs, shape.values, color="#1f77b4", lw=2)
        top.set_title(_t(shape.name, lang))
        bottom.plot(shape.xs, shape.slopes, color=PATH_COLOR, lw=2)
        bottom.set_ylabel(_t("shapes_slope", lang) if col == 0 else "")
        bottom.set_xlabel("x")
        for ax in (top, bottom):
            ax.axhline(0, color="k", lw=0.5)
            ax.axvline(0, color="k", lw=0.5, ls=":")
            ax.grid(alpha=0.3)
    fig.suptitle(_t("shapes_title", lang))
    fig.tight_layout()
    if path is not None:
        save_figure(fig, path)
    return fig


def plot_mse_vs_mae(comparison: Any = None, path: PathLike = None, *, lang: str = "en") -> Any:
    """Left: both losses against the parameter, with each descent path on its curve.
    Right: the parameter against step — MSE settles, MAE keeps taking equal steps."""
    if comparison is None:
        from gradstep.descent.losses import compare_losses

        comparison = compare_losses()
    fits = (comparison.mse, comparison.mae)
    name = fits[0].run.variables[0]
    points = np.concatenate([f.run.points[:, 0] for f in fits] + [[f.optimum for f in fits]])
    lo, hi = points.min(), points.max()
    pad = 0.15 * (hi - lo or 1.0)
    grid = np.linspace(lo - pad, hi + pad, 300)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    for fit in fits:
        color, label = COLORS[fit.loss], _t(fit.loss, lang)
        left.plot(grid, evaluate(fit.run, grid[None, :]), color=color, lw=2, label=label)
        left.plot(fit.run.points[:, 0], fit.run.values, "o", color=color, ms=3, alpha=0.7)
        steps = np.arange(len(fit.run.points))
        right.plot(steps, fit.run.points[:, 0], "-o", color=color, ms=2, lw=1, label=label)
        right.axhline(fit.optimum, color=color, ls=":", lw=1)
    left.set_xlabel(_t("parameter", lang, name=name))
    left.set_ylabel(_t("loss", lang))
    right.set_xlabel(_t("step_axis", lang))
    right.set_ylabel(_t("parameter", lang, name=name))
    for ax in (left, right):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=9)
    model = _t(fits[0].model, lang)
    fig.suptitle(_t("mse_mae_title", lang, model=model))
    fig.tight_layout()
    if path is not None:
        save_figure(fig, path)
    return fig
