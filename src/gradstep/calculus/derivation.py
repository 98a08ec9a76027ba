"""``derivative(expr, wrt=None, order=1)``: the result, the steps, and their explanation.

The tracer's answer is always held against ``sympy.diff``; a mismatch is a bug in
gradstep and raises ``AssertionError`` (never shown as a result). Points where the
derivative does not exist are reported, not papered over.

>>> d = derivative("(2x - 1 - 3)^2")
>>> str(d.result)
'8*x - 16'
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import sympy

from gradstep.calculus.functions import to_elementary
from gradstep.calculus.nondiff import NonDifferentiablePoint, nondifferentiable_points
from gradstep.calculus.numeric import expanded_size, numeric_form, precise_number
from gradstep.calculus.parser import parse
from gradstep.calculus.render import pretty, step_lines
from gradstep.calculus.slope import Slope, slope_at
from gradstep.calculus.tracer import Step, trace
from gradstep.errors import InputError
from gradstep.i18n import check_lang, message

MAX_ORDER = 10
EXPAND_LIMIT = 2000  # estimated terms above which a result is not expanded (too slow)


def to_expression(expr: str | sympy.Expr) -> sympy.Expr:
    """Text goes through the safe parser; a SymPy expression is taken with its variables
    made real (as the parser makes them), so ``sympify("Abs(x)")`` means |x| of a real x."""
    if isinstance(expr, str):
        return parse(expr)
    if isinstance(expr, sympy.Expr):
        real = {s: sympy.Symbol(s.name, real=True) for s in expr.free_symbols if not s.is_real}
        return expr.xreplace(real) if real else expr
    raise InputError(f"expected a formula as text, got {type(expr).__name__}")


def sorted_symbols(expr: sympy.Expr) -> list[sympy.Symbol]:
    """The variables of ``expr`` in natural alphabetical order (b, w2, w10, x, y)."""
    from gradstep.calculus.bridge import natural_key

    return sorted(expr.free_symbols, key=lambda s: natural_key(s.name))


def find_variable(expr: sympy.Expr, name: str) -> sympy.Symbol:
    """The symbol called ``name`` (a new real symbol if ``expr`` does not contain it)."""
    for s in expr.free_symbols:
        if s.name == name:
            return s
    if not name.isidentifier() or name.startswith("_"):
        raise InputError(f"{name!r} is not a variable name; use a name such as x or w1")
    return sympy.Symbol(name, real=True)


def _agree(ours: sympy.Expr, theirs: sympy.Expr, symbols: list[sympy.Symbol]) -> bool:
    """Equal as functions: the same tree, a difference that expands to 0 (over a common
    denominator for quotients), or else equal values at random points."""
    if ours == theirs:
        return True
    difference = ours - theirs
    if expanded_size(difference) <= EXPAND_LIMIT and (
        sympy.expand(difference) == 0 or sympy.expand(difference.as_numer_denom()[0]) == 0
    ):
        return True
    rng = random.Random(0)
    for _ in range(6):
        point = {s: sympy.Float(rng.uniform(-2.5, 2.5), 30) for s in symbols}
        a, b = (precise_number(numeric_form(e).subs(point)) for e in (ours, theirs))
        if (a is None) != (b is None) or (a is not None and abs(a - b) > 1e-8 * (1 + abs(b))):
            return False
    return True


def checked_trace(expr: sympy.Expr, x: sympy.Symbol) -> Step:
    """Trace d/dx ``expr`` and check the answer against ``sympy.diff`` (a mismatch is a bug)."""
    step = trace(expr, x)
    reference = sympy.diff(expr, x)
    if reference.has(sympy.DiracDelta):  # 0 away from the jump, as the tracer says
        reference = reference.replace(sympy.DiracDelta, lambda *a: sympy.S.Zero)
    if not _agree(step.result, reference, sorted_symbols(expr)):
        raise AssertionError(
            f"gradstep bug: traced d/d{x} {expr} = {step.result}, sympy.diff says {reference}"
        )
    return step


def tidy(expr: sympy.Expr) -> sympy.Expr:
    """A cheap simplification: the traced form, or its expanded/cancelled form when shorter."""
    if expr.is_Atom or not expr.free_symbols:
        return expr
    if expanded_size(expr) > EXPAND_LIMIT:  # (x³+x+1)²⁰⁰: expanding would take minutes
        return expr
    if expr.is_polynomial():
        other = sympy.expand(expr)
    elif expr.is_rational_function():
        other = sympy.cancel(expr)
    elif may_factor(expr):
        other = sympy.factor_terms(expr)
    else:  # factor_terms would give ``expr`` back: skip it
        return expr
    return expr if other == expr else min((expr, other), key=sympy.count_ops)


def may_factor(expr: sympy.Expr) -> bool:
    """False only when ``factor_terms(expr)`` is ``expr``: no sum inside ``expr`` has a
    factor, a whole-number content or a minus sign common to all its terms, and no product
    has two factors with the same base (``sqrt(|x|)·|x|``, which it merges)."""
    for node in sympy.preorder_traversal(expr):
        if node.is_Atom and node.is_number and not node.is_Rational:
            return True  # floats, constants, infinities: let factor_terms decide
        if node.is_Add and _common_factor(node.args):
            return True
        if node.is_Mul and _repeated_base(node.args):
            return True
    return False


def _repeated_base(factors: tuple[sympy.Expr, ...]) -> bool:
    if sum(f.is_Number for f in factors) > 1 or any(f.is_Mul for f in factors):
        return True  # an unflattened product: factor_terms rebuilds it
    bases = [f.as_base_exp()[0] for f in factors if not f.is_Number]
    return len(set(bases)) < len(bases)


def _common_factor(terms: tuple[sympy.Expr, ...]) -> bool:
    if any(term.is_Add for term in terms):
        return True  # an unflattened sum: factor_terms rebuilds it
    coefficients = [term.as_coeff_Mul()[0] for term in terms]
    if not all(c.is_Integer for c in coefficients):
        return True  # fractions and floats: let factor_terms decide
    if all(c.is_negative for c in coefficients) or sympy.igcd(*coefficients) != 1:
        return True
    common = None
    for term in terms:
        bases = {f.as_base_exp()[0] for f in sympy.Mul.make_args(term) if not f.is_Number}
        common = bases if common is None else common & bases
        if not common:
            return False
    return True


@dataclass(frozen=True)
class Derivation:
    """A derivative with its steps. ``result`` for one variable (or ``wrt``), ``gradient``
    ({name: ∂f/∂name}) for several; ``steps`` one tree per order (or per variable)."""

    expression: sympy.Expr
    variables: tuple[str, ...]
    order: int
    steps: tuple[Step, ...]
    result: sympy.Expr | None = None
    wrt: str | None = None
    gradient: tuple[tuple[str, sympy.Expr], ...] = ()
    #: order 2 with several variables: the Hessian [∂²f/∂xᵢ∂xⱼ], rows in variable order
    hessian: tuple[tuple[sympy.Expr, ...], ...] = ()

    @cached_property
    def nondifferentiable(self) -> tuple[NonDifferentiablePoint, ...]:
        """Where the derivative does not exist (one variable), found on first use.

        The report compiles f and f′ to floats, which costs more than the derivative itself,
        so it is computed when ``to_dict``, ``explain``, ``at`` or the caller first asks.
        """
        if self.result is None or len(self.variables) > 1:
            return ()
        x = find_variable(self.expression, self.wrt or "x")
        return tuple(nondifferentiable_points(self.expression, x))

    @property
    def latex(self) -> str:
        """The result (or the gradient vector) in LaTeX."""
        if self.result is not None:
            return sympy.latex(self.result)
        if self.hessian:
            return sympy.latex(sympy.Matrix(self.hessian))
        return sympy.latex(sympy.Matrix([g for _, g in self.gradient]).T)

    def at(self, **point: float) -> Slope:
        """The value and slope at ``point`` with the lessons' compass meaning."""
        return slope_at(self, point)

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` form (stable keys)."""
        out: dict[str, Any] = {"expression": str(self.expression), "order": self.order}
        # strings plain SymPy reads AND evaluates: sigmoid(x) is written 1/(1 + exp(-x))
        # (the LaTeX and the steps keep the names a learner knows)
        if self.result is not None:
            out["variable"] = self.wrt
            out["derivative"] = str(to_elementary(self.result))
        else:
            out["variables"] = list(self.variables)
            out["gradient"] = {name: str(to_elementary(g)) for name, g in self.gradient}
            if self.hessian:
                out["hessian"] = {
                    a: {b: str(to_elementary(h)) for b, h in zip(self.variables, row, strict=True)}
                    for a, row in zip(self.variables, self.hessian, strict=True)
                }
        out["latex"] = self.latex
        out["steps"] = [s.to_dict() for s in self.steps]
        out["nondifferentiable_points"] = [p.to_dict() for p in self.nondifferentiable]
        return out

    def explain(self, lang: str = "en") -> str:
        """The steps as a learner would write them, in English (``en``) or Vietnamese (``vi``)."""
        check_lang(lang)
        lines = [self.headline(lang)]
        for root, var in zip(self.steps, self._step_variables(), strict=True):
            lines.extend(step_lines(root, lang, var))
        for p in self.nondifferentiable:
            reason = message(f"calculus.nondiff.{p.reason}", lang)
            lines.append(
                message("calculus.explain.undefined", lang, point=pretty(p.point), reason=reason)
            )
        return "\n".join(lines)

    def headline(self, lang: str) -> str:
        if self.result is not None:
            return message(
                "calculus.explain.result", lang, var=self.wrt, order=_order_mark(self.order),
                expression=pretty(self.expression), result=pretty(self.result),
            )  # fmt: skip
        grad = ", ".join(pretty(g) for _, g in self.gradient)
        line = message(
            "calculus.explain.gradient", lang, expression=pretty(self.expression), gradient=grad
        )
        if self.hessian:
            rows = "; ".join(", ".join(pretty(h) for h in row) for row in self.hessian)
            line += "\n" + message("calculus.explain.hessian", lang, hessian=f"[{rows}]")
        return line

    def _step_variables(self) -> list[str]:
        if self.result is not None:
            return [self.wrt or "x"] * len(self.steps)
        return [name for name, _ in self.gradient]

    def _repr_latex_(self) -> str:
        return f"${self.latex}$"


def _order_mark(order: int) -> str:
    return "" if order == 1 else str(order).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def derivative(
    expr: str | sympy.Expr,
    wrt: str | None = None,
    order: int = 1,
    time_limit: float | None = None,
) -> Derivation:
    """Differentiate ``expr`` step by step (``order`` times, with respect to ``wrt``).

    With several variables and no ``wrt``: the partial derivatives (the gradient), and
    with ``order=2`` the Hessian matrix as well.
    ``time_limit`` (seconds, default none): run in a child process that is stopped at the
    limit (:func:`gradstep.calculus.solver.call_limited`), raising ``TimeLimitError`` (an
    ``InputError``); the points without a derivative are then found within the limit too.

    >>> derivative("x^2").explain().splitlines()[0]
    'd/dx [x²] = 2x'
    """
    if time_limit is not None:
        from gradstep.calculus.solver import call_limited

        return call_limited(_derivative_found, (expr, wrt, order), time_limit)
    expression = to_expression(expr)
    if not isinstance(order, int) or isinstance(order, bool) or not 1 <= order <= MAX_ORDER:
        raise InputError(f"order must be a whole number from 1 to {MAX_ORDER}, got {order!r}")
    symbols = sorted_symbols(expression)
    names = tuple(s.name for s in symbols)
    if wrt is None and len(symbols) > 1:
        if order > 2:
            raise InputError(
                "with several variables, order 1 gives the gradient and order 2 the Hessian; "
                "for a higher partial derivative name the variable (wrt, --wrt)"
            )
        return _gradient(expression, symbols, order)
    x = (
        find_variable(expression, wrt)
        if wrt
        else (symbols[0] if symbols else sympy.Symbol("x", real=True))
    )
    steps, current = [], expression
    for _ in range(order):
        step = checked_trace(current, x)
        steps.append(step)
        current = tidy(step.result)
    return Derivation(expression, names, order, tuple(steps), current, x.name)


def _derivative_found(expr: str | sympy.Expr, wrt: str | None, order: int) -> Derivation:
    """The derivation with its points without a derivative already found (for a child)."""
    d = derivative(expr, wrt=wrt, order=order)
    d.nondifferentiable  # noqa: B018 - computed here, cached in the object sent back
    return d


def _gradient(expression: sympy.Expr, symbols: list[sympy.Symbol], order: int = 1) -> Derivation:
    """The gradient (order 1) with one step tree per variable; order 2 adds the Hessian,
    each ∂/∂xⱼ of ∂f/∂xᵢ traced (and checked against SymPy) like any derivative."""
    steps = tuple(checked_trace(expression, s) for s in symbols)
    grad = tuple((s.name, tidy(step.result)) for s, step in zip(symbols, steps, strict=True))
    names = tuple(s.name for s in symbols)
    hess: tuple[tuple[sympy.Expr, ...], ...] = ()
    if order == 2:
        hess = tuple(tuple(tidy(checked_trace(g, s).result) for s in symbols) for _, g in grad)
    return Derivation(expression, names, order, steps, None, None, grad, hess)


def gradient(expr: str | sympy.Expr) -> dict[str, sympy.Expr]:
    """∇f as {variable: ∂f/∂variable}, variables in natural order.

    >>> gradient("x^2 + y^2")
    {'x': 2*x, 'y': 2*y}
    """
    expression = to_expression(expr)
    return {s.name: tidy(checked_trace(expression, s).result) for s in sorted_symbols(expression)}


def hessian_matrix(expr: str | sympy.Expr) -> sympy.Matrix:
    """The Hessian matrix [∂²f/∂xᵢ∂xⱼ], variables in natural order.

    >>> hessian_matrix("x^2 - y^2")
    Matrix([
    [2,  0],
    [0, -2]])
    """
    expression = to_expression(expr)
    return sympy.hessian(expression, sorted_symbols(expression))
