"""The bridge from the symbolic side to the engine: a formula -> a function over Tensors.

``to_tensor_function("x**2 + y**2")`` walks the SymPy tree once and composes our own
engine ops (``gs.exp``, ``gs.log``, ``gs.sin`` …, ``+ - * / **``), so a descent on a typed
formula is driven by gradstep's autodiff, and the symbolic derivative, the autodiff
gradient and finite differences can be held against each other. Nothing is evaluated
from text: the formula goes through :func:`gradstep.calculus.parse`.

Functions the engine lacks are composed: tan = sin/cos, sec = 1/cos, sinh = (eˣ − e⁻ˣ)/2,
asinh = ln(x + √(x² + 1)), asin x = atan(x/√(1 − x²)) … with one extra primitive,
``atan`` (derivative 1/(1 + x²)), registered here.

Everything broadcasts: arguments of shape (R,) give values of shape (R,), so many
learning rates or starting points run at once.

>>> import gradstep as gs
>>> f = to_tensor_function("x^2 + 3y")
>>> f.variables
['x', 'y']
>>> f(gs.tensor([1.0, 2.0]), gs.tensor(1.0)).tolist()
[4.0, 7.0]
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sympy

import gradstep as gs
from gradstep import backend as B
from gradstep.autograd.ops._apply import apply1, as_tensor
from gradstep.autograd.primitive import PRIMITIVES, primitive
from gradstep.calculus.functions import relu, sigmoid, softplus
from gradstep.calculus.parser import parse
from gradstep.errors import InputError

ATAN = PRIMITIVES.get("atan") or primitive(
    "atan",
    lambda ctx, x: B.xp.arctan(x),
    lambda ops, ctx, g, out, x, needs: (g / (1.0 + x * x),),
    r"\frac{d}{dx}\arctan x = \frac{1}{1 + x^2}",
)

Builder = Callable[..., Any]


def _atan(x: Any) -> Any:
    return apply1(ATAN, as_tensor(x))


def _asin(x: Any) -> Any:
    return _atan(x / gs.sqrt(1.0 - x * x))


def _heaviside(x: Any, at_zero: Any = 0.5) -> Any:
    return gs.where(x > 0, 1.0, gs.where(x < 0, 0.0, at_zero))


def _sign(x: Any) -> Any:
    return gs.where(x > 0, 1.0, gs.where(x < 0, -1.0, 0.0))


def _fold(op: Builder) -> Builder:
    def folded(*args: Any) -> Any:
        out = args[0]
        for arg in args[1:]:
            out = op(out, arg)
        return out

    return folded


FUNCTIONS: dict[type, Builder] = {
    sympy.exp: gs.exp,
    sympy.log: gs.log,
    sympy.sin: gs.sin,
    sympy.cos: gs.cos,
    sympy.tan: lambda x: gs.sin(x) / gs.cos(x),
    sympy.sec: lambda x: 1.0 / gs.cos(x),
    sympy.csc: lambda x: 1.0 / gs.sin(x),
    sympy.cot: lambda x: gs.cos(x) / gs.sin(x),
    sympy.atan: _atan,
    sympy.asin: _asin,
    sympy.acos: lambda x: math.pi / 2 - _asin(x),
    sympy.acot: lambda x: _atan(1.0 / x),
    sympy.asec: lambda x: math.pi / 2 - _asin(1.0 / x),
    sympy.acsc: lambda x: _asin(1.0 / x),
    sympy.sinh: lambda x: (gs.exp(x) - gs.exp(-x)) / 2.0,
    sympy.cosh: lambda x: (gs.exp(x) + gs.exp(-x)) / 2.0,
    sympy.tanh: gs.tanh,
    sympy.asinh: lambda x: gs.log(x + gs.sqrt(x * x + 1.0)),
    sympy.acosh: lambda x: gs.log(x + gs.sqrt(x * x - 1.0)),
    sympy.atanh: lambda x: 0.5 * gs.log((1.0 + x) / (1.0 - x)),
    sympy.Abs: gs.absolute,
    sigmoid: gs.sigmoid,
    relu: gs.relu,
    softplus: gs.softplus,
    sympy.Heaviside: _heaviside,
    sympy.sign: _sign,
    sympy.Max: _fold(gs.maximum),
    sympy.Min: _fold(gs.minimum),
}


def natural_key(name: str) -> tuple[Any, ...]:
    """Sort key: alphabetical, numbers inside names by value (w2 before w10)."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name))


