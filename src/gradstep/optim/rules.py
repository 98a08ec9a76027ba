"""The update rules: SGD (momentum, Nesterov, weight decay), Adam, AdamW and RMSprop.

Each follows PyTorch's published algorithm step for step, so the same model, initial
weights and batches give the same weights (to rounding) in gradstep and in PyTorch.
Updates run in place on the raw arrays, in the parameters' dtype.

>>> import gradstep as gs
>>> w = gs.tensor([70.0], requires_grad=True)
>>> opt = SGD([w], lr=0.1)
>>> (w * w).sum().backward(); opt.step()
>>> w.item()  # 70 − 0.1·140
56.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from gradstep.autograd.tensor import Tensor
from gradstep.errors import InputError
from gradstep.optim.optimizer import Optimizer


def _check(name: str, value: float, low: float, high: float) -> float:
    if not low <= value < high:
        raise InputError(f"{name} must be in [{low}, {high}), got {value}")
    return float(value)


class SGD(Optimizer):
    """w ← w − η·g, with optional momentum (heavy ball or Nesterov) and weight decay."""

    name = "sgd"

    def __init__(
        self,
        params: Iterable[Tensor],
        lr: float = 0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        self.momentum = _check("SGD momentum", momentum, 0.0, 1.0)
        self.weight_decay = _check("SGD weight_decay", weight_decay, 0.0, math.inf)
        if nesterov and not momentum:
            raise InputError("SGD: Nesterov momentum needs momentum > 0")
        self.nesterov = bool(nesterov)

    def hyperparameters(self) -> dict[str, Any]:
        return {
            "lr": self.lr,
            "momentum": self.momentum,
            "nesterov": self.nesterov,
            "weight_decay": self.weight_decay,
        }

    def update(self, w: np.ndarray, g: np.ndarray, state: dict[str, np.ndarray]) -> None:
        if self.weight_decay:
            g = g + self.weight_decay * w
        if self.momentum:
            buf = state.get("momentum")
            if buf is None:
                buf = state["momentum"] = np.array(g, dtype=w.dtype, copy=True)
            else:
                buf *= self.momentum
                buf += g
            g = g + self.momentum * buf if self.nesterov else buf
        w -= self.lr * g


class Adam(Optimizer):
    """Adam: moment estimates m, v with bias correction; w ← w − η·m̂/(√v̂ + ε).

    ``weight_decay`` adds λ·w to the gradient (L2, as PyTorch's Adam); AdamW decays the
    weights directly instead.
    """

    name = "adam"
    decoupled = False

    def __init__(
        self,
        params: Iterable[Tensor],
        lr: float = 0.001,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        self.betas = (_check("Adam beta1", betas[0], 0, 1), _check("Adam beta2", betas[1], 0, 1))
        self.eps = float(eps)
        self.weight_decay = _check("Adam weight_decay", weight_decay, 0.0, math.inf)

    def hyperparameters(self) -> dict[str, Any]:
        return {
            "lr": self.lr,
            "betas": list(self.betas),
            "eps": self.eps,
            "weight_decay": self.weight_decay,
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        super().load_state_dict(state)
        self.betas = tuple(self.betas)

    def update(self, w: np.ndarray, g: np.ndarray, state: dict[str, np.ndarray]) -> None:
        b1, b2 = self.betas
        if self.weight_decay and self.decoupled:
            w *= 1 - self.lr * self.weight_decay
        elif self.weight_decay:
            g = g + self.weight_decay * w
        if "m" not in state:
            state["m"], state["v"] = np.zeros_like(w), np.zeros_like(w)
        m, v = state["m"], state["v"]
        m *= b1
        m += (1 - b1) * g
        v *= b2
        v += (1 - b2) * (g * g)
        t = self.steps
        step_size = self.lr / (1 - b1**t)
        denom = np.sqrt(v) / math.sqrt(1 - b2**t) + self.eps
        w -= step_size * (m / denom)


class AdamW(Adam):
    """Adam with decoupled weight decay: w ← w·(1 − η·λ) before the Adam step."""

    name = "adamw"
    decoupled = True

    def __init__(
        self,
        params: Iterable[Tensor],
        lr: float = 0.001,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.01,
    ) -> None:
        super().__init__(params, lr, betas, eps, weight_decay)


class RMSprop(Optimizer):
    """v ← α·v + (1 − α)·g²; w ← w − η·g/(√v + ε) (optionally with momentum)."""

    name = "rmsprop"

    def __init__(
        self,
        params: Iterable[Tensor],
        lr: float = 0.01,
        alpha: float = 0.99,
        eps: float = 1e-8,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        self.alpha = _check("RMSprop alpha", alpha, 0.0, 1.0)
        self.eps, self.momentum = float(eps), _check("RMSprop momentum", momentum, 0.0, 1.0)
        self.weight_decay = _check("RMSprop weight_decay", weight_decay, 0.0, math.inf)

    def hyperparameters(self) -> dict[str, Any]:
        return {
            "lr": self.lr,
            "alpha": self.alpha,
            "eps": self.eps,
            "momentum": self.momentum,
            "weight_decay": self.weight_decay,
        }

    def update(self, w: np.ndarray, g: np.ndarray, state: dict[str, np.ndarray]) -> None:
        if self.weight_decay:
            g = g + self.weight_decay * w
        if "square_avg" not in state:
            state["square_avg"] = np.zeros_like(w)
        v = state["square_avg"]
        v *= self.alpha
        v += (1 - self.alpha) * (g * g)
        avg = np.sqrt(v) + self.eps
        if self.momentum:
            buf = state.setdefault("momentum", np.zeros_like(w))
            buf *= self.momentum
            buf += g / avg
            w -= self.lr * buf
        else:
            w -= self.lr * (g / avg)
