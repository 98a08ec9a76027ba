"""The autodiff engine: Tensor, primitives with derivative rules, graph walk, transforms.

Everything here is re-exported at the top level (``gs.tensor``, ``gs.grad``, ...).
"""

from gradstep.autograd.creation import (
    Generator,
    arange,
    eye,
    full,
    linspace,
    manual_seed,
    ones,
    ones_like,
    rand,
    randn,
    tensor,
    zeros,
    zeros_like,
)
from gradstep.autograd.engine import gradients
from gradstep.autograd.explain import Explanation, explain
from gradstep.autograd.gradcheck import GradcheckResult, gradcheck
from gradstep.autograd.mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from gradstep.autograd.ops import *  # noqa: F403
from gradstep.autograd.ops import __all__ as _ops_all
from gradstep.autograd.primitive import PRIMITIVES, Primitive
from gradstep.autograd.tensor import Tensor, float32, float64
from gradstep.autograd.transforms import grad, hessian, hvp, jacobian, jvp, value_and_grad, vjp

__all__ = [
    "PRIMITIVES",
    "Explanation",
    "GradcheckResult",
    "Generator",
    "Primitive",
    "Tensor",
    "arange",
    "enable_grad",
    "explain",
    "eye",
    "float32",
    "float64",
    "full",
    "grad",
    "gradcheck",
    "gradients",
    "hessian",
    "hvp",
    "is_grad_enabled",
    "jacobian",
    "jvp",
    "linspace",
    "manual_seed",
    "no_grad",
    "ones",
    "ones_like",
    "rand",
    "randn",
    "set_grad_enabled",
    "tensor",
    "value_and_grad",
    "vjp",
    "zeros",
    "zeros_like",
    *_ops_all,
]
