"""Optimizers (SGD with momentum/Nesterov/weight decay, Adam, AdamW, RMSprop), learning-rate
schedules and gradient clipping: every one an update w ← w − η·(something from ∂L/∂w)."""

from gradstep.optim.optimizer import Optimizer
from gradstep.optim.rules import SGD, Adam, AdamW, RMSprop
from gradstep.optim.schedule import CosineLR, Schedule, StepLR, clip_grad_norm, clip_grad_value

__all__ = [
    "SGD",
    "Adam",
    "AdamW",
    "CosineLR",
    "Optimizer",
    "RMSprop",
    "Schedule",
    "StepLR",
    "clip_grad_norm",
    "clip_grad_value",
]
