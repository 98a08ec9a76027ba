"""Functional transforms on Python functions of Tensors: grad, value_and_grad, vjp, jvp,
jacobian, hessian, hvp. They compose: ``grad(lambda x: (grad(f)(x) * v).sum())`` is a
Hessian-vector product.

Arguments may be Tensors (with or without ``requires_grad``), NumPy arrays or numbers;
results are Tensors. When an argument already takes part in an outer differentiation,
the result stays connected to it (the backward pass is recorded), which is how the
transforms nest.

>>> import gradstep as gs
>>> gs.grad(lambda x: x**3)(2.0).item()
12.0
>>> gs.hessian(lambda x: (x**3).sum())(gs.tensor([1.0, 2.0])).tolist()
[[6.0, 0.0], [0.0, 12.0]]
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from typing import Any

from gradstep import backend as B
from gradstep.autograd.creation import tensor
from gradstep.autograd.engine import gradients, toposort
from gradstep.autograd.mode import MODE, enable_grad
from gradstep.autograd.tensor import Tensor, _leaf
from gradstep.errors import GradientError

Argnums = int | Sequence[int]

# The leaves the transforms make for their arguments (by id; weak, so they die with their
# graphs), and those whose transform is evaluating its function right now. A graph that
# reaches the leaf of a finished transform (a recorded inner gradient) does not depend on
# anything outside; one that reaches the leaf of a running one does (a closure over it).
_OWN: weakref.WeakValueDictionary[int, Tensor] = weakref.WeakValueDictionary()
_RUNNING: dict[int, int] = {}


class _running:
    """Marks ``variables`` as the arguments of a transform whose function is being run."""

    __slots__ = ("ids",)

    def __init__(self, variables: list[Tensor]) -> None:
        self.ids = [id(v) for v in variables]

    def __enter__(self) -> None:
        for i in self.ids:
            _RUNNING[i] = _RUNNING.get(i, 0) + 1

    def __exit__(self, *exc: object) -> None:
        for i in self.ids:
            left = _RUNNING.pop(i) - 1
            if left:
                _RUNNING[i] = left


def _variable(value: Any) -> tuple[Tensor, bool]:
    """A tensor to differentiate with respect to, and whether it is part of an outer graph."""
    if isinstance(value, Tensor):
        if value.requires_grad and MODE.enabled:
            return value, True
        t = _leaf(value.data)
    else:
        t = tensor(value)
        if t.dtype.kind not in "fc":
            t = tensor(value, dtype="float64")
    if t.dtype.kind not in "fc":
        raise GradientError(
            f"grad: cannot differentiate with respect to a {t.dtype} argument; use floats"
        )
    t.requires_grad = True
    _OWN[id(t)] = t
    return t, False


def _prepare(args: tuple[Any, ...], argnums: Argnums) -> tuple[list[Any], list[Tensor], bool]:
    nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    args = list(args)
    for n in nums:
        if not -len(args) <= n < len(args):
            raise GradientError(f"grad: argnums {n} is out of range for {len(args)} argument(s)")
    variables, nested = [], False
    for n in nums:
        args[n], outer = _variable(args[n])
        variables.append(args[n])
        nested = nested or outer
    return args, variables, nested


def _reaches_outer(out: Any, variables: list[Tensor]) -> bool:
    """True when ``out`` depends on a tensor that requires grad and is not one of
    ``variables`` (an argument of an outer transform or a tensor the function closes
    over): the backward pass must then be recorded, so the result stays connected to it
    (``grad(lambda y: grad(lambda x: x * y)(2.0))(3.0)`` is 1, not 0)."""
    if not MODE.enabled or not isinstance(out, Tensor) or not out.requires_grad:
        return False
    own = {id(v) for v in variables}
    for node in toposort([out], own):
        if node._op is None and id(node) not in own:
            finished = _OWN.get(id(node)) is node and id(node) not in _RUNNING
            if not finished:
                return True
    return False


def _scalar(out: Any, name: str) -> Tensor:
    if not isinstance(out, Tensor):
        raise GradientError(f"{name}: the function must return a Tensor, got {type(out).__name__}")
    if out.data.size != 1:
        raise GradientError(
            f"{name}: the function returned shape {out.shape}, but {name} needs a single number; "
            "reduce it (.sum(), .mean()) or use gs.jacobian for a vector output"
        )
    return out


def _zeros_for(t: Tensor) -> Tensor:
    return _leaf(B.xp.zeros_like(t.data))


def value_and_grad(
    f: Callable[..., Tensor], argnums: Argnums = 0
) -> Callable[..., tuple[Tensor, Any]]:
    """A function returning ``(f(*args), ∂f/∂args[argnums])`` for a scalar-valued ``f``."""

    def wrapped(*args: Any, **kwargs: Any) -> tuple[Tensor, Any]:
        args_, variables, nested = _prepare(args, argnums)
        with enable_grad(), _running(variables):
            out = _scalar(f(*args_, **kwargs), "grad")
        nested = nested or _reaches_outer(out, variables)
        if not out.requires_grad:
            grads = [_zeros_for(v) for v in variables]  # f does not depend on its input
        else:
            found = gradients([out], variables, create_graph=nested, retain_graph=nested)
            grads = [
                g if g is not None else _zeros_for(v) for g, v in zip(found, variables, strict=True)
            ]
        value = out if nested else out.detach()
        result = grads[0] if isinstance(argnums, int) else tuple(grads)
        return value, result

    return wrapped


def grad(f: Callable[..., Tensor], argnums: Argnums = 0) -> Callable[..., Any]:
    """The gradient function of a scalar-valued ``f`` (with respect to ``args[argnums]``).

    >>> import gradstep as gs
    >>> [gs.grad(lambda x: x**2)(v).item() for v in (5.0, 1.0, 0.0, -3.0)]
    [10.0, 2.0, 0.0, -6.0]
    """
    vg = value_and_grad(f, argnums)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        return vg(*args, **kwargs)[1]

    return wrapped


def vjp(f: Callable[..., Tensor], *primals: Any) -> tuple[Tensor, Callable[[Any], Any]]:
    """``f(*primals)`` and a function mapping a cotangent u to uᵀ·J (one per primal)."""
    args, variables, nested = _prepare(primals, tuple(range(len(primals))))
    with enable_grad(), _running(variables):
        out = f(*args)
    nested = nested or _reaches_outer(out, variables)

    def pullback(cotangent: Any) -> Any:
        seed = cotangent.data if isinstance(cotangent, Tensor) else B.xp.asarray(cotangent)
        if not out.requires_grad:
            found: list[Any] = [None] * len(variables)
        else:
            keep = nested or (isinstance(cotangent, Tensor) and cotangent.requires_grad)
            if keep:
                found = _gradients_with_tensor_seed(out, variables, cotangent)
            else:
                found = gradients([out], variables, [seed], retain_graph=True)
        grads = tuple(
            g if g is not None else _zeros_for(v) for g, v in zip(found, variables, strict=True)
        )
        return grads[0] if len(grads) == 1 else grads

    return (out if nested else out.detach()), pullback


def _gradients_with_tensor_seed(out: Tensor, variables: list[Tensor], u: Any) -> list[Any]:
    # (u · out).sum() has gradient uᵀJ and keeps u in the graph (needed by jvp).
    u = u if isinstance(u, Tensor) else tensor(u, dtype=out.dtype)
    with enable_grad():
        total = (out * u).sum()
    return gradients([total], variables, create_graph=True, retain_graph=True)


def jvp(
    f: Callable[..., Tensor], primals: Sequence[Any], tangents: Sequence[Any]
) -> tuple[Tensor, Tensor]:
    """``(f(*primals), J·tangents)``: a forward-mode derivative, by transposing a vjp.

    The vjp u ↦ uᵀJ is linear in u, so J·t is the gradient of u ↦ (uᵀJ)·t.
    """
    primals, tangents = tuple(primals), tuple(tangents)
    if len(primals) != len(tangents):
        raise GradientError(
            f"jvp: {len(primals)} primal(s) but {len(tangents)} tangent(s); give one each"
        )
    args, variables, nested = _prepare(primals, tuple(range(len(primals))))
    with enable_grad():
        with _running(variables):
            out = f(*args)
        if not isinstance(out, Tensor):
            raise GradientError("jvp: the function must return a Tensor")
        nested = nested or _reaches_outer(out, variables)
        u = _leaf(B.xp.zeros_like(out.data))
        u.requires_grad = True
        if not out.requires_grad:
            return out.detach(), _leaf(B.xp.zeros_like(out.data))
        pulled = gradients([(out * u).sum()], variables, create_graph=True, retain_graph=True)
        total = None
        for g, t in zip(pulled, tangents, strict=True):
            if g is None:
                continue
            t_data = t.data if isinstance(t, Tensor) else B.xp.asarray(t, dtype=g.dtype)
            term = (g * _leaf(t_data)).sum()
            total = term if total is None else total + term
    if total is None or not total.requires_grad:
        return out.detach(), _leaf(B.xp.zeros_like(out.data))
    (tangent_out,) = gradients([total], [u], create_graph=nested, retain_graph=nested)
    if tangent_out is None:
        tangent_out = _leaf(B.xp.zeros_like(out.data))
    return (out if nested else out.detach()), tangent_out


def jacobian(f: Callable[..., Any], argnums: Argnums = 0) -> Callable[..., Any]:
    """The Jacobian of ``f`` at a point, of shape ``out.shape + arg.shape`` (reverse mode,
    one backward pass per output element).

    With a tuple ``argnums`` the result is a tuple (one Jacobian per argument); when ``f``
    returns a tuple of Tensors, the result is a tuple over its outputs (as in
    ``torch.func.jacrev``).

    >>> import gradstep as gs
    >>> [j.tolist() for j in gs.jacobian(lambda x, y: x * y, argnums=(0, 1))(2.0, 3.0)]
    [3.0, 2.0]
    """

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        args_, variables, nested = _prepare(args, argnums)
        with enable_grad(), _running(variables):
            out = f(*args_, **kwargs)
        many = isinstance(out, tuple)
        outs = out if many else (out,)
        for o in outs:
            if not isinstance(o, Tensor):
                raise GradientError(
                    f"jacobian: the function must return a Tensor (or a tuple of Tensors), "
                    f"got {type(o).__name__}"
                )
        nested = nested or any(_reaches_outer(o, variables) for o in outs)
        per_output = [_jacobian_of(o, variables, nested) for o in outs]
        if isinstance(argnums, int):
            per_output = [blocks[0] for blocks in per_output]
        else:
            per_output = [tuple(blocks) for blocks in per_output]
        return tuple(per_output) if many else per_output[0]

    return wrapped


def _jacobian_of(out: Tensor, variables: list[Tensor], nested: bool) -> list[Tensor]:
    """d(out)/d(variable) for each variable, shaped ``out.shape + variable.shape``."""
    from gradstep.autograd.ops import reshape, stack

    rows: list[list[Tensor]] = [[] for _ in variables]
    n = out.data.size
    for i in range(n):
        found: list[Any] = [None] * len(variables)
        if out.requires_grad:
            seed = B.xp.zeros(n, dtype=out.dtype)
            seed[i] = 1.0
            found = gradients(
                [out],
                variables,
                [seed.reshape(out.shape)],
                retain_graph=True,
                create_graph=nested,
            )
        for row, g, v in zip(rows, found, variables, strict=True):
            row.append(g if g is not None else _zeros_for(v))
    blocks = []
    for row, v in zip(rows, variables, strict=True):
        if not row:
            blocks.append(_leaf(B.xp.zeros(out.shape + v.shape, dtype=v.dtype)))
        else:
            blocks.append(reshape(stack(row), out.shape + v.shape))
    return blocks


def hessian(f: Callable[..., Tensor], argnums: Argnums = 0) -> Callable[..., Any]:
    """The matrix of second derivatives of a scalar-valued ``f``: the Jacobian of its gradient.

    With a tuple ``argnums`` the result is a tuple of tuples: ``H[i][j]`` holds
    ∂²f/∂xᵢ∂xⱼ, of shape ``xᵢ.shape + xⱼ.shape`` (as in ``torch.func.hessian``).

    >>> import gradstep as gs
    >>> gs.hessian(lambda p: p[0]**2 - p[1]**2)(gs.tensor([1.0, 1.0])).tolist()
    [[2.0, 0.0], [0.0, -2.0]]
    """
    if not isinstance(argnums, int):
        argnums = tuple(argnums)
    return jacobian(grad(f, argnums), argnums)


def hvp(f: Callable[..., Tensor], x: Any, v: Any) -> Tensor:
    """The Hessian of scalar ``f`` at ``x`` times ``v``, without forming the Hessian.

    Two reverse passes: ∇f with its graph recorded, then the vjp of ∇f with ``v`` as seed
    (the Hessian is symmetric, so vᵀH = Hv).

    >>> import gradstep as gs
    >>> gs.hvp(lambda x: (x**3).sum(), [1.0, 2.0], [1.0, 1.0]).tolist()
    [6.0, 12.0]
    """
    _, (variable,), nested = _prepare((x,), 0)
    with enable_grad(), _running([variable]):
        out = _scalar(f(variable), "hvp")
    nested = nested or _reaches_outer(out, [variable])
    if not out.requires_grad:
        return _zeros_for(variable)
    (g,) = gradients([out], [variable], create_graph=True, retain_graph=True)
    if g is None or not g.requires_grad:
        return _zeros_for(variable)
    seed = v.data if isinstance(v, Tensor) else B.xp.asarray(v, dtype=g.dtype)
    if seed.shape != g.shape:
        raise GradientError(f"hvp: v has shape {seed.shape} but x has shape {g.shape}")
    (hv,) = gradients([g], [variable], [seed], create_graph=nested, retain_graph=nested)
    return hv if hv is not None else _zeros_for(variable)
