"""``Module``: a piece of a network that owns parameters (tensors that learn) and children.

Attributes that are tensors with ``requires_grad=True`` become parameters, attributes that
are modules become children, in the order they are set (as in PyTorch), so
``named_parameters()`` walks the network from input to output.

>>> import gradstep as gs
>>> from gradstep.nn import Linear
>>> layer = Linear(3, 2, seed=0)
>>> [name for name, _ in layer.named_parameters()]
['weight', 'bias']
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from gradstep.autograd.tensor import Tensor, _tick
from gradstep.errors import InputError


class Module:
    """Base class of layers and networks: parameters, children, train/eval, state dicts."""

    def __init__(self) -> None:
        object.__setattr__(self, "_params", {})
        object.__setattr__(self, "_children", {})
        object.__setattr__(self, "training", True)

    def __setattr__(self, name: str, value: Any) -> None:
        params, children = self.__dict__.get("_params"), self.__dict__.get("_children")
        if params is None:
            raise RuntimeError(f"{type(self).__name__}: call super().__init__() first")
        params.pop(name, None)
        children.pop(name, None)
        if isinstance(value, Tensor) and value.requires_grad:
            params[name] = value
        elif isinstance(value, Module):
            children[name] = value
        object.__setattr__(self, name, value)

    # ------------------------------------------------------------ the forward pass
    def forward(self, x: Tensor) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} must define forward(x)")

    def __call__(self, x: Any) -> Tensor:
        return self.forward(x)

    # ---------------------------------------------------------------- parameters
    def named_children(self) -> Iterator[tuple[str, Module]]:
        yield from self._children.items()

    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Module]]:
        """This module and every descendant, with dotted names (``""`` for this one)."""
        yield prefix, self
        for name, child in self._children.items():
            yield from child.named_modules(f"{prefix}.{name}" if prefix else name)

    def named_parameters(self, prefix: str = "") -> Iterator[tuple[str, Tensor]]:
        """Every parameter with its dotted name, from input to output."""
        for name, p in self._params.items():
            yield (f"{prefix}.{name}" if prefix else name), p
        for name, child in self._children.items():
            yield from child.named_parameters(f"{prefix}.{name}" if prefix else name)

    def parameters(self) -> list[Tensor]:
        return [p for _, p in self.named_parameters()]

    def num_parameters(self) -> int:
        return sum(p.size for p in self.parameters())

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = None

    # ------------------------------------------------------------ train and eval
    def train(self, mode: bool = True) -> Module:
        """Training mode (dropout active); returns the module."""
        for _, m in self.named_modules():
            object.__setattr__(m, "training", mode)
        return self

    def eval(self) -> Module:
        """Evaluation mode (dropout off); returns the module."""
        return self.train(False)

    # -------------------------------------------------------------- state dicts
    def state_dict(self) -> dict[str, np.ndarray]:
        """A copy of every parameter's values, by dotted name."""
        return {name: np.array(p.data, copy=True) for name, p in self.named_parameters()}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Copy values into the parameters; names and shapes must match exactly."""
        own = dict(self.named_parameters())
        missing = sorted(set(own) - set(state))
        unexpected = sorted(set(state) - set(own))
        if missing or unexpected:
            raise InputError(
                f"load_state_dict: missing {missing or 'none'}, unexpected "
                f"{unexpected or 'none'} (the saved model has another architecture)"
            )
        for name, p in own.items():
            value = np.asarray(state[name])
            if value.shape != p.shape:
                raise InputError(
                    f"load_state_dict: {name} has shape {value.shape}, the model expects "
                    f"{p.shape} (the saved model has another architecture)"
                )
            p.data[...] = value
            p._version = _tick()

    # ------------------------------------------------------------------ export
    def to_torch(self) -> Any:
        """An equivalent ``torch.nn.Module`` with the same weights (imports PyTorch)."""
        from gradstep.nn.export import to_torch

        return to_torch(self)

    def save(self, path: Any) -> None:
        """Save architecture and weights (see :mod:`gradstep.nn.serialize`)."""
        from gradstep.nn.serialize import save

        save(self, path)

    # ---------------------------------------------------------- description
    def config(self) -> dict[str, Any]:
        """The architecture as JSON-able data (rebuilt by :func:`gradstep.nn.build`)."""
        raise NotImplementedError(f"{type(self).__name__} cannot describe its architecture")

    def extra_repr(self) -> str:
        return ""

    def __repr__(self) -> str:
        head = f"{type(self).__name__}({self.extra_repr()}"
        if not self._children:
            return head + ")"
        lines = [head]
        for name, child in self._children.items():
            body = repr(child).replace("\n", "\n  ")
            lines.append(f"  ({name}): {body}")
        return "\n".join(lines) + "\n)"
