"""The backward pass: walk the graph in reverse topological order, apply each rule once.

* iterative (no recursion limit), over the nodes that require gradients only;
* each node's cotangent is summed from its consumers, used once, then dropped;
* every rule's output is reduced back to its input's shape and dtype here, once;
* the nodes whose rules saved values (``Primitive.saves``) are freed as they are consumed
  unless ``retain_graph`` (a second walk through one is a clear error; ops that save
  nothing, such as ``add`` or ``reshape``, can be walked again, as in PyTorch), and with
  ``create_graph`` the walk itself is recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from gradstep import backend as B
from gradstep.autograd.mode import _GradMode
from gradstep.autograd.primitive import ARRAY_OPS, TENSOR_OPS, expand
from gradstep.autograd.tensor import LAST_INPLACE, Tensor, _leaf
from gradstep.errors import GradientError, InPlaceError, ShapeError

_STAMP = attrgetter("_stamp")
_ONE = (True,)


def toposort(roots: Sequence[Tensor], stop: set[int] | None = None) -> list[Tensor]:
    """Nodes that require grad, reachable from ``roots``, each after all its consumers.

    Every recorded node carries the tick of its creation (``_stamp``), and a node is always
    made after its parents; so the reachable nodes sorted by decreasing tick are in reverse
    topological order. One iterative sweep finds them, one C-level sort orders them.
    """
    nodes = [r for r in roots if r.requires_grad]
    seen = {id(r) for r in nodes}
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if node._op is None or (stop is not None and id(node) in stop):
            continue
        parents = node._parents
        if parents is None:
            raise GradientError(
                f"backward: the graph through {node._op.name!r} was already freed by an "
                "earlier backward(); pass retain_graph=True to the first call if you "
                "need to go through it twice"
            )
        for p in parents:
            if p.requires_grad and id(p) not in seen:
                seen.add(id(p))
                nodes.append(p)
                stack.append(p)
    nodes.sort(key=_STAMP, reverse=True)
    return nodes


def unbroadcast(g: Any, shape: tuple[int, ...], tensors: bool) -> Any:
    """Sum ``g`` over the axes broadcasting added, so it has ``shape`` again."""
    gshape = g.shape
    if gshape == shape:
        return g
    lead = len(gshape) - len(shape)
    if lead == 1 and gshape[1:] == shape and not tensors:  # a bias: sum over the batch
        return g.sum(axis=0)
    if lead < 0:
        return TENSOR_OPS.broadcast_to(g, shape) if tensors else expand(g, shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, n in enumerate(shape) if n == 1 and gshape[lead + i] != 1
    )
    if tensors:
        return TENSOR_OPS.reshape(TENSOR_OPS.sum(g, axis=axes), shape)
    return g.sum(axis=axes).reshape(shape)


def _check_unchanged(node: Tensor) -> None:
    stamp = node._stamp
    if node._edit_version() > stamp:
        raise InPlaceError(
            f"backward: the output of {node._op.name!r} {node.shape} was changed in place after "
            "the graph saved it, so its gradient would be wrong; use an out-of-place op"
        )
    for i, p in enumerate(node._parents):
        if p._edit_version() > stamp:
            raise InPlaceError(
                f"backward: input {i} {p.shape} of {node._op.name!r} was changed in place after "
                "the graph saved it, so its gradient would be wrong; use an out-of-place op "
                "(x = x + 1, not x += 1) or clone it before the change"
            )


def _seed(root: Tensor, grad: Any) -> Any:
    if grad is None:
        if root.data.size != 1:
            raise GradientError(
                f"backward: the output has shape {root.shape}, not a single number; pass the "
                "seed gradient (backward(grad)), reduce it first (.sum()), or use gs.jacobian"
            )
        return B.xp.ones_like(root.data)
    seed = grad.data if isinstance(grad, Tensor) else B.xp.asarray(grad, dtype=root.dtype)
    if seed.shape != root.shape:
        raise ShapeError(
            f"backward: the seed gradient has shape {seed.shape} but the output has shape "
            f"{root.shape}; they must match"
        )
    return B.xp.array(seed, dtype=root.dtype)  # a copy: the caller's array is never aliased


def run_backward(
    roots: Sequence[Tensor],
    seeds: Sequence[Any],
    *,
    inputs: Sequence[Tensor] | None = None,
    retain_graph: bool = False,
    create_graph: bool = False,
    trace: dict[int, Any] | None = None,
) -> list[Any] | None:
    """Propagate ``seeds`` (arrays) from ``roots`` back through the graph.

    With ``inputs=None`` gradients are accumulated into the ``.grad`` of leaves (and of
    non-leaves that asked with ``retain_grad``). With ``inputs``, nothing is written: the
    gradients with respect to those tensors are returned (``None`` where unreachable).
    With ``trace`` (a dict), every node's total cotangent is also stored there by ``id``.
    """
    stop = None if inputs is None else {id(t) for t in inputs}
    order = toposort(roots, stop)
    for root, seed in zip(roots, seeds, strict=True):
        if root.requires_grad:
            g = _leaf(seed) if create_graph else seed
            root._g = g if root._g is None else root._g + g
    found: dict[int, Any] = {}
    try:
        with _GradMode(create_graph):
            _walk(order, stop, found, trace, retain_graph or create_graph, create_graph)
    finally:
        for node in order:  # nothing stays behind, even after an error
            node._g = None
    if inputs is None:
        return None
    return [found.get(id(t)) for t in inputs]


def _walk(
    order: list[Tensor],
    stop: set[int] | None,
    found: dict[int, Any],
    trace: dict[int, Any] | None,
    keep: bool,
    create_graph: bool,
) -> None:
    """The hot loop: each node's cotangent (``_g``) through its rule to its parents."""
    ops = TENSOR_OPS if create_graph else ARRAY_OPS
    for node in order:
        g = node._g
        if g is None:
            continue
        node._g = None
        if trace is not None:
            trace[id(node)] = g
        if stop is not None and id(node) in stop:
            found[id(node)] = g
            continue
        op = node._op
        if op is None or node._retain:
            if stop is None:
                _accumulate(node, g, create_graph)
            if op is None:
                continue
        parents = node._parents
        if op.saves and LAST_INPLACE[0] > node._stamp:
            _check_unchanged(node)
        if len(parents) == 1:
            p = parents[0]
            if create_graph:
                (pg,) = op.vjp(ops, node._ctx, g, node, p, _ONE)
                _send(p, pg, ops, True, None)
                continue
            pdata = p.data
            (pg,) = op.vjp(ops, node._ctx, g, node.data, pdata, _ONE)
            if pg.shape != pdata.shape or pg.dtype != pdata.dtype:
                _send(p, pg, ops, False, None)
            else:  # the common case, inline: same shape and dtype as the parent
                old = p._g
                p._g = pg if old is None else old + pg
        elif len(parents) == 2 and not create_graph:
            a, b = parents
            ga, gb = op.vjp(
                ops, node._ctx, g, node.data, a.data, b.data, (a.requires_grad, b.requires_grad)
            )
            if ga is not None and a.requires_grad:
                ga = _send(a, ga, ops, False, None)
            if gb is not None and b.requires_grad:
                _send(b, gb, ops, False, ga)
        else:
            needs = tuple(p.requires_grad for p in parents)
            if create_graph:
                grads = op.vjp(ops, node._ctx, g, node, *parents, needs)
            else:
                grads = op.vjp(ops, node._ctx, g, node.data, *[p.data for p in parents], needs)
            given = None
            for p, pg in zip(parents, grads, strict=True):
                if pg is None or not p.requires_grad:
                    continue
                given = _send(p, pg, ops, create_graph, given)
        if not keep and op.saves:  # as in PyTorch: only what a rule saved is freed
            node._parents = None
            node._ctx = None


