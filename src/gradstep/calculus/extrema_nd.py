"""Critical points of a function of several variables: ∇f = 0, kinds from Hessian eigenvalues.

∇f = 0 is solved by SymPy in a child process with the time limit; if that fails, Newton's
method on ∇f from a grid of starting points finds points numerically (``complete`` false).
Kinds: all eigenvalues > 0 minimum, all < 0 maximum, both signs saddle, a zero eigenvalue
degenerate (the test says nothing).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import sympy

from gradstep.calculus.extrema import DEFAULT_INTERVAL, CriticalPoint, CriticalPoints
from gradstep.calculus.functions import to_elementary
from gradstep.calculus.numeric import as_number, numeric_form
from gradstep.calculus.solver import run_limited

_EIG_TOL = 1e-9
_PERIODIC = (sympy.sin, sympy.cos, sympy.tan, sympy.sec, sympy.csc, sympy.cot)
MAX_POINTS = 100


def _kind(eigenvalues: np.ndarray) -> str:
    if np.any(np.abs(eigenvalues) <= _EIG_TOL):
        return "degenerate"
    if np.all(eigenvalues > 0):
        return "minimum"
    if np.all(eigenvalues < 0):
        return "maximum"
    return "saddle"


def _classify(
    f: sympy.Expr, hess: Any, symbols: list, values: list[float], exact: Any
) -> CriticalPoint:
    at = dict(zip(symbols, values, strict=True))
    h = np.array(hess(*values), dtype=float)
    eigenvalues = np.linalg.eigvalsh((h + h.T) / 2)
    value = as_number(numeric_form(f).subs(exact if exact else at))
    evidence = (("hessian_eigenvalues", [float(e) for e in eigenvalues]),)
    point = tuple((s.name, float(v)) for s, v in at.items())
    method = "exact" if exact else "numeric"
    exact_out = tuple(exact[s] for s in symbols) if exact else None
    return CriticalPoint(point, exact_out, value, _kind(eigenvalues), method, evidence)


def _solve(grad: list, symbols: list) -> list[dict]:
    return sympy.solve(grad, symbols, dict=True)


def _exact(grad: list, symbols: list, time_limit: float) -> tuple[str, Any]:
    return run_limited(_solve, (grad, symbols), time_limit)


def _newton(grad_f: Any, hess_f: Any, start: np.ndarray) -> np.ndarray | None:
    x = start.astype(float)
    with np.errstate(all="ignore"):
        for _ in range(50):
            g = np.array(grad_f(*x), dtype=float)
            if not np.all(np.isfinite(g)):
                return None
            if np.linalg.norm(g) < 1e-12:
                return x
            try:
                x = x - np.linalg.lstsq(np.array(hess_f(*x), dtype=float), g, rcond=None)[0]
            except (np.linalg.LinAlgError, ValueError):
                return None
        g = np.array(grad_f(*x), dtype=float)
    return x if np.all(np.isfinite(g)) and np.linalg.norm(g) < 1e-8 else None


def _numeric(grad_f: Any, hess_f: Any, n: int, lo: float, hi: float) -> list[np.ndarray]:
    found: list[np.ndarray] = []
    per_axis = 7 if n <= 2 else 4
    for start in itertools.product(np.linspace(lo, hi, per_axis), repeat=n):
        x = _newton(grad_f, hess_f, np.array(start))
        if x is None or not np.all((x >= lo) & (x <= hi)):
            continue
        if all(np.linalg.norm(x - y) > 1e-3 * max(1.0, np.linalg.norm(y)) for y in found):
            found.append(x)
    return found


def critical_points_nd(
    f: sympy.Expr, symbols: list, interval: tuple[float, float] | None, time_limit: float
) -> CriticalPoints:
    """∇f = 0 for two or more variables (see the module docstring)."""
    smooth = numeric_form(to_elementary(f))
    grad = [sympy.diff(smooth, s) for s in symbols]
    hess_expr = sympy.hessian(smooth, symbols)
    hess = sympy.lambdify(symbols, hess_expr, "numpy")
    names = tuple(s.name for s in symbols)
    status, answer = _exact(grad, symbols, time_limit)
    notes: list = []
    points: list[CriticalPoint] = []
    if status == "ok" and isinstance(answer, list):
        real = [sol for sol in answer if all(as_number(sol.get(s, s)) is not None for s in symbols)]
        families = [
            sol for sol in answer if any(s not in sol or sol[s].free_symbols for s in symbols)
        ]
        for sol in real[:MAX_POINTS]:
            values = [as_number(sol[s]) for s in symbols]
            if interval and not all(interval[0] <= v <= interval[1] for v in values):
                continue
            points.append(_classify(f, hess, symbols, values, sol))
        if families:
            notes.append(("nd_family", (("family", str(families[0])),)))
        notes.append(("nd_exact", ()))
        periodic = f.has(*_PERIODIC)
        if periodic:
            notes.append(("nd_periodic", ()))
        complete = not families and not periodic
    else:
        lo, hi = interval or DEFAULT_INTERVAL
        grad_f = sympy.lambdify(symbols, grad, "numpy")
        for x in _numeric(grad_f, hess, len(symbols), lo, hi)[:MAX_POINTS]:
            points.append(_classify(f, hess, symbols, [float(v) for v in x], None))
        key = "timeout" if status == "timeout" else "not_solved"
        notes += [
            (key, (("seconds", time_limit),)),
            ("nd_numeric", (("lo", f"{lo:g}"), ("hi", f"{hi:g}"))),
        ]
        complete = False
    points.sort(key=lambda p: [v for _, v in p.point])
    return CriticalPoints(f, names, tuple(points), (), complete, tuple(notes))
