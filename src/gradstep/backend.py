"""The array namespace under every Tensor: NumPy by default, CuPy when asked for.

Everything in gradstep that touches arrays goes through ``backend.xp``, so a GPU build
is one call away: ``gradstep.backend.use("cupy")``. NumPy is always available; CuPy is
an optional extra (``pip install gradstep[gpu]``) and only imported when chosen.

>>> from gradstep import backend
>>> backend.name()
'numpy'
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy

xp: ModuleType = numpy
_name = "numpy"


def name() -> str:
    """The name of the active array library (``"numpy"`` or ``"cupy"``)."""
    return _name


def use(library: str) -> None:
    """Switch the array library: ``"numpy"`` or ``"cupy"`` (needs a GPU and CuPy)."""
    global xp, _name
    if library == "numpy":
        xp, _name = numpy, "numpy"
        return
    if library != "cupy":
        raise ValueError(f"unknown backend {library!r}: choose 'numpy' or 'cupy'")
    try:
        import cupy
    except ImportError as err:  # pragma: no cover - depends on the machine
        raise RuntimeError(
            "the 'cupy' backend needs CuPy and an NVIDIA GPU: pip install 'gradstep[gpu]'"
        ) from err
    xp, _name = cupy, "cupy"


def cupy_available() -> bool:
    """True when CuPy imports and sees at least one GPU."""
    try:
        import cupy

        return bool(cupy.cuda.runtime.getDeviceCount())
    except Exception:
        return False


def to_numpy(array: Any) -> numpy.ndarray:
    """A NumPy array from a backend array (a copy off the GPU, the same array on NumPy)."""
    if isinstance(array, numpy.ndarray):
        return array
    get = getattr(array, "get", None)
    return get() if callable(get) else numpy.asarray(array)
