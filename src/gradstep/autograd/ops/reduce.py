"""Reductions and the softmax family: sum, mean, max, min, var, logsumexp, softmax,
log_softmax and a fused, numerically stable ``cross_entropy``.

Axis arguments are NumPy's (``axis=None`` reduces everything; ``keepdims``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gradstep import backend as B
from gradstep.autograd.ops._apply import apply1, as_tensor, data, normalize_axis
from gradstep.autograd.primitive import primitive
from gradstep.autograd.tensor import Tensor, _make
from gradstep.errors import ShapeError


def _kept_shape(shape: tuple[int, ...], axis: Any) -> tuple[int, ...]:
    """The shape a reduction over ``axis`` has with keepdims=True."""
    if axis is None:
        return (1,) * len(shape)
    axes = axis if isinstance(axis, tuple) else (axis,)
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def _count(shape: tuple[int, ...], axis: Any) -> int:
    if axis is None:
        return math.prod(shape)
    axes = axis if isinstance(axis, tuple) else (axis,)
    return math.prod(shape[a] for a in axes)


def _count_or_1(ctx: Any) -> int:
    """The number of elements each output of a mean averages (1 for an empty axis)."""
    return _count(ctx[2], ctx[0]) or 1


def _spread(ops: Any, g: Any, ctx: Any) -> Any:
    """A reduced gradient put back in the input's shape (the vjp of every reduction)."""
    axis, keepdims, shape = ctx
    if not keepdims and axis is not None:  # a full reduction's () broadcasts as it is
        g = ops.reshape(g, _kept_shape(shape, axis))
    return ops.broadcast_to(g, shape)


SUM = primitive(
    "sum",
    lambda ctx, x: x.sum(axis=ctx[0], keepdims=ctx[1]),
    lambda ops, ctx, g, out, x, needs: (_spread(ops, g, ctx),),
    r"\frac{\partial}{\partial x_i}\sum_j x_j = 1",
    saves=False,
)
MEAN = primitive(
    "mean",
    lambda ctx, x: x.mean(axis=ctx[0], keepdims=ctx[1]),
    lambda ops, ctx, g, out, x, needs: (
        _spread(ops, g, ctx) * (1.0 / (_count(ctx[2], ctx[0]) or 1)),
    ),
    r"\frac{\partial}{\partial x_i}\frac1n\sum_j x_j = \frac1n",
    saves=False,
)


def _extreme_vjp(ops: Any, ctx: Any, g: Any, out: Any, x: Any, needs: Any) -> Any:
    # The gradient goes to the element(s) that reached the extreme, shared equally on a tie.
    axis, keepdims, shape = ctx
    kept = data(out) if keepdims else data(out).reshape(_kept_shape(shape, axis))
    hit = data(x) == kept
    undefined = kept != kept  # a NaN reached the extreme: it is the element that did
    if undefined.any():
        hit = hit | ((data(x) != data(x)) & undefined)
    hit = hit.astype(data(x).dtype)
    share = hit / hit.sum(axis=axis, keepdims=True)
    return (_spread(ops, g, ctx) * share,)


def _ties(top: Any, axis: Any, x: Any) -> bool:
    return bool(((x == top).sum(axis=axis) > 1).any())


def _max_tie(ctx: Any, x: Any) -> bool:
    return _ties(x.max(axis=ctx[0], keepdims=True), ctx[0], x)


def _min_tie(ctx: Any, x: Any) -> bool:
    return _ties(x.min(axis=ctx[0], keepdims=True), ctx[0], x)


MAX = primitive(
    "max",
    lambda ctx, x: x.max(axis=ctx[0], keepdims=ctx[1]),
    _extreme_vjp,
    r"\frac{\partial}{\partial x_i}\max_j x_j = [x_i = \max],\ \text{shared on ties}",
    kink="max over elements that tie: the gradient is shared equally among them",
    kink_hit=_max_tie,
)
MIN = primitive(
    "min",
    lambda ctx, x: x.min(axis=ctx[0], keepdims=ctx[1]),
    _extreme_vjp,
    r"\frac{\partial}{\partial x_i}\min_j x_j = [x_i = \min],\ \text{shared on ties}",
    kink="min over elements that tie: the gradient is shared equally among them",
    kink_hit=_min_tie,
)


