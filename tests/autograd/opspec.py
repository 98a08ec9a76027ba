"""One spec row per primitive (PyTorch's OpInfo idea): the gradstep call, the matching
PyTorch call, how to draw shapes and parameters, and where to draw values from.

Values are drawn away from kinks and domain edges (|x| and relu away from 0, log and
sqrt on positive numbers, maximum/minimum without ties, max/min reductions with distinct
elements, clip away from its bounds), so finite differences and PyTorch agree with the
engine to float64 precision. The kinks themselves are pinned in ``test_autograd_kinks``.

Each test module draws a :class:`Case` from ``spec.cases`` with Hypothesis, makes the
inputs with :func:`sample_inputs`, and calls ``spec.fn(*tensors, **case.params)`` (or
``spec.torch_fn(torch, *tensors, **case.params)``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import gradstep as gs

Shape = tuple[int, ...]


@dataclass(frozen=True)
class Case:
    """Input shapes, keyword parameters of the op, and a seed for the values."""

    shapes: tuple[Shape, ...]
    params: dict[str, Any] = field(default_factory=dict)
    seed: int = 0


@dataclass(frozen=True)
class OpSpec:
    """One primitive: gradstep callable, torch callable, cases and value domains."""

    name: str
    fn: Callable[..., gs.Tensor]
    torch_fn: Callable[..., Any]
    cases: st.SearchStrategy[Case]
    domains: tuple[Callable[[np.random.Generator, Shape], np.ndarray], ...]

    def __repr__(self) -> str:
        return self.name


# --------------------------------------------------------------------- value domains
def real(rng: np.random.Generator, shape: Shape) -> np.ndarray:
    return rng.standard_normal(shape)


def positive(rng: np.random.Generator, shape: Shape) -> np.ndarray:
    return rng.uniform(0.5, 2.5, shape)


def away_from(*points: float, margin: float = 0.15) -> Callable[..., np.ndarray]:
    """Normal samples pushed at least ``margin`` away from each kink in ``points``."""

    def sample(rng: np.random.Generator, shape: Shape) -> np.ndarray:
        x = 1.5 * rng.standard_normal(shape)
        for p in points:
            near = np.abs(x - p) < margin
            side = np.where(x >= p, 1.0, -1.0)
            x = np.where(near, p + side * (margin + rng.uniform(0, margin, shape)), x)
        return x

    return sample


def on_grid(offset: float) -> Callable[..., np.ndarray]:
    """Integers (plus ``offset``) with small noise: two grids with offsets 0 and 0.5
    never come closer than 0.3, so maximum/minimum never tie."""

    def sample(rng: np.random.Generator, shape: Shape) -> np.ndarray:
        return rng.integers(-3, 4, shape) + offset + rng.uniform(-0.1, 0.1, shape)

    return sample


def distinct(rng: np.random.Generator, shape: Shape) -> np.ndarray:
    """All elements at least 0.15 apart: max/min reductions never tie."""
    size = int(np.prod(shape))
    values = rng.permutation(size) * 0.25 + rng.uniform(-0.05, 0.05, size)
    return (values - values.mean()).reshape(shape)


def nonzero(rng: np.random.Generator, shape: Shape) -> np.ndarray:
    return rng.choice([-1.0, 1.0], shape) * rng.uniform(0.5, 2.0, shape)


def sample_inputs(spec: OpSpec, case: Case, dtype: Any = np.float64) -> list[np.ndarray]:
    """The op's input arrays for ``case`` (deterministic in ``case.seed``)."""
    rng = np.random.default_rng(case.seed)
    domains = spec.domains
    if len(domains) < len(case.shapes):  # variadic ops (concatenate, stack) reuse the last
        domains = domains + (domains[-1],) * (len(case.shapes) - len(domains))
    return [np.asarray(d(rng, s), dtype=dtype) for d, s in zip(domains, case.shapes, strict=False)]


# ----------------------------------------------------------------- case strategies
SEEDS = st.integers(0, 2**31 - 1)
SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3)
NONEMPTY_DIMS = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3)


def unary_cases() -> st.SearchStrategy[Case]:
    return st.builds(lambda s, seed: Case((s,), {}, seed), SHAPES, SEEDS)