def _power(base: Any, exponent: sympy.Expr, build: Builder) -> Any:
    if exponent.is_Number:
        if exponent == sympy.Rational(1, 2):
            return gs.sqrt(base)
        if exponent == -1:
            return 1.0 / base
        value = int(exponent) if exponent.is_Integer else float(exponent)
        return base**value if isinstance(base, gs.Tensor) else as_tensor(base) ** value
    return gs.power(base, build(exponent))


def _compile(expr: sympy.Expr, env: dict[sympy.Symbol, Any]) -> Any:
    """Build the Tensor value of ``expr`` from the tensors in ``env`` (one graph node per op)."""

    def build(node: sympy.Expr) -> Any:
        if node.is_Symbol:
            return env[node]
        if node.is_Number or node in (sympy.E, sympy.pi) or not node.free_symbols:
            value = complex(node.evalf())
            if value.imag:
                raise InputError(f"{node} is not a real number")
            return value.real
        if node.is_Add:
            return _fold(lambda a, b: a + b)(*map(build, node.args))
        if node.is_Mul:
            return _fold(lambda a, b: a * b)(*map(build, node.args))
        if node.is_Pow:
            base = node.base
            if not base.free_symbols:
                return gs.exp(build(node.exp) * float(sympy.log(base)))
            return _power(build(base), node.exp, build)
        op = FUNCTIONS.get(node.func)
        if op is None:
            raise InputError(f"the engine has no op for {node.func.__name__}")
        return op(*map(build, node.args))

    return build(expr)


def _broadcast(out: Any, arg: gs.Tensor) -> tuple[int, ...]:
    return tuple(B.xp.broadcast_shapes(out.shape, arg.shape))


@dataclass(frozen=True)
class TensorFunction:
    """A formula as a function of Tensors: ``f(*tensors)`` in the order of ``variables``."""

    expression: sympy.Expr
    variables: list[str] = field(default_factory=list)

    def __call__(self, *tensors: Any) -> gs.Tensor:
        if len(tensors) != len(self.variables):
            names = ", ".join(self.variables) or "none"
            raise InputError(
                f"{self.expression} takes {len(self.variables)} tensor(s) ({names}), "
                f"got {len(tensors)}"
            )
        args = [t if isinstance(t, gs.Tensor) else gs.tensor(t, dtype=gs.float64) for t in tensors]
        symbols = sorted(self.expression.free_symbols, key=lambda s: natural_key(s.name))
        env = dict(zip(symbols, args, strict=True))
        out = _compile(self.expression, env)
        for arg in args:  # a variable absent from the formula still shapes the output
            if not isinstance(out, gs.Tensor) or out.shape != _broadcast(out, arg):
                out = out + 0.0 * arg
        return out if isinstance(out, gs.Tensor) else gs.tensor(out, dtype=gs.float64)

    def __repr__(self) -> str:
        return f"TensorFunction({self.expression}, variables={self.variables})"


def to_tensor_function(expr: str | sympy.Expr) -> TensorFunction:
    """The formula ``expr`` (text or SymPy) as a function over Tensors built from engine ops.

    Variables are taken in natural alphabetical order (``b, w1, w2, w10, x, y, z``).
    """
    if isinstance(expr, str):
        expression = parse(expr)
    elif isinstance(expr, sympy.Basic):
        expression = expr
    else:
        kind = type(expr).__name__
        raise InputError(f"expected a formula (text or SymPy expression), got {kind}")
    names = sorted((s.name for s in expression.free_symbols), key=natural_key)
    _check_supported(expression)
    return TensorFunction(expression, names)


def _check_supported(expr: sympy.Expr) -> None:
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Function) and node.func not in FUNCTIONS:
            raise InputError(f"the engine has no op for {node.func.__name__}; rewrite it")
