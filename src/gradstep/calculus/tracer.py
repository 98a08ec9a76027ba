"""The derivative tracer: differentiates as a learner does and records which rule did what.

Each :class:`Step` is a small record (rule key, what it was applied to, what it produced,
sub-steps), in the spirit of SymPy Gamma's derivative steps. Steps are learner-sized:
``3x²`` is one constant-multiple step around one power-rule step, not one step per
SymPy node. Rule keys (their names live in the message catalogues): constant, variable,
constant_multiple, sum, power, product, quotient, chain, exp, exponential (aˣ), log,
trig, inverse_trig, hyperbolic, tanh, sigmoid, softplus, relu, abs, step, sign,
general_power (uᵛ), max, min, other.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy

from gradstep.calculus.functions import relu, sigmoid, softplus

U = sympy.Symbol("u", real=True)

_TRIG = (sympy.sin, sympy.cos, sympy.tan, sympy.sec, sympy.csc, sympy.cot)
_INVERSE_TRIG = (sympy.asin, sympy.acos, sympy.atan, sympy.asec, sympy.acsc, sympy.acot)
_HYPERBOLIC = (sympy.sinh, sympy.cosh, sympy.asinh, sympy.acosh, sympy.atanh)
_FUNCTION_RULES: dict[Any, str] = {
    sympy.exp: "exp",
    sympy.log: "log",
    sympy.tanh: "tanh",
    sigmoid: "sigmoid",
    softplus: "softplus",
    relu: "relu",
    sympy.Abs: "abs",
    sympy.Heaviside: "step",
    sympy.sign: "sign",
    **dict.fromkeys(_TRIG, "trig"),
    **dict.fromkeys(_INVERSE_TRIG, "inverse_trig"),
    **dict.fromkeys(_HYPERBOLIC, "hyperbolic"),
}


@dataclass(frozen=True)
class Step:
    """One rule applied to one sub-expression: d/dx ``expression`` = ``result``.

    ``parts`` names the pieces the rule used (for the chain rule: ``outer``, ``inner``,
    ``outer_derivative``; for a constant multiple: ``constant``), as SymPy expressions.
    """

    rule: str
    expression: sympy.Expr
    result: sympy.Expr
    substeps: tuple[Step, ...] = ()
    parts: tuple[tuple[str, sympy.Expr], ...] = ()

    def part(self, name: str) -> sympy.Expr | None:
        """The piece ``name`` the rule used (None when it has none)."""
        return dict(self.parts).get(name)

    def walk(self) -> list[Step]:
        """This step and all its sub-steps, depth first."""
        found = [self]
        for sub in self.substeps:
            found.extend(sub.walk())
        return found

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON form: rule, expression, result, parts, substeps (strings SymPy reads)."""
        return {
            "rule": self.rule,
            "expression": str(self.expression),
            "result": str(self.result),
            "parts": {name: str(value) for name, value in self.parts},
            "substeps": [s.to_dict() for s in self.substeps],
        }


def outer_derivative(func: Any, args: tuple[sympy.Expr, ...]) -> sympy.Expr:
    """d/du f(u) evaluated at the argument, with our conventions at kinks and jumps.

    |u|′ = sign(u), relu′ = Heaviside(u) (undefined at 0, reported separately), a step
    or sign function has derivative 0 away from its jump.
    """
    if func in (sympy.Heaviside, sympy.sign):
        return sympy.S.Zero
    return _rule_in_u(func, args[1:]).xreplace({U: args[0]})


@lru_cache(maxsize=256)
def _rule_in_u(func: Any, extra: tuple[sympy.Expr, ...]) -> sympy.Expr:
    """d/du f(u, *extra), once per function: the rule table (``cos(u)`` for ``sin``)."""
    return sympy.diff(func(U, *extra), U)


def trace(expr: sympy.Expr, x: sympy.Symbol, read_denominators: bool = False) -> Step:
    """The derivative of ``expr`` with respect to ``x``, as a tree of steps.

    ``read_denominators``: read factors with a negative exponent, e^(−u) and aᵘ with
    u = −v included, as a denominator (SymPy stores x²/eˣ as x²·e^(−x): a product; the
    learner sees a quotient). The answer checker uses it to recognise quotient mistakes.
    """
    token = _DENOMINATORS.set(read_denominators)
    try:
        return _trace(expr, x)
    finally:
        _DENOMINATORS.reset(token)


