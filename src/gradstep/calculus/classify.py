"""The kind of a critical point, with the evidence that decided it.

Stationary points: the second-derivative test, then the first non-zero higher
derivative (order n even: extremum, odd: inflection), then the lessons' sign test
(f′ < 0 on the left and > 0 on the right: a minimum). Points without a derivative
(|x| at 0): the values and slopes on either side.
"""

from __future__ import annotations

import math
from typing import Any

import sympy

from gradstep.calculus.extrema import CriticalPoint
from gradstep.calculus.nondiff import NonDifferentiablePoint
from gradstep.calculus.numeric import as_number, lambdify1, numeric_form, precise_number

MAX_TEST_ORDER = 8
_TOL = 1e-9


def _sign(value: float) -> str:
    if not math.isfinite(value):
        return "undefined"
    return "0" if abs(value) < 1e-12 else "+" if value > 0 else "-"


def sign_test(df: sympy.Expr, x: sympy.Symbol, p: float) -> tuple[str, dict[str, str]]:
    """The lessons' test: the signs of f′ just left and right of p."""
    d1 = lambdify1(df, x)
    h = 1e-4 * max(1.0, abs(p))
    left, right = _sign(d1(p - h)), _sign(d1(p + h))
    if "0" in (left, right):  # float underflow ((x² − 1)¹⁵⁰ near ±1): ask SymPy precisely
        left = _precise_sign(df, x, p - h) if left == "0" else left
        right = _precise_sign(df, x, p + h) if right == "0" else right
    kind = {("-", "+"): "minimum", ("+", "-"): "maximum"}.get((left, right))
    if kind is None:
        kind = "inflection" if left == right and left in "+-" else "degenerate"
    return kind, {"left_slope_sign": left, "right_slope_sign": right}


def _precise_sign(df: sympy.Expr, x: sympy.Symbol, at: float) -> str:
    """The sign of f′ at ``at`` evaluated with 30 digits and no exponent limit."""
    value = precise_number(numeric_form(df).subs(x, sympy.Rational(at)))
    if value is None:
        return "0"
    return "0" if value == 0 else "+" if value > 0 else "-"


def _at(expr: sympy.Expr, x: sympy.Symbol, root: sympy.Expr) -> float | None:
    return as_number(numeric_form(expr).subs(x, root))


def derivative_test(df: sympy.Expr, x: sympy.Symbol, root: sympy.Expr) -> tuple[str | None, dict]:
    """Second derivative, then higher ones: (kind or None, evidence)."""
    d = df
    for order in range(2, MAX_TEST_ORDER + 1):
        d = sympy.diff(d, x)
        value = _at(d, x, root)
        if value is None:
            return None, {}
        if abs(value) > _TOL:
            evidence = {"second_derivative": value} if order == 2 else {
                "derivative_order": order, "derivative_value": value}  # fmt: skip
            if order % 2:
                return "inflection", evidence
            return ("minimum" if value > 0 else "maximum"), evidence
    return None, {"derivative_order": MAX_TEST_ORDER, "derivative_value": 0.0}


def _point(f: sympy.Expr, x: sympy.Symbol, p: float, exact: Any, kind: str, method: str,
           evidence: dict) -> CriticalPoint:  # fmt: skip
    value = as_number(numeric_form(f).subs(x, exact)) if exact is not None else lambdify1(f, x)(p)
    value = value if value is not None and math.isfinite(value) else None
    return CriticalPoint(((x.name, p),), exact, value, kind, method, tuple(evidence.items()))


def classify_exact(
    f: sympy.Expr, df: sympy.Expr, x: sympy.Symbol, root: sympy.Expr
) -> CriticalPoint:
    """Classify an exact root of f′."""
    p = as_number(root)
    kind, evidence = derivative_test(df, x, root)
    if kind is None:
        kind, signs = sign_test(df, x, p)
        evidence = {**evidence, **signs}
    return _point(f, x, p, root, kind, "exact", evidence)


def classify_numeric(f: sympy.Expr, df: sympy.Expr, x: sympy.Symbol, p: float) -> CriticalPoint:
    """Classify a numeric root of f′ by the sign test, with f″ there as evidence."""
    kind, evidence = sign_test(df, x, p)
    second = lambdify1(sympy.diff(df, x), x)(p)
    if math.isfinite(second):
        evidence["second_derivative"] = second
    return _point(f, x, p, None, kind, "numeric", evidence)


def classify_kink(f: sympy.Expr, x: sympy.Symbol, k: NonDifferentiablePoint) -> CriticalPoint:
    """A point without a derivative: compare f there with f on either side."""
    p = float(k.point)
    fx = lambdify1(f, x)
    h = 1e-4 * max(1.0, abs(p))
    here, left, right = fx(p), fx(p - h), fx(p + h)
    sides = [v for v in (left, right) if math.isfinite(v)]
    if sides and all(v >= here for v in sides) and any(v > here for v in sides):
        kind = "minimum"
    elif sides and all(v <= here for v in sides) and any(v < here for v in sides):
        kind = "maximum"
    else:
        kind = "inflection"
    df = sympy.diff(to_numeric(f), x)
    _, signs = sign_test(df, x, p)
    evidence = {"reason": k.reason, **signs}
    return _point(f, x, p, k.point, kind, "nondifferentiable", evidence)


def to_numeric(f: sympy.Expr) -> sympy.Expr:
    return numeric_form(f)
