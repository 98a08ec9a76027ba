"""Ways to make tensors: from data, filled, ranges, identity, and seeded random numbers."""

from __future__ import annotations

from typing import Any

import numpy as np

from gradstep import backend as B
from gradstep.autograd.tensor import Tensor, _dtype

_DEFAULT_FLOAT = np.float64


def tensor(
    data: Any, requires_grad: bool = False, dtype: Any = None, name: str | None = None
) -> Tensor:
    """A tensor holding a copy of ``data`` (numbers, nested lists, arrays, tensors).

    With ``dtype=None`` a NumPy array keeps its dtype, Python floats become float64 and
    Python ints int64. ``requires_grad=True`` needs a floating dtype.

    >>> import gradstep as gs
    >>> gs.tensor([1.0, 2.0], dtype=gs.float32)
    tensor([1., 2.], dtype=float32)
    """
    return Tensor(data, requires_grad=requires_grad, dtype=dtype, name=name)


def _shape(shape: Any) -> tuple[int, ...]:
    if isinstance(shape, int | np.integer):
        shape = (int(shape),)
    shape = tuple(int(n) for n in shape)
    if any(n < 0 for n in shape):
        raise ValueError(f"a shape cannot have negative sizes: {shape}")
    return shape


def _filled(shape: Any, value: float, dtype: Any, requires_grad: bool) -> Tensor:
    array = B.xp.full(_shape(shape), value, dtype=_dtype(dtype) or _DEFAULT_FLOAT)
    return Tensor(array, requires_grad=requires_grad)


def _sizes(
    op: str, shape: Any, more: tuple[Any, ...], dtype: Any, requires_grad: bool
) -> tuple[Any, Any, bool]:
    """``zeros(2, 3)`` as well as ``zeros((2, 3))``; after the sizes, ``dtype`` and
    ``requires_grad`` may still come by position (``zeros((2, 3), gs.float32)``)."""
    rest = list(more)
    dims = []
    while rest and isinstance(rest[0], int | np.integer) and not isinstance(rest[0], bool):
        dims.append(rest.pop(0))
    if dims:
        if not isinstance(shape, int | np.integer):
            raise TypeError(f"{op}: give the sizes as {op}(2, 3) or {op}((2, 3)), not both")
        shape = (shape, *dims)
    if rest:
        dtype = rest.pop(0)
    if rest:
        requires_grad = rest.pop(0)
    if rest:
        raise TypeError(f"{op}: too many arguments: {more!r}")
    return shape, dtype, requires_grad


def zeros(shape: Any, *more: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of zeros (float64 unless ``dtype`` says otherwise); ``zeros(2, 3)`` or
    ``zeros((2, 3))``."""
    shape, dtype, requires_grad = _sizes("zeros", shape, more, dtype, requires_grad)
    return _filled(shape, 0.0, dtype, requires_grad)


def ones(shape: Any, *more: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of ones (float64 unless ``dtype`` says otherwise); ``ones(2, 3)`` or
    ``ones((2, 3))``."""
    shape, dtype, requires_grad = _sizes("ones", shape, more, dtype, requires_grad)
    return _filled(shape, 1.0, dtype, requires_grad)


def full(shape: Any, value: float, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor filled with ``value``."""
    return _filled(shape, value, dtype, requires_grad)


def zeros_like(t: Tensor, requires_grad: bool = False) -> Tensor:
    return zeros(t.shape, dtype=t.dtype, requires_grad=requires_grad)


def ones_like(t: Tensor, requires_grad: bool = False) -> Tensor:
    return ones(t.shape, dtype=t.dtype, requires_grad=requires_grad)


def arange(start: float, stop: float | None = None, step: float = 1, dtype: Any = None) -> Tensor:
    """Evenly spaced values in [start, stop) (NumPy's ``arange``)."""
    if step == 0:
        raise ValueError("arange: step must not be 0")
    array = B.xp.arange(start, stop, step) if stop is not None else B.xp.arange(start)
    return Tensor(array, dtype=dtype)


def linspace(start: float, stop: float, num: int = 50, dtype: Any = None) -> Tensor:
    """``num`` evenly spaced values from ``start`` to ``stop`` inclusive."""
    if num < 0:
        raise ValueError(f"linspace: num must be >= 0, got {num}")
    return Tensor(B.xp.linspace(start, stop, num), dtype=dtype)


def eye(n: int, m: int | None = None, dtype: Any = None) -> Tensor:
    """The identity matrix (n × m)."""
    return Tensor(B.xp.eye(n, m, dtype=_dtype(dtype) or _DEFAULT_FLOAT))


class Generator:
    """A seeded source of random tensors (wraps NumPy's ``default_rng``).

    >>> import gradstep as gs
    >>> a = gs.Generator(0).randn(3); b = gs.Generator(0).randn(3)
    >>> bool((a.numpy() == b.numpy()).all())
    True
    """

    def __init__(self, seed: int | None = None) -> None:
        self.rng = np.random.default_rng(seed)

    def randn(self, *shape: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        """Standard normal samples."""
        array = self.rng.standard_normal(_shape(_flat(shape)))
        return Tensor(B.xp.asarray(array), requires_grad, dtype or _DEFAULT_FLOAT)

    def rand(self, *shape: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
        """Uniform samples in [0, 1)."""
        array = self.rng.random(_shape(_flat(shape)))
        return Tensor(B.xp.asarray(array), requires_grad, dtype or _DEFAULT_FLOAT)

    def state(self) -> dict[str, Any]:
        """The generator's state (for checkpoints)."""
        return self.rng.bit_generator.state

    def set_state(self, state: dict[str, Any]) -> None:
        self.rng.bit_generator.state = state


def _flat(shape: tuple[Any, ...]) -> Any:
    return shape[0] if len(shape) == 1 and isinstance(shape[0], tuple | list) else shape


_GLOBAL = Generator(0)


def manual_seed(seed: int) -> Generator:
    """Reseed the generator behind ``gs.randn`` and ``gs.rand``; returns it."""
    _GLOBAL.rng = np.random.default_rng(seed)
    return _GLOBAL


def randn(
    *shape: Any, dtype: Any = None, requires_grad: bool = False, seed: int | None = None
) -> Tensor:
    """Standard normal samples; ``seed`` gives a fresh reproducible stream."""
    gen = _GLOBAL if seed is None else Generator(seed)
    return gen.randn(*shape, dtype=dtype, requires_grad=requires_grad)


def rand(
    *shape: Any, dtype: Any = None, requires_grad: bool = False, seed: int | None = None
) -> Tensor:
    """Uniform samples in [0, 1); ``seed`` gives a fresh reproducible stream."""
    gen = _GLOBAL if seed is None else Generator(seed)
    return gen.rand(*shape, dtype=dtype, requires_grad=requires_grad)
