"""Activations and losses as functions of tensors, all numerically stable.

>>> import gradstep as gs
>>> round(mse_loss(gs.tensor([1.0, 3.0]), gs.tensor([0.0, 0.0])).item(), 6)
5.0
>>> round(binary_cross_entropy_with_logits(gs.tensor([0.0]), gs.tensor([1.0])).item(), 6)
0.693147
"""

from __future__ import annotations

from typing import Any

from gradstep.autograd import ops
from gradstep.autograd.ops import as_tensor
from gradstep.autograd.tensor import Tensor
from gradstep.errors import ShapeError


def identity(x: Any) -> Tensor:
    return as_tensor(x)


relu = ops.relu
sigmoid = ops.sigmoid
tanh = ops.tanh
softplus = ops.softplus
leaky_relu = ops.leaky_relu
softmax = ops.softmax
log_softmax = ops.log_softmax

ACTIVATIONS = {"relu": relu, "sigmoid": sigmoid, "tanh": tanh, "identity": identity}


def activation(name: str) -> Any:
    """The activation function called ``name`` (relu, sigmoid, tanh, identity)."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}: choose one of {', '.join(ACTIVATIONS)}"
        ) from None


def _pair(name: str, prediction: Any, target: Any) -> tuple[Tensor, Tensor]:
    p = as_tensor(prediction)
    t = as_tensor(target, p)
    if t.dtype != p.dtype and t.dtype.kind == "f":
        t = t.astype(p.dtype)
    if p.shape != t.shape:
        raise ShapeError(
            f"{name}: prediction shape {p.shape} and target shape {t.shape} differ "
            "(reshape the target, e.g. y.reshape(-1, 1))"
        )
    return p, t


def mse_loss(prediction: Any, target: Any) -> Tensor:
    """Mean squared error, mean((ŷ − y)²): smooth, steps shrink near the minimum."""
    p, t = _pair("mse_loss", prediction, target)
    d = p - t
    return ops.mean(d * d)


def l1_loss(prediction: Any, target: Any) -> Tensor:
    """Mean absolute error, mean(|ŷ − y|) (MAE): slope ±1 everywhere except its kink."""
    p, t = _pair("l1_loss", prediction, target)
    return ops.mean(ops.absolute(p - t))


def binary_cross_entropy_with_logits(logits: Any, target: Any) -> Tensor:
    """mean(softplus(z) − z·y): the log-loss of σ(z), with no log of 0 for any z."""
    z, y = _pair("binary_cross_entropy_with_logits", logits, target)
    return ops.mean(ops.softplus(z) - z * y)


def cross_entropy(logits: Any, targets: Any) -> Tensor:
    """Softmax cross-entropy of logits (N, C) against class indices (N,), mean over N."""
    return ops.cross_entropy(logits, targets)


LOSSES = {
    "mse": mse_loss,
    "mae": l1_loss,
    "l1": l1_loss,
    "bce": binary_cross_entropy_with_logits,
    "cross_entropy": cross_entropy,
}
