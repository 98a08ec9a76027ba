"""Pictures of training: loss curves, the decision boundary of a 2-D classifier, and the
gradient norm per layer of the vanishing-gradient study. Saved atomically (PNG/SVG)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from gradstep.autograd.mode import no_grad
from gradstep.autograd.tensor import _leaf
from gradstep.i18n import message
from gradstep.viz._io import save_figure


def _save(fig: Any, path: str | os.PathLike[str]) -> Path:
    try:
        return save_figure(fig, path)
    finally:
        plt.close(fig)


def plot_loss(history: Any, path: str | os.PathLike[str], lang: str = "en") -> Path:
    """Training and test loss per epoch (log scale) from a TrainingHistory."""
    epochs = [r.epoch for r in history.records]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(
        epochs, [r.loss for r in history.records], marker=".", label=message("nn.plot.train", lang)
    )
    ax.plot(
        epochs,
        [r.test_loss for r in history.records],
        marker=".",
        label=message("nn.plot.test", lang),
    )
    ax.set_yscale("log")
    ax.set(
        title=f"{message('nn.plot.loss_title', lang)} — {history.dataset}",
        xlabel=message("nn.plot.loss_x", lang),
        ylabel=message("nn.plot.loss_y", lang),
    )
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return _save(fig, path)


def plot_decision_boundary(
    model: Any, data: Any, path: str | os.PathLike[str], lang: str = "en", steps: int = 200
) -> Path:
    """The class the model predicts over the plane, with the test points on top (2-D data)."""
    x_all = np.vstack([data.x_train, data.x_test])
    lo, hi = x_all.min(axis=0) - 0.5, x_all.max(axis=0) + 0.5
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], steps), np.linspace(lo[1], hi[1], steps))
    grid = np.column_stack([gx.ravel(), gy.ravel()]).astype(data.x_train.dtype)
    model.eval()
    with no_grad():
        classes = np.asarray(model(_leaf(grid)).data).argmax(axis=1).reshape(gx.shape)
    fig, ax = plt.subplots(figsize=(5.5, 5))
    k = max(data.n_classes, 2)
    ax.contourf(gx, gy, classes, levels=np.arange(k + 1) - 0.5, cmap="coolwarm", alpha=0.35)
    ax.scatter(
        data.x_test[:, 0],
        data.x_test[:, 1],
        c=data.y_test,
        cmap="coolwarm",
        vmin=0,
        vmax=k - 1,
        s=12,
        edgecolors="k",
        linewidths=0.3,
    )
    ax.set(
        title=f"{message('nn.plot.boundary_title', lang)} — {data.name}", xlabel="x₁", ylabel="x₂"
    )
    fig.tight_layout()
    return _save(fig, path)


def plot_vanishing(study: Any, path: str | os.PathLike[str], lang: str = "en") -> Path:
    """Gradient norm of every layer (log scale), one line per activation."""
    fig, ax = plt.subplots(figsize=(6, 4))
    for name, norms in study.norms.items():
        ax.plot(range(1, len(norms) + 1), norms, marker="o", label=name)
    ax.set_yscale("log")
    ax.set(
        title=message("nn.plot.vanishing_title", lang),
        xlabel=message("nn.plot.vanishing_x", lang),
        ylabel=message("nn.plot.vanishing_y", lang),
    )
    ax.set_xticks(range(1, study.depth + 1))
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return _save(fig, path)
