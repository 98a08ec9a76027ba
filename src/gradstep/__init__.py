"""gradstep: derivatives, extrema, gradient descent and backpropagation, real and visible.

>>> import gradstep as gs
>>> x = gs.tensor(5.0, requires_grad=True)
>>> (x**2).backward()
>>> x.grad.item()
10.0
"""

__version__ = "0.1.0"

from gradstep.autograd import *  # noqa: F403
from gradstep.autograd import __all__ as _autograd_all
from gradstep.errors import (
    DTypeError,
    GradientError,
    GradstepError,
    InPlaceError,
    InputError,
    ShapeError,
)

_SUBPACKAGES = ("calculus", "data", "descent", "nn", "optim", "report", "viz", "web")


def __getattr__(name: str) -> object:
    """Subpackages load on first use (``gs.calculus`` pulls in SymPy, ``gs.viz`` Matplotlib)."""
    import importlib

    if name in _SUBPACKAGES:
        return importlib.import_module(f"gradstep.{name}")
    if name == "fit":
        from gradstep.nn.training import fit

        return fit
    raise AttributeError(f"module 'gradstep' has no attribute {name!r}")


__all__ = [
    "DTypeError",
    "GradientError",
    "GradstepError",
    "InPlaceError",
    "InputError",
    "ShapeError",
    "__version__",
    *_autograd_all,
]
