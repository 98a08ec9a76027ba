"""``to_torch``: the same network as a ``torch.nn.Module``, with the same weights.

PyTorch is imported only when asked for. A ``Linear`` maps to ``torch.nn.Linear`` with
its weight transposed (PyTorch stores (out, in)); activations map to their PyTorch
modules; dropout keeps its probability. The result gives the same outputs (to rounding)
and continues training in PyTorch, including its distributed training, without retraining.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gradstep.errors import InputError
from gradstep.nn.layers import Activation, Dropout, Linear, Sequential
from gradstep.nn.module import Module


def _torch() -> Any:
    try:
        import torch
    except ImportError:
        raise InputError("to_torch needs PyTorch: pip install torch") from None
    return torch


def _linear(torch: Any, layer: Linear) -> Any:
    w = np.asarray(layer.weight.data)
    out = torch.nn.Linear(layer.in_features, layer.out_features, bias=layer.has_bias)
    out = out.to(dtype=getattr(torch, str(w.dtype)))
    with torch.no_grad():
        out.weight.copy_(torch.from_numpy(np.ascontiguousarray(w.T)))
        if layer.has_bias:
            out.bias.copy_(torch.from_numpy(np.array(layer.bias.data)))
    return out


def _convert(torch: Any, module: Module) -> Any:
    nn = torch.nn
    if isinstance(module, Linear):
        return _linear(torch, module)
    if isinstance(module, Activation):
        table = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "identity": nn.Identity}
        return table[module.name]()
    if isinstance(module, Dropout):
        return nn.Dropout(module.p)
    if isinstance(module, Sequential):
        return nn.Sequential(*(_convert(torch, m) for m in module))
    raise InputError(f"to_torch: no PyTorch equivalent for {type(module).__name__}")


def to_torch(model: Module) -> Any:
    """An equivalent ``torch.nn.Module`` (same weights, same dtype, same train/eval mode)."""
    torch = _torch()
    out = _convert(torch, model)
    out.train(model.training)
    return out
