"""Layers: ``Linear``, ``Perceptron``, activations as modules, ``Dropout``, ``Sequential``, ``MLP``.

A ``Linear`` layer computes z = x·W + b with W of shape (in, out): one column per neuron,
each neuron the lessons' perceptron node.

>>> import gradstep as gs
>>> net = MLP([2, 8, 2], activation="tanh", seed=0)
>>> net(gs.zeros((5, 2), dtype=gs.float32)).shape
(5, 2)
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from gradstep.autograd.ops import as_tensor
from gradstep.autograd.tensor import Tensor
from gradstep.errors import InputError, ShapeError
from gradstep.nn import functional as F
from gradstep.nn.init import default_init, initial_weight
from gradstep.nn.module import Module


def _rng(seed: int | np.random.Generator | None) -> np.random.Generator:
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


class Linear(Module):
    """z = x·W + b, W (in_features, out_features) initialised by Xavier or He."""

    def __init__(
        self,
        in_features: int,
        out_features: int,
        *,
        bias: bool = True,
        init: str = "he",
        seed: int | np.random.Generator | None = None,
        dtype: Any = np.float32,
    ) -> None:
        super().__init__()
        if in_features < 1 or out_features < 1:
            raise InputError(f"Linear: sizes must be >= 1, got {in_features}→{out_features}")
        self.in_features, self.out_features, self.init = in_features, out_features, init
        w = initial_weight(init, in_features, out_features, _rng(seed), np.dtype(dtype))
        self.weight = Tensor(w, requires_grad=True, name="weight")
        self.has_bias = bias
        if bias:
            self.bias = Tensor(np.zeros(out_features, dtype), requires_grad=True, name="bias")

    def forward(self, x: Any) -> Tensor:
        x = as_tensor(x)
        if x.shape[-1] != self.in_features:
            raise ShapeError(
                f"Linear({self.in_features}→{self.out_features}): input has "
                f"{x.shape[-1]} features (shape {x.shape}), expected {self.in_features}"
            )
        z = x @ self.weight
        return z + self.bias if self.has_bias else z

    def config(self) -> dict[str, Any]:
        return {
            "type": "Linear",
            "in_features": self.in_features,
            "out_features": self.out_features,
            "bias": self.has_bias,
            "init": self.init,
        }

    def extra_repr(self) -> str:
        return f"{self.in_features}→{self.out_features}, bias={self.has_bias}, init={self.init}"


class Activation(Module):
    """An activation function as a layer (``relu``, ``sigmoid``, ``tanh``, ``identity``)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.fn = F.activation(name)
        self.name = name

    def forward(self, x: Any) -> Tensor:
        return self.fn(x)

    def config(self) -> dict[str, Any]:
        return {"type": "Activation", "name": self.name}

    def extra_repr(self) -> str:
        return self.name


def ReLU() -> Activation:
    return Activation("relu")


def Sigmoid() -> Activation:
    return Activation("sigmoid")


def Tanh() -> Activation:
    return Activation("tanh")


class Dropout(Module):
    """Zero each input with probability p while training, scale the rest by 1/(1−p)."""

    def __init__(self, p: float = 0.5, seed: int | np.random.Generator | None = None) -> None:
        super().__init__()
        if not 0.0 <= p < 1.0:
            raise InputError(f"Dropout: p must be in [0, 1), got {p}")
        self.p = float(p)
        self.rng = _rng(seed)

    def forward(self, x: Any) -> Tensor:
        x = as_tensor(x)
        if not self.training or self.p == 0.0:
            return x
        keep = self.rng.random(x.shape) >= self.p
        return x * (keep.astype(x.dtype) / np.asarray(1.0 - self.p, x.dtype))

    def config(self) -> dict[str, Any]:
        return {"type": "Dropout", "p": self.p}

    def extra_repr(self) -> str:
        return f"p={self.p}"