def _logsumexp(ctx: Any, x: Any) -> Any:
    axis, keepdims = ctx[0], ctx[1]
    top = x.max(axis=axis, keepdims=True)
    top = B.xp.where(B.xp.isfinite(top), top, 0)
    out = B.xp.log(B.xp.exp(x - top).sum(axis=axis, keepdims=True)) + top
    return out if keepdims else out.reshape(_drop(out, axis))


def _drop(kept: Any, axis: Any) -> tuple[int, ...]:
    if axis is None:
        return ()
    axes = axis if isinstance(axis, tuple) else (axis,)
    return tuple(n for i, n in enumerate(kept.shape) if i not in axes)


def _logsumexp_vjp(ops: Any, ctx: Any, g: Any, out: Any, x: Any, needs: Any) -> Any:
    axis, keepdims, shape = ctx
    kept = out if keepdims else ops.reshape(out, _kept_shape(shape, axis))
    return (_spread(ops, g, ctx) * ops.exp(x - kept),)


LOGSUMEXP = primitive(
    "logsumexp",
    _logsumexp,
    _logsumexp_vjp,
    r"\frac{\partial}{\partial x_i}\log\sum_j e^{x_j} = \operatorname{softmax}(x)_i",
)


def _softmax(axis: Any, x: Any) -> Any:
    z = B.xp.exp(x - x.max(axis=axis, keepdims=True))
    z /= z.sum(axis=axis, keepdims=True)
    return z


SOFTMAX = primitive(
    "softmax",
    _softmax,
    lambda ops, axis, g, out, x, needs: (out * (g - ops.sum(g * out, axis, True)),),
    r"\frac{\partial s_i}{\partial x_j} = s_i(\delta_{ij} - s_j)",
)
LOG_SOFTMAX = primitive(
    "log_softmax",
    lambda axis, x: x - _logsumexp((axis, True), x),
    lambda ops, axis, g, out, x, needs: (g - ops.exp(out) * ops.sum(g, axis, True),),
    r"\frac{\partial}{\partial x_j}\log s_i = \delta_{ij} - s_j",
)


def _softmax_and_loss(targets: Any, z: Any) -> tuple[Any, Any]:
    """softmax(z) and the mean cross-entropy, sharing one exp (the rule reuses softmax)."""
    n = z.shape[0]
    top = z.max(axis=1, keepdims=True)
    e = B.xp.exp(z - top)
    total = e.sum(axis=1, keepdims=True)
    e /= total
    picked = z[B.xp.arange(n), targets]
    loss = (B.xp.log(total).ravel() + top.ravel() - picked).mean()
    return e, loss


def _cross_entropy_vjp(ops: Any, ctx: Any, g: Any, out: Any, z: Any, needs: Any) -> Any:
    targets, probs = ctx
    n = data(z).shape[0]
    rows = B.xp.arange(n)
    if ops.tensors:  # recorded: softmax is recomputed as a differentiable op
        onehot = B.xp.zeros(data(z).shape, dtype=data(z).dtype)
        onehot[rows, targets] = 1.0
        return ((ops.softmax(z, axis=1) - onehot) * (g * (1.0 / n)),)
    scale = g * (1.0 / n)
    grad = probs * scale
    grad[rows, targets] -= scale
    return (grad,)


CROSS_ENTROPY = primitive(
    "cross_entropy",
    lambda ctx, z: _softmax_and_loss(ctx[0], z)[1],
    _cross_entropy_vjp,
    r"\frac{\partial L}{\partial z_{ij}} = \frac{1}{N}(\operatorname{softmax}(z_i)_j - [j = t_i])",
)


# ---------------------------------------------------------------- public functions
def _reduce(prim: Any, x: Any, axis: Any, keepdims: bool) -> Tensor:
    x = as_tensor(x)
    axis = normalize_axis(axis, x.ndim, prim.name)
    if x.data.size == 0 and prim.name in ("max", "min"):
        raise ShapeError(f"{prim.name}: the tensor is empty (shape {x.shape}); nothing to reduce")
    return apply1(prim, x, (axis, bool(keepdims), x.shape))


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """Sum over ``axis`` (all elements by default). Each element's derivative is 1.

    >>> import gradstep as gs
    >>> gs.sum(gs.tensor([[1.0, 2.0], [3.0, 4.0]]), axis=0)
    tensor([4., 6.])
    """
    return _reduce(SUM, x, axis, keepdims)


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """Mean over ``axis``. Each element's derivative is 1/n."""
    return _reduce(MEAN, x, axis, keepdims)