def _send(p: Tensor, pg: Any, ops: Any, create_graph: bool, given: Any) -> Any:
    """Add ``pg`` to parent ``p``'s cotangent, in ``p``'s shape and dtype; returns it.

    ``given`` is what the previous parent of the same node received: one array handed
    to two parents (``a + b``) is copied once, so no two ``.grad`` ever share memory.
    """
    pdata = p.data
    if pg.shape != pdata.shape:
        pg = unbroadcast(pg, pdata.shape, create_graph)
    if pg.dtype != pdata.dtype:
        pg = ops.cast(pg, pdata.dtype)
    if pg is given and not create_graph:
        pg = pg.copy()
    old = p._g
    p._g = pg if old is None else old + pg
    return pg


def _accumulate(node: Tensor, g: Any, create_graph: bool) -> None:
    if create_graph:
        node.grad = g if node.grad is None else node.grad + g
    elif node.grad is None:
        g = B.xp.asarray(g)
        if not getattr(g.flags, "writeable", True):  # a broadcast view: .grad owns its memory
            g = g.copy()
        node.grad = _leaf(g)
    else:
        node.grad = _leaf(node.grad.data + g)


def backward(
    root: Tensor, grad: Any = None, *, retain_graph: bool = False, create_graph: bool = False
) -> None:
    """``root.backward(...)``: accumulate gradients into the leaves' ``.grad``."""
    if not root.requires_grad:
        raise GradientError(
            "backward: this tensor does not require grad, so there is nothing to differentiate "
            "(make the inputs with requires_grad=True, outside no_grad())"
        )
    run_backward([root], [_seed(root, grad)], retain_graph=retain_graph, create_graph=create_graph)


def gradients(
    outputs: Sequence[Tensor],
    inputs: Sequence[Tensor],
    seeds: Sequence[Any] | None = None,
    *,
    retain_graph: bool = False,
    create_graph: bool = False,
) -> list[Tensor | None]:
    """d(outputs)/d(inputs) as Tensors; no ``.grad`` is touched (torch.autograd.grad)."""
    if seeds is None:
        seeds = [None] * len(outputs)
    raw = [_seed(o, s) if o.requires_grad else None for o, s in zip(outputs, seeds, strict=True)]
    live = [(o, s) for o, s in zip(outputs, raw, strict=True) if s is not None]
    if not live:
        return [None] * len(inputs)
    found = run_backward(
        [o for o, _ in live],
        [s for _, s in live],
        inputs=inputs,
        retain_graph=retain_graph,
        create_graph=create_graph,
    )
    assert found is not None
    return [g if g is None or isinstance(g, Tensor) else _leaf(g) for g in found]
