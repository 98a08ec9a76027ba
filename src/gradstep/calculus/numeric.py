"""Numbers from formulas: safe NumPy evaluation and a sign-change scan for roots.

``lambdify1`` turns a one-variable SymPy expression (never user text) into a float
function that returns NaN instead of raising; odd roots are real (x^(2/3) is defined for
x < 0, as a learner expects). ``scan_roots`` finds the roots of f on an interval by
sampling for sign changes and refining each by bisection.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import sympy

from gradstep.calculus.functions import to_elementary

SCAN_POINTS = 4001


def as_number(value: Any) -> float | None:
    """A SymPy number as a float (None when it is not a finite real number)."""
    try:
        number = complex(sympy.N(value, 15))
    except (TypeError, ValueError):
        return None
    if abs(number.imag) > 1e-12 or not math.isfinite(number.real):
        return None
    return float(number.real)


def real_powers(expr: sympy.Expr) -> sympy.Expr:
    """u^(p/q) with q odd as the real root: sign(u)^p·|u|^(p/q) (numbers only)."""

    def fix(node: sympy.Expr) -> sympy.Expr:
        q = node.exp.q
        if node.exp.is_Rational and not node.exp.is_Integer and q % 2 == 1:
            return sympy.sign(node.base) ** node.exp.p * sympy.Abs(node.base) ** node.exp
        return node

    return expr.replace(lambda n: n.is_Pow and n.exp.is_Rational and n.base.free_symbols, fix)


def numeric_form(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` ready for NumPy: activations written out, Dirac deltas (0 off the jump) gone."""
    expr = to_elementary(expr).replace(sympy.DiracDelta, lambda *a: sympy.S.Zero)
    return real_powers(expr)


def lambdify1(expr: sympy.Expr, x: sympy.Symbol) -> Callable[[float], float]:
    """A float function of one variable; NaN where ``expr`` has no real value."""
    compiled = sympy.lambdify(x, numeric_form(expr), modules="numpy")

    def f(value: float) -> float:
        with np.errstate(all="ignore"):
            try:
                out = complex(compiled(np.float64(value)))
            except (ValueError, TypeError, ZeroDivisionError, OverflowError):
                return math.nan
        return out.real if abs(out.imag) < 1e-12 else math.nan

    return f


def lambdify_vector(expr: sympy.Expr, x: sympy.Symbol) -> Callable[[np.ndarray], np.ndarray]:
    """A NumPy-vectorised float function of one variable (NaN where undefined)."""
    compiled = sympy.lambdify(x, numeric_form(expr), modules="numpy")

    def f(values: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            try:
                out = np.asarray(compiled(values), dtype=complex)
            except (ValueError, TypeError, ZeroDivisionError, OverflowError):
                return np.array([lambdify1(expr, x)(v) for v in values])
        out = np.broadcast_to(out, np.shape(values))
        return np.where(np.abs(out.imag) < 1e-12, out.real, np.nan)

    return f


def _bisect(f: Callable[[float], float], a: float, b: float, fa: float) -> float:
    for _ in range(80):
        m = 0.5 * (a + b)
        fm = f(m)
        if fm == 0 or not math.isfinite(fm):
            return m
        if (fm < 0) == (fa < 0):
            a, fa = m, fm
        else:
            b = m
    return 0.5 * (a + b)


def scan_roots(
    f: Callable[[float], float], lo: float, hi: float, points: int = SCAN_POINTS
) -> list[float]:
    """Roots of ``f`` on [lo, hi]: sign changes on a grid, refined by bisection.

    Sign changes across a pole (|f| large at the refined point) are not roots.
    """
    grid = np.linspace(lo, hi, points)
    values = np.array([f(v) for v in grid])
    scale = np.nanmax(np.abs(values)) if np.isfinite(values).any() else 1.0
    roots: list[float] = []
    for i in range(points - 1):
        a, b, fa, fb = grid[i], grid[i + 1], values[i], values[i + 1]
        if not (math.isfinite(fa) and math.isfinite(fb)):
            continue
        if fa == 0:
            roots.append(float(a))
        elif fa * fb < 0:
            r = _bisect(f, a, b, fa)
            if abs(f(r)) <= 1e-6 * max(1.0, scale):
                roots.append(r)
    if values[-1] == 0:
        roots.append(float(hi))
    return roots
