"""``Optimizer``: the base of every update rule w ← w − η·(something built from ∂L/∂w).

An optimizer holds the parameters, a learning rate and per-parameter state (momentum,
moment estimates). ``state_dict()`` gives that state as arrays and numbers so that a
checkpoint can restore it and training resumes exactly where it stopped.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np

from gradstep.autograd.mode import no_grad
from gradstep.autograd.tensor import Tensor, _tick
from gradstep.errors import InputError


class Optimizer:
    """Base class: ``zero_grad()``, ``step()``, ``state_dict()`` / ``load_state_dict()``."""

    name = "optimizer"
    slots: tuple[str, ...] = ()  # names of per-parameter state arrays

    def __init__(self, params: Iterable[Tensor], lr: float) -> None:
        self.params = list(params)
        if not self.params:
            raise InputError(f"{self.name}: got no parameters to optimise")
        ok = isinstance(lr, numbers.Real) and not isinstance(lr, bool)
        if not (ok and math.isfinite(lr) and lr > 0):
            raise InputError(
                f"{self.name}: the learning rate must be a finite number > 0, got {lr!r}"
            )
        self.lr = float(lr)
        self.steps = 0
        self.state: list[dict[str, np.ndarray]] = [{} for _ in self.params]

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None

    def step(self) -> None:
        """One update of every parameter that has a gradient."""
        self.steps += 1
        with no_grad():
            for p, state in zip(self.params, self.state, strict=True):
                if p.grad is not None:
                    self.update(p.data, np.asarray(p.grad.data), state)
                    p._version = _tick()

    def update(self, w: np.ndarray, g: np.ndarray, state: dict[str, np.ndarray]) -> None:
        """Change ``w`` in place from its gradient ``g`` (each rule defines this)."""
        raise NotImplementedError

    def hyperparameters(self) -> dict[str, Any]:
        return {"lr": self.lr}

    def state_dict(self) -> dict[str, Any]:
        """Hyperparameters, the step count and every state array (copied)."""
        arrays = [{k: np.array(v, copy=True) for k, v in s.items()} for s in self.state]
        return {
            "name": self.name,
            "steps": self.steps,
            "hyper": self.hyperparameters(),
            "state": arrays,
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        if state.get("name") != self.name or len(state.get("state", ())) != len(self.params):
            raise InputError(
                f"optimizer state is for {state.get('name')!r} with "
                f"{len(state.get('state', ()))} parameters, not {self.name!r} with "
                f"{len(self.params)}"
            )
        for key, value in state.get("hyper", {}).items():
            setattr(self, key, value)
        self.steps = int(state["steps"])
        self.state = [{k: np.array(v, copy=True) for k, v in s.items()} for s in state["state"]]

    def __repr__(self) -> str:
        hyper = ", ".join(f"{k}={v}" for k, v in self.hyperparameters().items())
        return f"{type(self).__name__}({hyper})"
