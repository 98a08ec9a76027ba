"""f and ∇f of a compiled formula over a batch: recorded once by the engine, then replayed.

A compiled formula (:mod:`gradstep.descent.compiled`) builds the same graph at every step
of a sweep: the same primitives in the same order with the same constants; only the
arrays change. So the engine records that graph once, and every later step runs the
recorded primitives' own forward functions and derivative rules (their vector-Jacobian
products, on raw arrays, as the engine's first-order backward does) in the order of the
engine's backward walk (reverse creation order, parents in order, cotangents summed as
they arrive). The numbers are bit for bit the engine's: recording checks it on the
points it was recorded at, and anything unusual (a primitive that is not elementwise, a
constant that is not a number, a gradient of another shape) means no replay: the engine
is then called at every step, as before. What is saved is building and sorting a graph
of Tensors at every step.

>>> import numpy as np
>>> from gradstep.descent.compiled import compile_expression
>>> import sympy
>>> x, y = sympy.symbols("x y")
>>> replay = Replay.record(compile_expression(x**2 + 3*y, ["x", "y"]), np.ones((2, 3)))
>>> f, g = replay(np.array([[1.0, 2.0, 3.0], [0.0, 1.0, 2.0]]))
>>> f.tolist(), g.tolist()
([1.0, 7.0, 15.0], [[2.0, 4.0, 6.0], [3.0, 3.0, 3.0]])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

import gradstep as gs
from gradstep.autograd.engine import toposort
from gradstep.autograd.primitive import ARRAY_OPS, Primitive

# Primitives that act elementwise and whose context is fixed when the graph is built.
ELEMENTWISE = frozenset(
    {
        *("add", "sub", "mul", "div", "neg", "pow", "power", "exp", "log", "sqrt", "abs"),
        *("sin", "cos", "tanh", "sigmoid", "relu", "softplus", "maximum", "minimum"),
        *("add_scalar", "sub_scalar", "rsub_scalar", "mul_scalar", "div_scalar", "rdiv_scalar"),
    }
)


class NotReplayable(Exception):
    """The recorded graph is not one this module can replay (the engine is used)."""


@dataclass(frozen=True)
class _Node:
    """One recorded primitive: where its inputs and its output live (slots, see Replay)."""

    prim: Primitive
    ctx: Any
    slots: tuple[int, ...]
    needs: tuple[bool, ...]
    out: int


class Replay:
    """A recorded formula: ``replay(points)`` gives f ``(B,)`` and ∇f ``(n, B)``.

    Every array lives in a slot: the n inputs first, then the constants, then each
    node's result in creation order (the output last).
    """

    def __init__(self, n: int, consts: list[Any], nodes: list[_Node]) -> None:
        self.n, self.consts, self.nodes = n, consts, nodes
        self.first_node = n + len(consts)  # slots below this one that are not inputs: constants
        self._ones: dict[int, np.ndarray] = {}

    @classmethod
    def record(cls, function: Callable[..., Any], points: np.ndarray) -> Replay:
        """Record ``function`` with the engine at ``points`` (shape ``(n, B)``, B ≥ 2) and
        check that replaying gives the engine's numbers exactly; else NotReplayable."""
        n, batch = points.shape
        if batch < 2:  # with 0-d inputs, constants and data could not be told apart
            raise NotReplayable("a batch of one")
        leaves = [gs.tensor(row, requires_grad=True) for row in points]
        with np.errstate(all="ignore"):
            out = function(*leaves)
            if not isinstance(out, gs.Tensor) or not out.requires_grad:
                raise NotReplayable("the output does not depend on the inputs")
            replay = cls(n, *_program(out, leaves))
            found = gs.gradients([out], leaves, [np.ones(out.shape)], retain_graph=True)
            f, g = replay(points)
        want = np.stack([np.zeros(batch) if t is None else t.data for t in found])
        if out.shape != (batch,) or not _same(f, out.data) or not _same(g, want):
            raise NotReplayable("the replay differs from the engine")
        return replay

    def __call__(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        values: list[Any] = [*points, *self.consts, *[None] * len(self.nodes)]
        for node in self.nodes:
            slots = node.slots
            if len(slots) == 1:
                values[node.out] = node.prim.forward(node.ctx, values[slots[0]])
            else:
                values[node.out] = node.prim.forward(node.ctx, *[values[s] for s in slots])
        return values[-1], self._backward(values, points.shape)

    def _backward(self, values: list[Any], shape: tuple[int, int]) -> np.ndarray:
        """The engine's first-order walk: reverse creation order, each node's cotangent
        through its rule, each input's share added as it arrives."""
        cot: list[Any] = [None] * len(values)
        cot[-1] = self._seed(shape[1])
        n, first_node = self.n, self.first_node
        for node in reversed(self.nodes):
            g = cot[node.out]
            if g is None:
                continue
            args = [values[s] for s in node.slots]
            grads = node.prim.vjp(ARRAY_OPS, node.ctx, g, values[node.out], *args, node.needs)
            for s, pg in zip(node.slots, grads, strict=True):
                if pg is None or n <= s < first_node:  # constants get no gradient
                    continue
                old = cot[s]
                cot[s] = pg if old is None else old + pg
        grads = np.empty(shape)
        for i in range(n):
            grads[i] = 0.0 if cot[i] is None else cot[i]
        return grads

    def _seed(self, batch: int) -> np.ndarray:
        ones = self._ones.get(batch)
        if ones is None:
            ones = self._ones[batch] = np.ones(batch)
            ones.flags.writeable = False  # shared between calls: never written
        return ones


def _program(out: gs.Tensor, leaves: list[gs.Tensor]) -> tuple[list[Any], list[_Node]]:
    """The constants and the nodes between ``leaves`` and ``out`` (in creation order)."""
    slot = {id(t): i for i, t in enumerate(leaves)}
    order = toposort([out], {id(t) for t in leaves})[::-1]  # increasing creation tick
    consts: list[Any] = []
    steps: list[tuple[gs.Tensor, list[Any]]] = []
    for t in order:
        if id(t) in slot:
            continue
        if t._op is None or t._op.name not in ELEMENTWISE:
            raise NotReplayable(getattr(t._op, "name", "a leaf"))
        inputs = []
        for p in t._parents:
            if id(p) in slot or any(p is q for q, _ in steps):
                inputs.append(p)
            elif p.requires_grad or p.data.ndim != 0:  # only numbers may be constants
                raise NotReplayable("an input that is neither a node nor a number")
            else:
                consts.append(p.data)
                inputs.append(len(consts) - 1)  # a constant's index
        steps.append((t, inputs))
    base = len(leaves) + len(consts)
    nodes = []
    for j, (t, inputs) in enumerate(steps):
        slot[id(t)] = base + j
        slots = tuple(len(leaves) + p if isinstance(p, int) else slot[id(p)] for p in inputs)
        needs = tuple(p.requires_grad for p in t._parents)
        nodes.append(_Node(t._op, t._ctx, slots, needs, base + j))
    if not nodes or slot.get(id(out)) != base + len(nodes) - 1:
        raise NotReplayable("the output is not the last node")
    return consts, nodes


def _same(a: Any, b: Any) -> bool:
    return bool(np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True))
