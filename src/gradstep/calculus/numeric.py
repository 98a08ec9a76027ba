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
    except (TypeError, ValueError, ArithmeticError):  # OverflowError: too large for a float
        return None
    if abs(number.imag) > 1e-12 or not math.isfinite(number.real):
        return None
    return float(number.real)


def precise_number(value: Any, digits: int = 30) -> sympy.Float | None:
    """A SymPy number evaluated to ``digits`` digits, kept as a SymPy Float (no overflow
    at 1e400); None when it is not a finite real number."""
    try:
        number = sympy.N(value, digits)
    except (TypeError, ValueError, ArithmeticError):
        return None
    if not number.is_number or number.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return None
    real, imag = number.as_real_imag()
    if not (real.is_Number and imag.is_Number):
        return None
    if abs(imag) > 1e-12 * (1 + abs(real)):
        return None
    return sympy.Float(real, digits)


def expanded_size(expr: sympy.Expr, cap: int = 5000) -> int:
    """An upper estimate of the number of terms ``sympy.expand(expr)`` would produce (at
    most ``cap`` + 1): a guard so that cheap simplifications never expand (x³+x+1)²⁰⁰."""

    def size(node: sympy.Expr) -> int:
        if node.is_Atom:
            return 1
        if node.is_Add:
            return min(sum(size(a) for a in node.args), cap + 1)
        if node.is_Mul:
            out = 1
            for a in node.args:
                out = min(out * size(a), cap + 1)
            return out
        if node.is_Pow:
            base = size(node.base)
            size(node.exp)
            if node.exp.is_Integer and node.exp > 1 and base > 1:  # multinomial terms
                return min(math.comb(int(node.exp) + base - 1, base - 1), cap + 1)
            return base
        inner = max((size(a) for a in node.args), default=1)
        if inner > cap:
            raise _TooBig
        return 1

    try:
        return size(expr)
    except _TooBig:
        return cap + 1


class _TooBig(Exception):
    pass


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


def _grid(f: Callable[[float], float], lo: float, hi: float, points: int) -> tuple:
    grid = np.linspace(lo, hi, points)
    with np.errstate(all="ignore"):
        values = np.array([f(float(v)) for v in grid], dtype=float)
    return grid, values


def flat_runs(
    f: Callable[[float], float], lo: float, hi: float, points: int = SCAN_POINTS
) -> list[tuple[float, float]]:
    """Intervals where ``f`` is exactly 0 on at least three grid points in a row (plateaus)."""
    grid, values = _grid(f, lo, hi, points)
    runs, start = [], None
    for i, v in enumerate(np.append(values, 1.0)):
        if v == 0 and start is None:
            start = i
        elif v != 0 and start is not None:
            if i - start >= 3:
                runs.append((float(grid[start]), float(grid[i - 1])))
            start = None
    return runs


def _in_runs(value: float, runs: list[tuple[float, float]]) -> bool:
    return any(a - 1e-9 <= value <= b + 1e-9 for a, b in runs)


def scan_roots(
    f: Callable[[float], float], lo: float, hi: float, points: int = SCAN_POINTS
) -> list[float]:
    """Roots of ``f`` on [lo, hi]: sign changes on a grid, refined by bisection.

    Sign changes across a pole (|f| large at the refined point) are not roots; zeros
    inside a plateau (see :func:`flat_runs`) are not isolated roots and are left out.
    """
    grid, values = _grid(f, lo, hi, points)
    runs = flat_runs(f, lo, hi, points)
    finite = np.isfinite(values)
    scale = float(np.max(np.abs(values[finite]))) if finite.any() else 1.0
    roots: list[float] = []
    for i in range(points):
        a, fa = float(grid[i]), values[i]
        if fa == 0 and not _in_runs(a, runs):
            roots.append(a)
        if i == points - 1 or not (finite[i] and finite[i + 1]) or fa == 0 or values[i + 1] == 0:
            continue
        if (fa < 0) != (values[i + 1] < 0):
            r = _bisect(f, a, float(grid[i + 1]), fa)
            if abs(f(r)) <= 1e-6 * max(1.0, scale):
                roots.append(r)
    return roots


def _golden_min(f: Callable[[float], float], a: float, b: float) -> float:
    ratio = (math.sqrt(5) - 1) / 2
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    for _ in range(100):
        if abs(f(c)) < abs(f(d)):
            b, d = d, c
            c = b - ratio * (b - a)
        else:
            a, c = c, d
            d = a + ratio * (b - a)
    return 0.5 * (a + b)


def touching_roots(
    f: Callable[[float], float], lo: float, hi: float, points: int = SCAN_POINTS
) -> list[float]:
    """Zeros where ``f`` touches 0 without changing sign (3x² at 0): local minima of |f|."""
    grid, values = _grid(f, lo, hi, points)
    values = np.abs(values)
    roots = []
    for i in range(1, points - 1):
        here, left, right = values[i], values[i - 1], values[i + 1]
        if not np.isfinite([here, left, right]).all() or not (here <= left and here <= right):
            continue
        if here == 0 or here in (left, right):
            continue
        r = _golden_min(f, float(grid[i - 1]), float(grid[i + 1]))
        if abs(f(r)) < 1e-10:
            roots.append(r)
    return roots
