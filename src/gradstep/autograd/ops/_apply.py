"""How a primitive is applied to tensors: constants wrapped, errors named, graph recorded."""

from __future__ import annotations

from typing import Any

import numpy as np

from gradstep import backend as B
from gradstep.autograd.primitive import Primitive
from gradstep.autograd.tensor import Tensor, _leaf, _make
from gradstep.errors import DTypeError, ShapeError


def as_tensor(value: Any, like: Tensor | None = None) -> Tensor:
    """``value`` as a Tensor; a Python number takes the dtype of ``like`` (NumPy's rule)."""
    if isinstance(value, Tensor):
        return value
    if like is not None and isinstance(value, int | float) and not isinstance(value, bool):
        kind = like.data.dtype.kind
        if kind in "fc" or (kind in "iu" and isinstance(value, int)):
            return _leaf(B.xp.asarray(value, dtype=like.data.dtype))
    if isinstance(value, list | tuple) and value and isinstance(value[0], Tensor):
        raise TypeError(
            "a list of tensors is not a tensor: combine them with gs.stack or gs.concatenate"
        )
    return _leaf(B.xp.asarray(value))


def data(value: Any) -> Any:
    """The raw array behind a Tensor (rules use it for masks), or the value itself."""
    return value.data if isinstance(value, Tensor) else value


def apply1(prim: Primitive, x: Any, ctx: Any = None) -> Tensor:
    if not isinstance(x, Tensor):
        x = as_tensor(x)
    try:
        out = prim.forward(ctx, x.data)
    except (ValueError, TypeError) as err:  # NumPy's words, with the op and the operand
        raise _failed(prim, err, x) from None
    return _make(out, prim, (x,), ctx)


def _failed(prim: Primitive, err: Exception, *operands: Tensor) -> Exception:
    """A clear error for a NumPy failure inside ``prim``: the op, the operands, the cause."""
    what = " and ".join(f"{t.dtype} {t.shape}" for t in operands)
    kind = DTypeError if isinstance(err, TypeError) or "Integers" in str(err) else ShapeError
    return kind(f"{prim.name}: cannot apply it to {what}: {err}")


def apply2(prim: Primitive, a: Any, b: Any, ctx: Any = None) -> Tensor:
    if not isinstance(a, Tensor):
        a = as_tensor(a, b if isinstance(b, Tensor) else None)
    if not isinstance(b, Tensor):
        b = as_tensor(b, a)
    try:
        out = prim.forward(ctx, a.data, b.data)
    except ValueError as err:
        if a.shape != b.shape and "broadcast" in str(err):
            raise ShapeError(
                f"{prim.name}: shapes {a.shape} and {b.shape} cannot be broadcast together "
                "(each trailing dimension must match or be 1; reshape one of them)"
            ) from None
        raise _failed(prim, err, a, b) from None
    except TypeError as err:
        raise _failed(prim, err, a, b) from None
    return _make(out, prim, (a, b), ctx)


def applyn(prim: Primitive, inputs: tuple[Tensor, ...], ctx: Any = None) -> Tensor:
    return _make(prim.forward(ctx, *(t.data for t in inputs)), prim, inputs, ctx)


def normalize_axis(axis: Any, ndim: int, op: str) -> Any:
    """NumPy's axis argument checked against ``ndim``, with a clear error (op named)."""
    if axis is None:
        return None
    axes = axis if isinstance(axis, tuple | list) else (axis,)
    out = []
    top = max(ndim, 1)  # a 0-d tensor takes axis 0 or -1, as in NumPy's reductions
    for a in axes:
        if isinstance(a, bool) or not isinstance(a, int | np.integer) or not -top <= a < top:
            raise ShapeError(
                f"{op}: axis {a!r} is out of range for a tensor with {ndim} dimension(s) "
                f"(valid: {-top} to {top - 1})"
            )
        out.append(int(a) % top)
    if len(set(out)) != len(out):
        raise ShapeError(f"{op}: axis {tuple(axes)} names the same axis twice (shape has {ndim})")
    if ndim == 0:
        return None  # the only axis of a scalar: everything
    return tuple(out) if isinstance(axis, tuple | list) else out[0]