class Sequential(Module):
    """Layers applied one after another; children are named ``"0"``, ``"1"``, ..."""

    def __init__(self, *layers: Module) -> None:
        super().__init__()
        for i, layer in enumerate(layers):
            setattr(self, str(i), layer)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._children.values())

    def __len__(self) -> int:
        return len(self._children)

    def __getitem__(self, i: int) -> Module:
        return list(self._children.values())[i]

    def forward(self, x: Any) -> Tensor:
        for layer in self._children.values():
            x = layer(x)
        return x

    def config(self) -> dict[str, Any]:
        return {"type": "Sequential", "layers": [m.config() for m in self]}


class Perceptron(Sequential):
    """One neuron: ŷ = activation(x·w + b), the lessons' perceptron node (output (N, 1))."""

    def __init__(
        self,
        in_features: int,
        activation: str = "sigmoid",
        seed: int | np.random.Generator | None = None,
        dtype: Any = np.float32,
    ) -> None:
        init = default_init(activation)
        super().__init__(
            Linear(in_features, 1, init=init, seed=seed, dtype=dtype), Activation(activation)
        )
        self.in_features, self.activation = in_features, activation

    def config(self) -> dict[str, Any]:
        return {
            "type": "Perceptron",
            "in_features": self.in_features,
            "activation": self.activation,
        }


class MLP(Sequential):
    """A multi-layer perceptron: Linear layers of ``sizes`` with ``activation`` between them.

    The last layer has no activation (it gives logits or a regression value). Weights use
    He initialisation for ReLU and Xavier for sigmoid and tanh, drawn from ``seed``.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "relu",
        *,
        dropout: float = 0.0,
        seed: int | np.random.Generator | None = 0,
        dtype: Any = np.float32,
        init: str | None = None,
    ) -> None:
        sizes = [int(n) for n in sizes]
        if len(sizes) < 2 or min(sizes) < 1:
            raise InputError(f"MLP: sizes need >= 2 positive entries (in, ..., out), got {sizes}")
        F.activation(activation)
        rng, init = _rng(seed), init or default_init(activation)
        layers: list[Module] = []
        for i, (n_in, n_out) in enumerate(itertools.pairwise(sizes)):
            layers.append(Linear(n_in, n_out, init=init, seed=rng, dtype=dtype))
            if i < len(sizes) - 2:
                layers.append(Activation(activation))
                if dropout:
                    layers.append(Dropout(dropout, seed=rng))
        super().__init__(*layers)
        self.sizes, self.activation, self.dropout, self.init = sizes, activation, dropout, init

    def config(self) -> dict[str, Any]:
        return {
            "type": "MLP",
            "sizes": self.sizes,
            "activation": self.activation,
            "dropout": self.dropout,
            "init": self.init,
        }

    def extra_repr(self) -> str:
        return f"sizes={self.sizes}, activation={self.activation}"


def linear_layers(model: Module) -> list[tuple[str, Linear]]:
    """The Linear layers of a model in forward order, as (dotted name, layer)."""
    return [(name, m) for name, m in model.named_modules() if isinstance(m, Linear)]


def build(config: dict[str, Any], dtype: Any = np.float32) -> Module:
    """Rebuild a module from its :meth:`Module.config` (weights are set separately)."""
    kind = config.get("type") if isinstance(config, dict) else None
    try:
        if kind == "MLP":
            return MLP(
                config["sizes"],
                config["activation"],
                dropout=config.get("dropout", 0.0),
                init=config.get("init"),
                dtype=dtype,
            )
        if kind == "Perceptron":
            return Perceptron(config["in_features"], config["activation"], dtype=dtype)
        if kind == "Linear":
            args = config["in_features"], config["out_features"]
            return Linear(*args, bias=config["bias"], init=config["init"], dtype=dtype)
        if kind == "Activation":
            return Activation(config["name"])
        if kind == "Dropout":
            return Dropout(config["p"])
        if kind == "Sequential":
            return Sequential(*(build(c, dtype) for c in config["layers"]))
    except (KeyError, TypeError, ValueError) as err:
        raise InputError(f"cannot rebuild a {kind} layer from {config!r}: {err}") from None
    raise InputError(f"unknown layer type {kind!r} in a saved architecture")


__all__ = [
    "MLP",
    "Activation",
    "Dropout",
    "Linear",
    "Perceptron",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Tanh",
    "build",
    "linear_layers",
]