def max(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """Largest element over ``axis``; ties share the gradient equally."""
    return _reduce(MAX, x, axis, keepdims)


def min(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """Smallest element over ``axis``; ties share the gradient equally."""
    return _reduce(MIN, x, axis, keepdims)


def var(x: Any, axis: Any = None, keepdims: bool = False, ddof: int = 0) -> Tensor:
    """Variance over ``axis`` (NumPy's: ``ddof=0`` divides by n), built from mean and square."""
    x = as_tensor(x)
    axis = normalize_axis(axis, x.ndim, "var")
    n = _count(x.shape, axis)
    if n - ddof <= 0:
        raise ShapeError(f"var: {n} element(s) along the axis and ddof={ddof} leave nothing")
    centred = x - mean(x, axis=axis, keepdims=True)
    total = sum(centred * centred, axis=axis, keepdims=keepdims)
    return total * (1.0 / (n - ddof))


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """log Σ exp(x), computed stably (the largest value is taken out first)."""
    x = as_tensor(x)
    axis = normalize_axis(axis, x.ndim, "logsumexp")
    return apply1(LOGSUMEXP, x, (axis, bool(keepdims), x.shape))


def softmax(x: Any, axis: int = -1) -> Tensor:
    """exp(x) / Σ exp(x) along ``axis``, computed stably."""
    x = as_tensor(x)
    return apply1(SOFTMAX, x, normalize_axis(axis, x.ndim, "softmax"))


def log_softmax(x: Any, axis: int = -1) -> Tensor:
    """log softmax(x) along ``axis``, computed stably (no log of 0)."""
    x = as_tensor(x)
    return apply1(LOG_SOFTMAX, x, normalize_axis(axis, x.ndim, "log_softmax"))


def cross_entropy(logits: Any, targets: Any) -> Tensor:
    """Mean softmax cross-entropy of ``logits`` (N, C) against class indices ``targets`` (N,).

    Fused and stable: L = mean(logsumexp(z) − z[target]); ∂L/∂z = (softmax(z) − onehot)/N.

    >>> import gradstep as gs
    >>> round(gs.cross_entropy(gs.zeros((2, 4)), [0, 3]).item(), 6)  # ln 4
    1.386294
    """
    z = as_tensor(logits)
    t = B.xp.asarray(data(targets))
    if z.ndim != 2:
        raise ShapeError(
            f"cross_entropy: logits must be (batch, classes), got shape {z.shape} "
            "(for one sample use logits.reshape(1, -1))"
        )
    if t.ndim != 1 or t.shape[0] != z.shape[0]:
        raise ShapeError(
            f"cross_entropy: targets must be ({z.shape[0]},) class indices for logits "
            f"{z.shape}, got shape {t.shape}"
        )
    if t.dtype.kind not in "iu":
        if t.dtype.kind == "f" and bool(B.xp.all(t == B.xp.round(t))):
            t = t.astype(np.int64)
        else:
            raise ShapeError(
                f"cross_entropy: targets must be integer class indices, got dtype {t.dtype}"
            )
    if t.size and (int(t.min()) < 0 or int(t.max()) >= z.shape[1]):
        bad = int(t.min()) if int(t.min()) < 0 else int(t.max())
        raise ShapeError(
            f"cross_entropy: target {bad} is not a class index for {z.shape[1]} classes "
            f"(valid: 0 to {z.shape[1] - 1})"
        )
    probs, loss = _softmax_and_loss(t, z.data)
    return _make(loss, CROSS_ENTROPY, (z,), (t, probs))


__all__ = [
    "cross_entropy",
    "log_softmax",
    "logsumexp",
    "max",
    "mean",
    "min",
    "softmax",
    "sum",
    "var",
]
