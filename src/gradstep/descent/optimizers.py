"""Update rules of gradient descent, on arrays: gd, momentum, nesterov, rmsprop, adam.

Each rule turns the gradient ``g`` at the current point into the step ``Δx`` to add to
it. Arrays have shape ``(n, B)`` (variables × runs) and the learning rate ``η`` has shape
``(B,)``, so one call updates every run of a sweep at once. The state (velocities,
averages) lives in a plain dict owned by the caller.

* gd:        Δx = −η g
* momentum:  v ← β v + g;                 Δx = −η v                      (β = 0.9)
* nesterov:  v ← β v + g;                 Δx = −η (g + β v)              (β = 0.9; the
  look-ahead gradient rewritten at the current point, as PyTorch and Sutskever et al. do)
* rmsprop:   s ← ρ s + (1 − ρ) g²;        Δx = −η g / (√s + ε)           (ρ = 0.9)
* adam:      m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²;
  m̂ = m / (1 − β₁ᵗ);  v̂ = v / (1 − β₂ᵗ);  Δx = −η m̂ / (√v̂ + ε)   (Kingma & Ba, 2015:
  β₁ = 0.9, β₂ = 0.999, ε = 1e-8, t = 1, 2, …)

>>> import numpy as np
>>> rule = get_optimizer("gd")
>>> rule.update({}, np.array([[140.0]]), np.array([0.1]), 1).tolist()
[[-14.0]]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from gradstep.errors import InputError
from gradstep.i18n import message

State = dict[str, Any]


@dataclass(frozen=True)
class GD:
    """Plain gradient descent: x ← x − η ∇f(x)."""

    name: ClassVar[str] = "gd"

    def update(self, state: State, g: np.ndarray, lr: np.ndarray, t: int) -> np.ndarray:
        return -lr * g


@dataclass(frozen=True)
class Momentum:
    """Heavy ball: a velocity that remembers past gradients (β is how much)."""

    beta: float = 0.9
    name: ClassVar[str] = "momentum"

    def update(self, state: State, g: np.ndarray, lr: np.ndarray, t: int) -> np.ndarray:
        v = state.get("v")
        v = g.copy() if v is None else self.beta * v + g
        state["v"] = v
        return -lr * v


@dataclass(frozen=True)
class Nesterov:
    """Momentum that corrects with the gradient one step ahead."""

    beta: float = 0.9
    name: ClassVar[str] = "nesterov"

    def update(self, state: State, g: np.ndarray, lr: np.ndarray, t: int) -> np.ndarray:
        v = state.get("v")
        v = g.copy() if v is None else self.beta * v + g
        state["v"] = v
        return -lr * (g + self.beta * v)


@dataclass(frozen=True)
class RMSProp:
    """Divide each step by a running root-mean-square of the gradient."""

    rho: float = 0.9
    eps: float = 1e-8
    name: ClassVar[str] = "rmsprop"

    def update(self, state: State, g: np.ndarray, lr: np.ndarray, t: int) -> np.ndarray:
        s = state.get("s", 0.0)
        s = self.rho * s + (1.0 - self.rho) * g * g
        state["s"] = s
        return -lr * g / (np.sqrt(s) + self.eps)


@dataclass(frozen=True)
class Adam:
    """Momentum plus RMS scaling, with the bias correction of the Adam paper."""

    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    name: ClassVar[str] = "adam"

    def update(self, state: State, g: np.ndarray, lr: np.ndarray, t: int) -> np.ndarray:
        m = self.beta1 * state.get("m", 0.0) + (1.0 - self.beta1) * g
        v = self.beta2 * state.get("v", 0.0) + (1.0 - self.beta2) * g * g
        state["m"], state["v"] = m, v
        m_hat = m / (1.0 - self.beta1**t)
        v_hat = v / (1.0 - self.beta2**t)
        return -lr * m_hat / (np.sqrt(v_hat) + self.eps)


Optimizer = GD | Momentum | Nesterov | RMSProp | Adam
OPTIMIZERS: dict[str, type] = {cls.name: cls for cls in (GD, Momentum, Nesterov, RMSProp, Adam)}


def get_optimizer(spec: str | Optimizer, lang: str = "en") -> Optimizer:
    """An update rule from its name (``"gd"``, ``"adam"``, …) or a configured instance."""
    if isinstance(spec, GD | Momentum | Nesterov | RMSProp | Adam):
        return spec
    name = spec.strip().lower() if isinstance(spec, str) else spec
    if name not in OPTIMIZERS:
        choices = ", ".join(OPTIMIZERS)
        raise InputError(message("descent.error.optimizer", lang, name=spec, choices=choices))
    return OPTIMIZERS[name]()