def broadcast_cases(num: int = 2) -> st.SearchStrategy[Case]:
    """Shapes that broadcast together (Hypothesis's mutually_broadcastable_shapes)."""
    shapes = hnp.mutually_broadcastable_shapes(
        num_shapes=num, min_dims=0, max_dims=3, min_side=1, max_side=3
    )
    return st.builds(lambda b, seed: Case(tuple(b.input_shapes), {}, seed), shapes, SEEDS)


@st.composite
def reduce_cases(draw: st.DrawFn, tuple_axes: bool = True) -> Case:
    shape = draw(NONEMPTY_DIMS)
    ndim = len(shape)
    choices = [st.none(), st.integers(-ndim, ndim - 1)]
    if tuple_axes:
        choices.append(
            st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True).map(tuple)
        )
    axis = draw(st.one_of(*choices))
    return Case((shape,), {"axis": axis, "keepdims": draw(st.booleans())}, draw(SEEDS))


@st.composite
def axis_cases(draw: st.DrawFn) -> Case:
    shape = draw(NONEMPTY_DIMS)
    return Case((shape,), {"axis": draw(st.integers(-len(shape), len(shape) - 1))}, draw(SEEDS))


@st.composite
def matmul_cases(draw: st.DrawFn) -> Case:
    n, k, m = (draw(st.integers(1, 3)) for _ in range(3))
    kinds = ["mm", "mv", "vm", "vv", "batched", "broadcast", "v_batched", "batched_v"]
    kind = draw(st.sampled_from(kinds))
    shapes = {
        "mm": ((n, k), (k, m)),
        "mv": ((n, k), (k,)),
        "vm": ((k,), (k, m)),
        "vv": ((k,), (k,)),
        "batched": ((2, n, k), (2, k, m)),
        "broadcast": ((2, 1, n, k), (3, k, m)),
        "v_batched": ((k,), (2, k, m)),
        "batched_v": ((2, n, k), (k,)),
    }[kind]
    return Case(shapes, {}, draw(SEEDS))


@st.composite
def reshape_cases(draw: st.DrawFn) -> Case:
    shape = draw(SHAPES)
    size = int(np.prod(shape))
    target = draw(st.sampled_from([(size,), (-1,), (1, size), (size, 1, 1), shape[::-1]]))
    return Case((shape,), {"shape": target}, draw(SEEDS))


@st.composite
def permute_cases(draw: st.DrawFn) -> Case:
    shape = draw(NONEMPTY_DIMS)
    axes = draw(st.permutations(range(len(shape))))
    return Case((shape,), {"axes": tuple(axes)}, draw(SEEDS))


@st.composite
def broadcast_to_cases(draw: st.DrawFn) -> Case:
    target = draw(SHAPES)
    lead = draw(st.integers(0, len(target)))
    kept = target[lead:]
    shape = tuple(1 if draw(st.booleans()) else n for n in kept)
    return Case((shape,), {"shape": target}, draw(SEEDS))


@st.composite
def squeeze_cases(draw: st.DrawFn) -> Case:
    base = list(draw(SHAPES))
    where = draw(st.integers(0, len(base)))
    shape = (*base[:where], 1, *base[where:])
    axis = draw(st.sampled_from([None, where, where - len(shape)]))
    return Case((shape,), {"axis": axis}, draw(SEEDS))


@st.composite
def unsqueeze_cases(draw: st.DrawFn) -> Case:
    shape = draw(SHAPES)
    axis = draw(st.integers(-len(shape) - 1, len(shape)))
    return Case((shape,), {"axis": axis}, draw(SEEDS))


@st.composite
def concatenate_cases(draw: st.DrawFn) -> Case:
    base = draw(NONEMPTY_DIMS)
    axis = draw(st.integers(-len(base), len(base) - 1))
    count = draw(st.integers(1, 3))
    sizes = [draw(st.integers(1, 3)) for _ in range(count)]
    shapes = tuple(
        tuple(size if i == axis % len(base) else n for i, n in enumerate(base)) for size in sizes
    )
    return Case(shapes, {"axis": axis}, draw(SEEDS))


@st.composite
def stack_cases(draw: st.DrawFn) -> Case:
    base = draw(SHAPES)
    axis = draw(st.integers(-len(base) - 1, len(base)))
    count = draw(st.integers(1, 3))
    return Case((base,) * count, {"axis": axis}, draw(SEEDS))


