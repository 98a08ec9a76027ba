"""The NaN guard: when the loss or a gradient stops being finite, find the first layer
where it happened and say so, with a smaller learning rate to try."""

from __future__ import annotations

from typing import Any

import numpy as np

from gradstep.autograd.mode import no_grad
from gradstep.autograd.tensor import Tensor
from gradstep.i18n import message
from gradstep.nn.layers import Linear, Sequential
from gradstep.nn.module import Module


def finite(array: Any) -> bool:
    return bool(np.isfinite(array).all())


def _bad_value(array: Any) -> str:
    return "nan" if np.isnan(array).any() else "inf"


def layer_label(model: Module, target: Module, lang: str) -> str:
    """``layer 2 (Linear 64→64)``: Linear layers counted from the input, others by name."""
    index = 0
    for name, m in model.named_modules():
        index += isinstance(m, Linear)
        if m is target:
            if isinstance(m, Linear):
                kind = f"Linear {m.in_features}→{m.out_features}"
                return message("nn.nan.layer", lang, index=index, kind=kind)
            return message("nn.nan.layer", lang, index=name or "0", kind=type(m).__name__)
    return type(target).__name__


def locate(model: Module, x: Tensor, lang: str) -> tuple[str, str, str]:
    """(what, value, layer) for the first non-finite weights, output or gradient."""
    for _, m in model.named_modules():
        if isinstance(m, Linear) and not finite(m.weight.data):
            what = message("nn.nan.weights", lang)
            return what, _bad_value(m.weight.data), layer_label(model, m, lang)
    if isinstance(model, Sequential):
        with no_grad():
            for m in model:
                x = m(x)
                if not finite(x.data):
                    what = message("nn.nan.output", lang)
                    return what, _bad_value(x.data), layer_label(model, m, lang)
    for _, m in model.named_modules():
        if isinstance(m, Linear) and m.weight.grad is not None and not finite(m.weight.grad.data):
            g = m.weight.grad.data
            return message("nn.nan.gradient", lang), _bad_value(g), layer_label(model, m, lang)
    return message("nn.nan.loss", lang), "nan", message("nn.nan.loss_only", lang)


def nan_message(
    model: Module, x: Tensor, epoch: int, batch: int, lr: float, lang: str = "en"
) -> str:
    """The NaN guard's one-line message (from the catalogue, in ``lang``)."""
    with np.errstate(all="ignore"):
        what, value, layer = locate(model, x, lang)
    return message(
        "nn.nan.message",
        lang,
        epoch=epoch,
        batch=batch,
        what=what,
        value=value,
        layer=layer,
        lr=lr,
        suggestion=lr / 10,
    )
