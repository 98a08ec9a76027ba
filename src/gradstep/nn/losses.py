"""Losses as objects (``loss = CrossEntropyLoss(); loss(logits, y)``), each a thin wrapper
around the stable function in :mod:`gradstep.nn.functional`."""

from __future__ import annotations

from typing import Any

from gradstep.autograd.tensor import Tensor
from gradstep.nn import functional as F


class _Loss:
    name = ""
    fn: Any = None

    def __call__(self, prediction: Any, target: Any) -> Tensor:
        return type(self).fn(prediction, target)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class MSELoss(_Loss):
    """Mean squared error."""

    name, fn = "mse", F.mse_loss


class L1Loss(_Loss):
    """Mean absolute error (MAE)."""

    name, fn = "mae", F.l1_loss


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy from logits (σ is applied inside, stably)."""

    name, fn = "bce", F.binary_cross_entropy_with_logits


class CrossEntropyLoss(_Loss):
    """Softmax cross-entropy from logits against class indices."""

    name, fn = "cross_entropy", F.cross_entropy


MAELoss = L1Loss