@st.composite
def slice_cases(draw: st.DrawFn) -> Case:
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4))
    index = []
    for n in shape[: draw(st.integers(1, len(shape)))]:
        if draw(st.booleans()):
            index.append(draw(st.integers(-n, n - 1)))
        else:
            start = draw(st.integers(0, n - 1))
            stop = draw(st.integers(start + 1, n))
            index.append(slice(start, stop, draw(st.integers(1, 2))))
    return Case((shape,), {"index": tuple(index)}, draw(SEEDS))


@st.composite
def int_array_cases(draw: st.DrawFn) -> Case:
    """Integer-array indexing, repeats included (the backward must add them up)."""
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3))
    length = draw(st.integers(1, 6))
    first = np.array(draw(st.lists(st.integers(0, shape[0] - 1), min_size=length, max_size=length)))
    if len(shape) >= 2 and draw(st.booleans()):
        second = draw(st.lists(st.integers(0, shape[1] - 1), min_size=length, max_size=length))
        index: Any = (first, np.array(second))
    else:
        index = first
    return Case((shape,), {"index": index}, draw(SEEDS))


@st.composite
def mask_cases(draw: st.DrawFn) -> Case:
    shape = draw(NONEMPTY_DIMS)
    depth = draw(st.integers(1, len(shape)))
    mask = draw(hnp.arrays(np.bool_, shape[:depth]))
    return Case((shape,), {"index": mask}, draw(SEEDS))


@st.composite
def where_cases(draw: st.DrawFn) -> Case:
    shapes = draw(
        hnp.mutually_broadcastable_shapes(
            num_shapes=3, min_dims=0, max_dims=3, min_side=1, max_side=3
        )
    )
    cond_shape, a_shape, b_shape = shapes.input_shapes
    cond = draw(hnp.arrays(np.bool_, cond_shape))
    return Case((a_shape, b_shape), {"cond": cond}, draw(SEEDS))


@st.composite
def cross_entropy_cases(draw: st.DrawFn) -> Case:
    n, c = draw(st.integers(1, 4)), draw(st.integers(2, 5))
    targets = draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n))
    return Case(((n, c),), {"targets": np.array(targets)}, draw(SEEDS))


# --------------------------------------------------------------- torch conventions
def _dims(ndim: int, axis: Any) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(ndim))
    return tuple(axis) if isinstance(axis, tuple) else (axis,)


def t_reduce(name: str) -> Callable[..., Any]:
    """torch's sum/mean/amax/amin/var/logsumexp with NumPy's axis/keepdims."""

    def call(torch: Any, x: Any, axis: Any = None, keepdims: bool = False) -> Any:
        dims = _dims(x.ndim, axis)
        if name == "var":
            return torch.var(x, dim=dims, correction=0, keepdim=keepdims)
        if name == "logsumexp":
            return torch.logsumexp(x, dim=dims, keepdim=keepdims)
        return getattr(torch, name)(x, dim=dims, keepdim=keepdims)

    return call


def t_index(torch: Any, index: Any) -> Any:
    if isinstance(index, np.ndarray):
        return torch.as_tensor(index)
    if isinstance(index, tuple):
        return tuple(torch.as_tensor(i) if isinstance(i, np.ndarray) else i for i in index)
    return index


def t_squeeze(torch: Any, x: Any, axis: Any) -> Any:
    return torch.squeeze(x) if axis is None else torch.squeeze(x, axis)


def t_cross_entropy(torch: Any, z: Any, targets: np.ndarray) -> Any:
    return torch.nn.functional.cross_entropy(z, torch.as_tensor(targets))


def t_where(torch: Any, a: Any, b: Any, cond: np.ndarray) -> Any:
    return torch.where(torch.as_tensor(cond), a, b)


# ------------------------------------------------------------------------ the table
LO, HI = -0.5, 0.7
SLOPE = 0.1

U = unary_cases()
B2 = broadcast_cases(2)


def row(name: str, fn: Callable, torch_fn: Callable, cases: Any, *domains: Callable) -> OpSpec:
    return OpSpec(name, fn, torch_fn, cases, domains)


