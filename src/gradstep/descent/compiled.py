"""A formula compiled once into nested closures over engine ops, for fast repeated calls.

The bridge (:func:`gradstep.calculus.to_tensor_function`) walks the SymPy tree on every
call; a descent calls ``f`` thousands of times, so here the tree is walked ONCE and turned
into closures that only apply engine ops (the same op table as the bridge,
``gradstep.calculus.bridge.FUNCTIONS``). Anything unusual falls back to the bridge.

>>> import sympy, gradstep as gs
>>> x, y = sympy.symbols("x y")
>>> f = compile_expression(x**2 + 3*y, ["x", "y"])
>>> f(gs.tensor([1.0, 2.0]), gs.tensor(1.0)).tolist()
[4.0, 7.0]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import reduce
from operator import add, mul, sub
from typing import Any

import sympy

import gradstep as gs

Node = Callable[[Sequence[Any]], Any]


class NotCompilable(Exception):
    """The formula uses something the compiler does not handle (the bridge will)."""


def _constant(node: sympy.Expr) -> Node:
    value = complex(node.evalf())
    if value.imag:
        raise NotCompilable(str(node))
    number = value.real  # a Python float: the engine's scalar ops take it as it is
    return lambda args: number


def _negated(node: sympy.Expr) -> sympy.Expr | None:
    """``b`` when ``node`` is ``(−1)·b``, else None (so ``a + (−1)·b`` becomes ``a − b``
    and ``(−1)·b`` becomes ``−b``: one op instead of two, bit for bit the same numbers)."""
    if node.is_Mul and node.args[0] == -1 and len(node.args) >= 2:
        rest = node.args[1:]
        return rest[0] if len(rest) == 1 else sympy.Mul(*rest, evaluate=False)
    return None


def _sum(terms: tuple[sympy.Expr, ...], build: Callable[[sympy.Expr], Node]) -> Node:
    """Σ terms, added left to right as written, subtracting the negated ones."""
    first, *others = terms
    acc = build(first)
    for term in others:
        neg = _negated(term)
        acc = _binary(acc, build(term if neg is None else neg), add if neg is None else sub)
    return acc


def _binary(first: Node, second: Node, op: Callable[[Any, Any], Any]) -> Node:
    return lambda args: op(first(args), second(args))


def _power(node: sympy.Pow, build: Callable[[sympy.Expr], Node]) -> Node:
    base, exponent = node.base, node.exp
    if not base.free_symbols:
        e, log_base = build(exponent), float(sympy.log(base))
        return lambda args: gs.exp(e(args) * log_base)
    b = build(base)
    if exponent == sympy.Rational(1, 2):
        return lambda args: gs.sqrt(b(args))
    if exponent == -1:
        return lambda args: 1.0 / b(args)
    if exponent.is_Number:
        power = int(exponent) if exponent.is_Integer else float(exponent)
        return lambda args: b(args) ** power
    e = build(exponent)
    return lambda args: gs.power(b(args), e(args))


def _folded(parts: list[Node], op: Callable[[Any, Any], Any]) -> Node:
    if len(parts) == 2:
        first, second = parts
        return lambda args: op(first(args), second(args))
    return lambda args: reduce(op, (p(args) for p in parts))


def compile_expression(expr: sympy.Expr, variables: Sequence[str]) -> Callable[..., Any]:
    """``expr`` as a function of Tensors in the order of ``variables`` (raises
    :class:`NotCompilable` for anything the bridge should handle instead)."""
    from gradstep.calculus.bridge import FUNCTIONS

    index = {name: i for i, name in enumerate(variables)}

    def build(node: sympy.Expr) -> Node:
        if node.is_Symbol:
            if node.name not in index:
                raise NotCompilable(node.name)
            i = index[node.name]
            return lambda args: args[i]
        if not node.free_symbols:
            return _constant(node)
        if node.is_Add:
            return _sum(node.args, build)
        if node.is_Mul:
            neg = _negated(node)
            if neg is not None:
                inner = build(neg)
                return lambda args: -inner(args)
            return _folded([build(a) for a in node.args], mul)
        if node.is_Pow:
            return _power(node, build)
        op = FUNCTIONS.get(node.func)
        if op is None:
            raise NotCompilable(type(node).__name__)
        parts = [build(a) for a in node.args]
        if len(parts) == 1:
            (only,) = parts
            return lambda args: op(only(args))
        return lambda args: op(*(p(args) for p in parts))

    if not expr.free_symbols:
        raise NotCompilable(str(expr))  # a constant function: the bridge's float is kept
    body = build(expr)

    def function(*tensors: Any) -> Any:
        return body(tensors)

    function.replayable = True  # type: ignore[attr-defined]  # the same graph every call
    return function
