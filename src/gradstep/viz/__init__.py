"""Pictures and animations from result objects (Matplotlib, headless, deterministic).

``viz`` draws what the library computed; it computes nothing new. Saving is atomic
(:func:`save_figure` for PNG/SVG, :func:`save_gif` for animations). The drawing
functions are imported lazily, so ``import gradstep.viz`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from gradstep.viz._io import figure_to_image, save_figure, save_gif, write_atomic

_LAZY = {
    "plot_descent": "gradstep.viz.descent",
    "plot_descent_1d": "gradstep.viz.descent",
    "plot_values": "gradstep.viz.descent",
    "animate_descent": "gradstep.viz.descent",
    "plot_contour": "gradstep.viz.descent",
    "plot_surface": "gradstep.viz.descent",
    "plot_learning_rates": "gradstep.viz.descent",
    "plot_loss_shapes": "gradstep.viz.losses",
    "plot_mse_vs_mae": "gradstep.viz.losses",
    "plot_activations": "gradstep.viz.activations",
    "plot_loss": "gradstep.viz.training",
    "plot_decision_boundary": "gradstep.viz.training",
    "plot_vanishing": "gradstep.viz.training",
}

__all__ = ["figure_to_image", "save_figure", "save_gif", "write_atomic", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gradstep.viz' has no attribute {name!r}")
    return getattr(import_module(module), name)