SPECS: list[OpSpec] = [
    # arithmetic (broadcasting binary ops)
    row("add", lambda a, b: a + b, lambda t, a, b: a + b, B2, real, real),
    row("sub", lambda a, b: a - b, lambda t, a, b: a - b, B2, real, real),
    row("mul", lambda a, b: a * b, lambda t, a, b: a * b, B2, real, real),
    row("div", lambda a, b: a / b, lambda t, a, b: a / b, B2, real, nonzero),
    row("power", lambda a, b: a**b, lambda t, a, b: a**b, B2, positive, real),
    row("matmul", lambda a, b: a @ b, lambda t, a, b: a @ b, matmul_cases(), real, real),
    # Python scalars on either side
    row("scalar_add", lambda x: x + 2.5, lambda t, x: x + 2.5, U, real),
    row("scalar_radd", lambda x: 2.5 + x, lambda t, x: 2.5 + x, U, real),
    row("scalar_sub", lambda x: x - 2.5, lambda t, x: x - 2.5, U, real),
    row("scalar_rsub", lambda x: 2.5 - x, lambda t, x: 2.5 - x, U, real),
    row("scalar_mul", lambda x: x * 2.5, lambda t, x: x * 2.5, U, real),
    row("scalar_rmul", lambda x: 2.5 * x, lambda t, x: 2.5 * x, U, real),
    row("scalar_div", lambda x: x / 2.5, lambda t, x: x / 2.5, U, real),
    row("scalar_rdiv", lambda x: 2.5 / x, lambda t, x: 2.5 / x, U, nonzero),
    row("pow_int", lambda x: x**3, lambda t, x: x**3, U, real),
    row("pow_square", lambda x: x**2, lambda t, x: x**2, U, real),
    row("pow_zero", lambda x: x**0, lambda t, x: x**0, U, real),
    row("pow_one", lambda x: x**1, lambda t, x: x**1, U, real),
    row("pow_float", lambda x: x**2.5, lambda t, x: x**2.5, U, positive),
    row("pow_negative", lambda x: x**-1.5, lambda t, x: x**-1.5, U, positive),
    row("scalar_rpow", lambda x: 2.5**x, lambda t, x: 2.5**x, U, real),
    # elementwise functions
    row("neg", lambda x: -x, lambda t, x: -x, U, real),
    row("exp", gs.exp, lambda t, x: t.exp(x), U, real),
    row("log", gs.log, lambda t, x: t.log(x), U, positive),
    row("sqrt", gs.sqrt, lambda t, x: t.sqrt(x), U, positive),
    row("abs", gs.abs, lambda t, x: t.abs(x), U, away_from(0.0)),
    row("sin", gs.sin, lambda t, x: t.sin(x), U, real),
    row("cos", gs.cos, lambda t, x: t.cos(x), U, real),
    row("tanh", gs.tanh, lambda t, x: t.tanh(x), U, real),
    row("sigmoid", gs.sigmoid, lambda t, x: t.sigmoid(x), U, real),
    row("relu", gs.relu, lambda t, x: t.relu(x), U, away_from(0.0)),
    row(
        "leaky_relu",
        lambda x: gs.leaky_relu(x, SLOPE),
        lambda t, x: t.nn.functional.leaky_relu(x, SLOPE),
        U,
        away_from(0.0),
    ),
    row("softplus", gs.softplus, lambda t, x: t.nn.functional.softplus(x), U, real),
    row("maximum", gs.maximum, lambda t, a, b: t.maximum(a, b), B2, on_grid(0.0), on_grid(0.5)),
    row("minimum", gs.minimum, lambda t, a, b: t.minimum(a, b), B2, on_grid(0.0), on_grid(0.5)),
    row("where", lambda a, b, cond: gs.where(cond, a, b), t_where, where_cases(), real, real),
    row(
        "clip",
        lambda x: gs.clip(x, LO, HI),
        lambda t, x: t.clamp(x, LO, HI),
        U,
        away_from(LO, HI),
    ),
    row("clip_lo", lambda x: gs.clip(x, LO), lambda t, x: t.clamp(x, min=LO), U, away_from(LO)),
    row("clip_hi", lambda x: gs.clip(x, hi=HI), lambda t, x: t.clamp(x, max=HI), U, away_from(HI)),
    # reductions
    row("sum", gs.sum, t_reduce("sum"), reduce_cases(), real),
    row("mean", gs.mean, t_reduce("mean"), reduce_cases(), real),
    row("max", gs.max, t_reduce("amax"), reduce_cases(), distinct),
    row("min", gs.min, t_reduce("amin"), reduce_cases(), distinct),
    row("var", gs.var, t_reduce("var"), reduce_cases(), real),
    row("logsumexp", gs.logsumexp, t_reduce("logsumexp"), reduce_cases(), real),
    # shape ops
    row("reshape", gs.reshape, lambda t, x, shape: t.reshape(x, shape), reshape_cases(), real),
    row(
        "transpose",
        lambda x: gs.transpose(x),
        lambda t, x: x.permute(tuple(reversed(range(x.ndim)))),
        U,
        real,
    ),
    row("permute", gs.permute, lambda t, x, axes: x.permute(*axes), permute_cases(), real),
    row(
        "broadcast_to",
        gs.broadcast_to,
        lambda t, x, shape: t.broadcast_to(x, shape),
        broadcast_to_cases(),
        real,
    ),
    row("squeeze", gs.squeeze, t_squeeze, squeeze_cases(), real),
    row(
        "unsqueeze", gs.unsqueeze, lambda t, x, axis: t.unsqueeze(x, axis), unsqueeze_cases(), real
    ),
    row(
        "concatenate",
        lambda *xs, axis: gs.concatenate(list(xs), axis=axis),
        lambda t, *xs, axis: t.cat(list(xs), dim=axis),
        concatenate_cases(),
        real,
    ),
    row(
        "stack",
        lambda *xs, axis: gs.stack(list(xs), axis=axis),
        lambda t, *xs, axis: t.stack(list(xs), dim=axis),
        stack_cases(),
        real,
    ),
    # indexing (scatter-add backward)
    row(
        "index_slices",
        lambda x, index: x[index],
        lambda t, x, index: x[index],
        slice_cases(),
        real,
    ),
    row(
        "index_int_arrays",
        lambda x, index: x[index],
        lambda t, x, index: x[t_index(t, index)],
        int_array_cases(),
        real,
    ),
    row(
        "index_bool_mask",
        lambda x, index: x[index],
        lambda t, x, index: x[t_index(t, index)],
        mask_cases(),
        real,
    ),
    # softmax family
    row(
        "softmax",
        gs.softmax,
        lambda t, x, axis: t.softmax(x, dim=axis),
        axis_cases(),
        real,
    ),
    row(
        "log_softmax",
        gs.log_softmax,
        lambda t, x, axis: t.log_softmax(x, dim=axis),
        axis_cases(),
        real,
    ),
    row(
        "cross_entropy",
        gs.cross_entropy,
        t_cross_entropy,
        cross_entropy_cases(),
        real,
    ),
]

