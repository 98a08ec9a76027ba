"""Neural networks on gradstep's engine: modules, layers, losses, training and export.

>>> import gradstep as gs
>>> from gradstep import nn
>>> net = nn.MLP([2, 16, 2], activation="relu", seed=0)
>>> net.num_parameters()
82
"""

from gradstep.nn import functional
from gradstep.nn.diagnostics import gradient_norms, vanishing_gradients
from gradstep.nn.functional import (
    binary_cross_entropy_with_logits,
    cross_entropy,
    l1_loss,
    mse_loss,
)
from gradstep.nn.layers import (
    MLP,
    Activation,
    Dropout,
    Linear,
    Perceptron,
    ReLU,
    Sequential,
    Sigmoid,
    Tanh,
    build,
    linear_layers,
)
from gradstep.nn.losses import BCEWithLogitsLoss, CrossEntropyLoss, L1Loss, MAELoss, MSELoss
from gradstep.nn.module import Module
from gradstep.nn.serialize import load, save

__all__ = [
    "MLP",
    "Activation",
    "BCEWithLogitsLoss",
    "CrossEntropyLoss",
    "Dropout",
    "L1Loss",
    "Linear",
    "MAELoss",
    "MSELoss",
    "Module",
    "Perceptron",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Tanh",
    "binary_cross_entropy_with_logits",
    "build",
    "cross_entropy",
    "fit",
    "functional",
    "gradient_norms",
    "l1_loss",
    "linear_layers",
    "load",
    "mse_loss",
    "save",
    "vanishing_gradients",
]


def __getattr__(name: str) -> object:
    # fit trains with gradstep.optim and gradstep.data: imported on first use
    if name == "fit":
        from gradstep.nn.training import fit

        return fit
    raise AttributeError(f"module 'gradstep.nn' has no attribute {name!r}")
