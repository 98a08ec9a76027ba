"""Learning-rate schedules (called once per epoch) and gradient clipping.

>>> import gradstep as gs
>>> from gradstep.optim import SGD
>>> opt = SGD([gs.zeros(1, requires_grad=True)], lr=1.0)
>>> s = StepLR(opt, step_size=2, gamma=0.5)
>>> [round(s.step(), 3) for _ in range(4)]
[1.0, 0.5, 0.5, 0.25]
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from gradstep.autograd.tensor import Tensor
from gradstep.errors import InputError
from gradstep.optim.optimizer import Optimizer


class Schedule:
    """Sets ``optimizer.lr`` from the epoch count; ``step()`` once per epoch."""

    def __init__(self, optimizer: Optimizer) -> None:
        self.optimizer, self.base_lr, self.epoch = optimizer, optimizer.lr, 0

    def rate(self, epoch: int) -> float:
        raise NotImplementedError

    def step(self) -> float:
        """Advance one epoch and set the optimizer's learning rate; returns it."""
        self.epoch += 1
        self.optimizer.lr = self.rate(self.epoch)
        return self.optimizer.lr

    def state_dict(self) -> dict[str, Any]:
        return {"epoch": self.epoch, "base_lr": self.base_lr}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.epoch, self.base_lr = int(state["epoch"]), float(state["base_lr"])


class StepLR(Schedule):
    """η = η₀ · γ^⌊epoch / step_size⌋."""

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1) -> None:
        super().__init__(optimizer)
        if step_size < 1:
            raise InputError(f"StepLR: step_size must be >= 1, got {step_size}")
        self.step_size, self.gamma = int(step_size), float(gamma)

    def rate(self, epoch: int) -> float:
        return self.base_lr * self.gamma ** (epoch // self.step_size)


class CosineLR(Schedule):
    """η = η_min + (η₀ − η_min)·(1 + cos(π·epoch/T))/2, flat at η_min after T epochs."""

    def __init__(self, optimizer: Optimizer, total_epochs: int, min_lr: float = 0.0) -> None:
        super().__init__(optimizer)
        if total_epochs < 1:
            raise InputError(f"CosineLR: total_epochs must be >= 1, got {total_epochs}")
        self.total, self.min_lr = int(total_epochs), float(min_lr)

    def rate(self, epoch: int) -> float:
        t = min(epoch, self.total) / self.total
        return self.min_lr + (self.base_lr - self.min_lr) * (1 + math.cos(math.pi * t)) / 2


def clip_grad_norm(params: Iterable[Tensor], max_norm: float) -> float:
    """Scale all gradients so their joint L2 norm is at most ``max_norm``; returns the norm
    before clipping (PyTorch's ``clip_grad_norm_``)."""
    grads = [p.grad for p in params if p.grad is not None]
    total = math.sqrt(sum(float(np.sum(np.square(g.data, dtype=np.float64))) for g in grads))
    scale = max_norm / (total + 1e-6)
    if scale < 1.0:  # as PyTorch: also a norm within 1e-6 below max_norm is scaled
        for g in grads:
            g.data = g.data * np.asarray(scale, g.data.dtype)
    return total


def clip_grad_value(params: Iterable[Tensor], limit: float) -> None:
    """Clip every gradient element into [−limit, limit]."""
    for p in params:
        if p.grad is not None:
            p.grad.data = np.clip(p.grad.data, -limit, limit)
