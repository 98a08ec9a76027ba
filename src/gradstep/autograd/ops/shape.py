"""Shape and linear-algebra primitives: matmul, reshape, transpose, broadcast, squeeze,
concatenate, stack, indexing (with scatter-add backward) and dtype casts."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gradstep import backend as B
from gradstep.autograd.ops._apply import apply1, applyn, as_tensor, data, normalize_axis
from gradstep.autograd.primitive import primitive
from gradstep.autograd.tensor import Tensor, _dtype, _make, _raw_index
from gradstep.errors import ShapeError


def _alias(out: Tensor, x: Tensor) -> Tensor:
    """Mark ``out`` as sharing ``x``'s memory when NumPy returned a view (reshape,
    transpose, broadcast, basic slicing): an in-place edit through either one is then seen
    by every graph that saved the other, as with :meth:`Tensor.detach`."""
    if getattr(out.data, "base", None) is not None and B.xp.may_share_memory(out.data, x.data):
        out._base = x if x._base is None else x._base
    return out


# ------------------------------------------------------------------------ matmul
def _matmul_vjp(ops: Any, ctx: Any, g: Any, out: Any, a: Any, b: Any, needs: Any) -> Any:
    a_vec, b_vec = data(a).ndim == 1, data(b).ndim == 1
    a2 = ops.reshape(a, (1, *data(a).shape)) if a_vec else a
    b2 = ops.reshape(b, (*data(b).shape, 1)) if b_vec else b
    gs = data(g).shape
    if a_vec and b_vec:
        g2 = ops.reshape(g, (1, 1))
    elif a_vec:  # (..., p) -> (..., 1, p)
        g2 = ops.reshape(g, (*gs[:-1], 1, gs[-1]))
    elif b_vec:  # (..., m) -> (..., m, 1)
        g2 = ops.reshape(g, (*gs, 1))
    else:
        g2 = g
    ga = gb = None
    if needs[0]:
        ga = g2 @ ops.swapaxes(b2, -1, -2)
        if a_vec:  # (..., 1, n) -> (..., n); the engine sums the batch axes
            ga = ops.reshape(ga, (*data(ga).shape[:-2], data(ga).shape[-1]))
    if needs[1]:
        gb = ops.swapaxes(a2, -1, -2) @ g2
        if b_vec:  # (..., n, 1) -> (..., n)
            gb = ops.reshape(gb, data(gb).shape[:-1])
    return ga, gb


MATMUL = primitive(
    "matmul",
    lambda ctx, a, b: a @ b,
    _matmul_vjp,
    r"\partial(AB) = (G B^\top,\ A^\top G)",
)


def matmul(a: Any, b: Any) -> Tensor:
    """Matrix product with NumPy's rules (1-D vectors, batched stacks).

    >>> import gradstep as gs
    >>> (gs.ones((2, 3)) @ gs.ones((3,))).tolist()
    [3.0, 3.0]
    """
    a = as_tensor(a, b if isinstance(b, Tensor) else None)
    b = as_tensor(b, a)
    if a.ndim == 0 or b.ndim == 0:
        raise ShapeError(
            f"matmul: {a.shape} @ {b.shape} — matmul needs at least 1-D operands "
            "(use * to multiply by a scalar)"
        )
    inner_a = a.shape[-1]
    inner_b = b.shape[0] if b.ndim == 1 else b.shape[-2]
    if inner_a != inner_b:
        raise ShapeError(
            f"matmul: {a.shape} @ {b.shape} — inner dimensions {inner_a} and {inner_b} differ "
            "(the last axis of the left must equal the "
            f"{'only' if b.ndim == 1 else 'second-to-last'} axis of the right; transpose one?)"
        )
    try:
        out = a.data @ b.data
    except ValueError:
        raise ShapeError(
            f"matmul: {a.shape} @ {b.shape} — the batch dimensions "
            f"{a.shape[:-2]} and {b.shape[:-2]} cannot be broadcast together"
        ) from None
    return _make(out, MATMUL, (a, b))


# ----------------------------------------------------------------- reshape & co.
RESHAPE = primitive(
    "reshape",
    lambda ctx, x: x.reshape(ctx[1]),
    lambda ops, ctx, g, out, x, needs: (ops.reshape(g, ctx[0]),),
    r"\text{reshape: the gradient is reshaped back}",
    saves=False,
)
TRANSPOSE = primitive(
    "transpose",
    lambda ctx, x: x.transpose(ctx),
    lambda ops, ctx, g, out, x, needs: (ops.transpose(g, tuple(np.argsort(ctx))),),
    r"\text{transpose: the gradient is transposed back}",
    saves=False,
)
BROADCAST_TO = primitive(
    "broadcast_to",
    lambda ctx, x: B.xp.broadcast_to(x, ctx),
    lambda ops, ctx, g, out, x, needs: (g,),  # the engine sums it back to x's shape
    r"\text{broadcast: the gradient is summed over the copies}",
    saves=False,
)
CAST = primitive(
    "cast",
    lambda ctx, x: x.astype(ctx),
    lambda ops, ctx, g, out, x, needs: (ops.cast(g, data(x).dtype),),
    r"\text{cast: the gradient is cast back}",
)


def _reshaped(old: tuple[int, ...], shape: tuple[int, ...]) -> tuple[int, ...]:
    """``shape`` with its -1 filled in, checked to hold exactly the elements of ``old``."""
    size = math.prod(old)
    known = math.prod(n for n in shape if n != -1)
    unknown = sum(1 for n in shape if n == -1)
    fits = unknown == 0 and known == size
    if unknown == 1 and known > 0 and size % known == 0:
        shape, fits = tuple(size // known if n == -1 else n for n in shape), True
    elif unknown == 1 and known == 0 and size == 0:
        raise ShapeError(f"reshape: cannot infer -1 in {shape} for an empty tensor {old}")
    if not fits or any(n < 0 for n in shape):
        raise ShapeError(f"reshape: cannot reshape {old} ({size} elements) into {shape}")
    return tuple(int(n) for n in shape)


def reshape(x: Any, shape: Any) -> Tensor:
    """The same elements in a new shape (one entry may be -1)."""
    x = as_tensor(x)
    shape = (shape,) if isinstance(shape, int | np.integer) else tuple(shape)
    target = _reshaped(x.shape, shape)
    if target == x.shape:
        return x
    return _alias(apply1(RESHAPE, x, (x.shape, target)), x)


def transpose(x: Any, axes: Any = None) -> Tensor:
    """Reverse the axes, or permute them as ``axes`` says (NumPy's ``transpose``)."""
    x = as_tensor(x)
    perm = tuple(range(x.ndim))[::-1] if axes is None else tuple(axes)
    if sorted(a % max(x.ndim, 1) for a in perm) != list(range(x.ndim)):
        raise ShapeError(f"transpose: axes {perm} are not a permutation of {x.ndim} axes")
    perm = tuple(a % max(x.ndim, 1) for a in perm)
    if perm == tuple(range(x.ndim)):
        return x
    return _alias(apply1(TRANSPOSE, x, perm), x)


def permute(x: Any, axes: Any) -> Tensor:
    """PyTorch's name for :func:`transpose` with explicit axes."""
    return transpose(x, axes)


def broadcast_to(x: Any, shape: Any) -> Tensor:
    """``x`` repeated along new or size-1 axes to ``shape``; the gradient sums the copies."""
    x = as_tensor(x)
    shape = tuple(shape)
    lead = len(shape) - x.ndim
    if lead < 0 or any(n != 1 and n != m for n, m in zip(x.shape, shape[lead:], strict=True)):
        raise ShapeError(f"broadcast_to: cannot broadcast {x.shape} to {shape}")
    if shape == x.shape:
        return x
    return _alias(apply1(BROADCAST_TO, x, shape), x)


def squeeze(x: Any, axis: Any = None) -> Tensor:
    """Drop size-1 axes (all of them, or the one(s) named)."""
    x = as_tensor(x)
    if axis is None:
        return reshape(x, tuple(n for n in x.shape if n != 1))
    axes = normalize_axis(axis if isinstance(axis, tuple) else (axis,), x.ndim, "squeeze")
    if axes is None:  # a 0-d tensor: nothing to drop
        return x
    for a in axes:
        if x.shape[a] != 1:
            raise ShapeError(f"squeeze: axis {a} of shape {x.shape} has size {x.shape[a]}, not 1")
    return reshape(x, tuple(n for i, n in enumerate(x.shape) if i not in axes))


def unsqueeze(x: Any, axis: int) -> Tensor:
    """Insert a size-1 axis at ``axis`` (NumPy's ``expand_dims``)."""
    x = as_tensor(x)
    if not -x.ndim - 1 <= axis <= x.ndim:
        raise ShapeError(f"unsqueeze: axis {axis} is out of range for shape {x.shape}")
    axis = axis % (x.ndim + 1)
    return reshape(x, (*x.shape[:axis], 1, *x.shape[axis:]))


def cast(x: Any, dtype: Any) -> Tensor:
    """The values in another dtype; the gradient is cast back to the input's dtype."""
    x = as_tensor(x)
    dtype = _dtype(dtype)
    if x.dtype == dtype:
        return x
    return apply1(CAST, x, dtype)


# ------------------------------------------------------------ concatenate, stack
def _split_vjp(ops: Any, ctx: Any, g: Any, out: Any, *inputs_and_needs: Any) -> Any:
    axis, sizes, stacked = ctx
    needs = inputs_and_needs[-1]
    grads, start = [], 0
    lead = (slice(None),) * axis
    for size, need in zip(sizes, needs, strict=True):
        index = (*lead, start) if stacked else (*lead, slice(start, start + size))
        grads.append(ops.getitem(g, index) if need else None)
        start += size
    return tuple(grads)


CONCATENATE = primitive(
    "concatenate",
    lambda ctx, *xs: B.xp.concatenate(xs, axis=ctx[0]),
    _split_vjp,
    r"\text{concatenate: each input gets its slice of the gradient}",
    saves=False,
)
STACK = primitive(
    "stack",
    lambda ctx, *xs: B.xp.stack(xs, axis=ctx[0]),
    _split_vjp,
    r"\text{stack: each input gets its slice of the gradient}",
    saves=False,
)


def _tensors(values: Any, op: str) -> tuple[Tensor, ...]:
    tensors = tuple(as_tensor(v) for v in values)
    if not tensors:
        raise ShapeError(f"{op}: needs at least one tensor")
    return tensors


def concatenate(tensors: Any, axis: int = 0) -> Tensor:
    """Join tensors along an existing axis."""
    xs = _tensors(tensors, "concatenate")
    if any(t.ndim == 0 for t in xs):
        raise ShapeError(
            f"concatenate: 0-d tensors (shapes {[t.shape for t in xs]}) have no axis to join "
            "along; use gs.stack to make a vector of them"
        )
    axis = normalize_axis(axis, xs[0].ndim, "concatenate")
    for t in xs[1:]:
        if t.ndim != xs[0].ndim or any(
            a != b for i, (a, b) in enumerate(zip(t.shape, xs[0].shape, strict=True)) if i != axis
        ):
            raise ShapeError(
                f"concatenate: shapes {xs[0].shape} and {t.shape} differ off axis {axis}"
            )
    return applyn(CONCATENATE, xs, (axis, tuple(t.shape[axis] for t in xs), False))


def stack(tensors: Any, axis: int = 0) -> Tensor:
    """Join tensors of one shape along a new axis."""
    xs = _tensors(tensors, "stack")
    for t in xs[1:]:
        if t.shape != xs[0].shape:
            raise ShapeError(f"stack: shapes {xs[0].shape} and {t.shape} differ")
    if not -xs[0].ndim - 1 <= axis <= xs[0].ndim:
        raise ShapeError(f"stack: axis {axis} is out of range for {xs[0].ndim + 1} dimensions")
    axis = axis % (xs[0].ndim + 1)
    return applyn(STACK, xs, (axis, (1,) * len(xs), True))


# -------------------------------------------------------------------- indexing
def _is_advanced(index: Any) -> bool:
    parts = index if isinstance(index, tuple) else (index,)
    return any(hasattr(p, "dtype") and p.dtype != bool for p in parts) or any(
        isinstance(p, list) for p in parts
    )


def _scatter_add(ctx: Any, g: Any) -> Any:
    index, shape = ctx
    out = B.xp.zeros(shape, dtype=g.dtype)
    if _is_advanced(index):
        B.xp.add.at(out, index, g)  # repeated indices add up
    else:
        out[index] = g
    return out


SCATTER_ADD = primitive(
    "scatter_add",
    _scatter_add,
    lambda ops, ctx, g, out, x, needs: (ops.getitem(g, ctx[0]),),
    r"\text{scatter-add: the transpose of indexing}",
    saves=False,
)
GETITEM = primitive(
    "getitem",
    lambda ctx, x: x[ctx[0]],
    lambda ops, ctx, g, out, x, needs: (ops.scatter_add(g, ctx[0], ctx[1]),),
    r"\text{indexing: the gradient is scattered back (repeats add up)}",
    saves=False,
)


def getitem(x: Any, index: Any) -> Tensor:
    """``x[index]`` with slices, integers, integer arrays or boolean masks."""
    x = as_tensor(x)
    index = _raw_index(index)
    if isinstance(index, list):
        index = B.xp.asarray(index) if index else B.xp.zeros(0, dtype=B.xp.intp)
    try:
        out = x.data[index]
    except IndexError as err:
        raise ShapeError(f"getitem: index {index!r} does not fit shape {x.shape}: {err}") from None
    return _alias(_make(out, GETITEM, (x,), (index, x.shape)), x)


def scatter_add(g: Any, index: Any, shape: Any) -> Tensor:
    """Zeros of ``shape`` with ``g`` added at ``index`` (the transpose of ``getitem``)."""
    g = as_tensor(g)
    return apply1(SCATTER_ADD, g, (index, tuple(shape)))


def swapaxes(x: Any, a: int, b: int) -> Tensor:
    """Exchange two axes."""
    x = as_tensor(x)
    perm = list(range(x.ndim))
    perm[a], perm[b] = perm[b], perm[a]
    return transpose(x, perm)