SPEC_IDS = [spec.name for spec in SPECS]


# ------------------------------------------------------------------------- oracles
def numeric_vjp(
    f: Callable[[list[np.ndarray]], np.ndarray],
    arrays: list[np.ndarray],
    weights: np.ndarray,
    eps: float = 1e-6,
) -> list[np.ndarray]:
    """∂/∂inputs of Σ weights·f(inputs) by central differences, element by element."""
    grads = []
    for i, a in enumerate(arrays):
        g = np.zeros_like(a)
        for index in np.ndindex(a.shape):
            values = [v.copy() for v in arrays]
            values[i][index] += eps
            up = np.sum(weights * f(values))
            values[i][index] -= 2 * eps
            down = np.sum(weights * f(values))
            g[index] = (up - down) / (2 * eps)
        grads.append(g)
    return grads


def call(spec: OpSpec, case: Case, arrays: list[np.ndarray], **tensor_kw: Any) -> tuple:
    """Leaves for ``arrays`` and the op applied to them."""
    leaves = [gs.tensor(a, **tensor_kw) for a in arrays]
    return leaves, spec.fn(*leaves, **case.params)


def to_torch(torch: Any, arrays: list[np.ndarray]) -> list[Any]:
    return [torch.tensor(a, requires_grad=True) for a in arrays]


def as_array(value: Any, like: np.ndarray) -> np.ndarray:
    """A gradient as an array; ``None`` (no path) as zeros."""
    if value is None:
        return np.zeros_like(like)
    if isinstance(value, gs.Tensor):
        return np.asarray(value.numpy())
    return value.detach().numpy(force=True)  # torch (its symbolic zeros need force=True)