_DENOMINATORS: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "gradstep_read_denominators", default=False
)


def _is_denominator(factor: sympy.Expr) -> bool:
    if factor.is_Pow and factor.exp.is_Number and factor.exp.is_negative:
        return True
    if not _DENOMINATORS.get():
        return False
    if isinstance(factor, sympy.exp):
        return factor.args[0].could_extract_minus_sign()
    return factor.is_Pow and not factor.exp.is_Number and factor.exp.could_extract_minus_sign()


def _trace(expr: sympy.Expr, x: sympy.Symbol) -> Step:
    if not expr.has(x):
        return Step("constant", expr, sympy.S.Zero)
    if expr == x:
        return Step("variable", expr, sympy.S.One)
    if expr.is_Add:
        subs = tuple(_trace(term, x) for term in expr.args)
        return Step("sum", expr, sympy.Add(*(s.result for s in subs)), subs)
    if expr.is_Mul:
        return _mul(expr, x)
    if expr.is_Pow:
        return _pow(expr, x)
    if expr.func in _FUNCTION_RULES and (len(expr.args) == 1 or expr.func is sympy.Heaviside):
        return _function(expr, x)
    rule = {sympy.Max: "max", sympy.Min: "min"}.get(expr.func, "other")
    return Step(rule, expr, sympy.diff(expr, x))


def _mul(expr: sympy.Expr, x: sympy.Symbol) -> Step:
    constant, rest = expr.as_independent(x, as_Add=False)
    if constant != 1:
        sub = _trace(rest, x)
        return Step(
            "constant_multiple", expr, constant * sub.result, (sub,), (("constant", constant),)
        )
    factors = rest.args
    denominator = [f for f in factors if _is_denominator(f)]
    if denominator and len(denominator) < len(factors):
        top = sympy.Mul(*(f for f in factors if f not in denominator))
        bottom = sympy.Mul(*(1 / f for f in denominator))
        return _quotient(expr, top, bottom, x)
    subs = tuple(_trace(f, x) for f in factors)
    terms = [
        sympy.Mul(*(s.result if j == i else f for j, f in enumerate(factors)))
        for i, s in enumerate(subs)
    ]
    return Step("product", expr, sympy.Add(*terms), subs)


def _quotient(expr: sympy.Expr, top: sympy.Expr, bottom: sympy.Expr, x: sympy.Symbol) -> Step:
    dt, db = _trace(top, x), _trace(bottom, x)
    result = (dt.result * bottom - top * db.result) / bottom**2
    parts = (("numerator", top), ("denominator", bottom))
    return Step("quotient", expr, result, (dt, db), parts)


def _pow(expr: sympy.Expr, x: sympy.Symbol) -> Step:
    base, exponent = expr.base, expr.exp
    if not exponent.has(x):
        return _chain(expr, "power", base, sympy.Pow(U, exponent), x)
    if not base.has(x):
        return _chain(expr, "exponential", exponent, sympy.Pow(base, U), x)
    subs = (_trace(base, x), _trace(exponent, x))
    result = expr * (subs[1].result * sympy.log(base) + exponent * subs[0].result / base)
    return Step("general_power", expr, result, subs)


def _function(expr: sympy.Expr, x: sympy.Symbol) -> Step:
    rule = _FUNCTION_RULES[expr.func]
    return _chain(expr, rule, expr.args[0], expr.func(U, *expr.args[1:]), x)


def _chain(
    expr: sympy.Expr, rule: str, inner: sympy.Expr, outer: sympy.Expr, x: sympy.Symbol
) -> Step:
    """Apply ``rule`` to ``outer(u)``; when the inner function is not ``x`` itself, chain."""
    d_outer_u = _outer_rule(outer)
    if inner == x:
        return Step(rule, expr, d_outer_u.xreplace({U: x}))
    outer_step = Step(rule, outer, d_outer_u)
    inner_step = _trace(inner, x)
    d_outer = d_outer_u.xreplace({U: inner})
    parts = (("outer", outer), ("inner", inner), ("outer_derivative", d_outer_u))
    return Step("chain", expr, d_outer * inner_step.result, (outer_step, inner_step), parts)


def _outer_rule(outer: sympy.Expr) -> sympy.Expr:
    if outer.is_Pow:
        if outer.base == U:
            return outer.exp * sympy.Pow(U, outer.exp - 1)
        return outer * sympy.log(outer.base)
    return outer_derivative(outer.func, outer.args)
