"""Diagnostics: gradient norm per layer, and the vanishing-gradient study.

In a deep sigmoid network each layer multiplies the backward signal by σ'(z) ≤ 0.25
(times the weights), so the gradient reaching the first layer shrinks geometrically
with depth; ReLU passes it through with slope 1 where active, tanh with slope up to 1.

>>> study = vanishing_gradients(depth=10, seed=0)
>>> study.first_layer["sigmoid"] < 1e-2 * study.first_layer["relu"]
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from gradstep.autograd.tensor import _leaf
from gradstep.nn import functional as F
from gradstep.nn.layers import MLP, linear_layers
from gradstep.nn.module import Module


def gradient_norms(model: Module) -> dict[str, float]:
    """‖∂L/∂(W, b)‖ of each Linear layer (``layer1`` is the input side), after backward."""
    norms = {}
    for k, (_, layer) in enumerate(linear_layers(model), 1):
        total = sum(
            float(np.sum(np.square(p.grad.data, dtype=np.float64)))
            for p in layer.parameters()
            if p.grad is not None
        )
        norms[f"layer{k}"] = math.sqrt(total)
    return norms


@dataclass(frozen=True)
class VanishingStudy:
    """Gradient norm per layer at initialisation, one network per activation."""

    depth: int
    width: int
    norms: dict[str, list[float]]

    @property
    def first_layer(self) -> dict[str, float]:
        return {name: values[0] for name, values in self.norms.items()}

    def ratio(self, small: str = "sigmoid", large: str = "relu") -> float:
        """First-layer gradient norm of ``small`` over that of ``large``."""
        return self.first_layer[small] / self.first_layer[large]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "depth": self.depth,
            "width": self.width,
            "norms": {k: list(v) for k, v in self.norms.items()},
            "first_layer": self.first_layer,
        }
        if {"sigmoid", "relu"} <= set(self.norms):
            out["sigmoid_over_relu"] = self.ratio()
        return out


def vanishing_gradients(
    depth: int = 10,
    width: int = 32,
    activations: tuple[str, ...] = ("sigmoid", "tanh", "relu"),
    x: np.ndarray | None = None,
    y: np.ndarray | None = None,
    classes: int = 2,
    seed: int = 0,
) -> VanishingStudy:
    """Build a ``depth``-layer MLP per activation, each with its usual init (Xavier for
    sigmoid/tanh, He for ReLU); run one forward and backward pass of the cross-entropy on
    ``x``, ``y`` and record the gradient norm of every layer. By default ``x`` is 256
    random 2-D points; without ``y`` the labels split ``x``'s first column at its median."""
    rng = np.random.default_rng(seed)
    if x is None:
        x = rng.standard_normal((256, 2))
        y = (x[:, 0] * x[:, 1] > 0).astype(np.int64)
    x = np.asarray(x, dtype=np.float64)
    y = (x[:, 0] > np.median(x[:, 0])) if y is None else y
    y = np.asarray(y, dtype=np.int64)
    classes = max(classes, int(y.max()) + 1)
    sizes = [x.shape[1], *([width] * (depth - 1)), classes]
    norms = {}
    for name in activations:
        model = MLP(sizes, name, seed=seed, dtype=np.float64)
        F.cross_entropy(model(_leaf(x)), y).backward()
        norms[name] = list(gradient_norms(model).values())
    return VanishingStudy(depth, width, norms)
