"""Critical points of a function of several variables: ∇f = 0, kinds from Hessian eigenvalues.

∇f = 0 is solved by SymPy in a child process with the time limit; if that fails, Newton's
method on ∇f from a grid of starting points finds points numerically (``complete`` false).

Periodic functions (sin x + cos y): SymPy lists the points of one period. With a domain
(the box [a, b]ⁿ) every translate by the periods (:func:`sympy.periodicity` in each
variable) inside the box is listed, cross-checked by Newton's method from a dense grid of
the box (points it finds beyond them are added as numeric and ``complete`` is false);
without a domain the points of one period are listed, the note gives the periods, and
``complete`` is false.

Kinds: all Hessian eigenvalues > 0 minimum, all < 0 maximum, both signs saddle. A zero
eigenvalue (x⁴ + y⁴ at 0) falls back to a higher-order test, :func:`higher_order_kind`:

1. exactly, along each null direction v of the Hessian: the first non-zero derivative of
   t ↦ f(p + t·v) at 0; an odd order, or signs that differ between directions or from the
   non-zero eigenvalues, proves a saddle;
2. numerically, f − f(p) on spheres of several radii (``SPHERE_RADII``) in many directions:
   clearly > 0 everywhere at every radius is a minimum, < 0 a maximum, both signs at every
   radius a saddle (radii where every |f − f(p)| is below rounding noise are left out; at
   least two must speak). Radii that disagree (Peano's (y − x²)(y − 2x²), a minimum along
   every line yet not a minimum) leave the point ``degenerate``.

``saddle`` means "not an extremum": f is above f(p) in some directions and below in others
(x² − y², and also x³ + y² at 0, which rises along y and falls along −x). Anything less
clear-cut stays ``degenerate``. The evidence says which test decided.
"""

from __future__ import annotations

import itertools
import math
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
MAX_TEST_ORDER = 8
SPHERE_RADII = (0.1, 0.03, 0.01, 0.003, 0.001)
GRID_SPACING = 0.5  # Newton's starting points on a domain: at most this far apart …
MAX_STARTS = 4000  # … and at most this many


def _kind(eigenvalues: np.ndarray) -> str:
    if np.any(np.abs(eigenvalues) <= _EIG_TOL):
        return "degenerate"
    if np.all(eigenvalues > 0):
        return "minimum"
    if np.all(eigenvalues < 0):
        return "maximum"
    return "saddle"


def _directions(n: int) -> np.ndarray:
    """Unit vectors spread over the sphere Sⁿ⁻¹ (axes and diagonals included)."""
    if n == 2:
        angles = np.linspace(0.0, 2 * np.pi, 1440, endpoint=False)
        return np.stack([np.cos(angles), np.sin(angles)], axis=1)
    rng = np.random.default_rng(0)
    dirs = rng.normal(size=(4000, n))
    extra = [np.array(v, dtype=float) for v in itertools.product((-1, 0, 1), repeat=n) if any(v)]
    dirs = np.vstack([dirs, np.array(extra)])
    return dirs / np.linalg.norm(dirs, axis=1, keepdims=True)


def _sphere_test(
    f_num: Any, p: np.ndarray, fp: float, strict: bool = True, min_fraction: float = 0.9
) -> tuple[str, dict[str, Any]]:  # fmt: skip
    """f − f(p) on spheres around p: (verdict per all radii, evidence).

    ``strict`` False (points without a gradient, as in one variable): f ≥ f(p) on a sphere,
    above somewhere, counts as above (relu(x) + y² at 0 is a minimum, not a strict one);
    ``min_fraction``: the share of directions where f must be defined (less at the edge
    of the domain)."""
    dirs = _directions(len(p))
    eps = 1e-14 * max(1.0, abs(fp))
    verdicts, low, high = [], math.inf, -math.inf
    for r in SPHERE_RADII:
        pts = p[None, :] + r * dirs
        with np.errstate(all="ignore"):
            values = np.asarray(f_num(*pts.T), dtype=complex)
        values = np.broadcast_to(values, (len(dirs),))
        values = np.where(np.abs(values.imag) < 1e-12, values.real, np.nan) - fp
        values = values[np.isfinite(values)]
        if len(values) < min_fraction * len(dirs):
            verdicts.append("unclear")
            continue
        low, high = min(low, float(values.min())), max(high, float(values.max()))
        above, below = bool(np.any(values > eps)), bool(np.any(values < -eps))
        if not above and not below:  # too small to tell from rounding: this radius is mute
            continue
        if above and below:
            verdicts.append("both")
        elif above and np.all(values > eps if strict else values >= -eps):
            verdicts.append("above")
        elif below and np.all(values < -eps if strict else values <= eps):
            verdicts.append("below")
        else:
            verdicts.append("unclear")
    evidence = {
        "radii": list(SPHERE_RADII),
        "directions": len(dirs),
        "smallest_difference": low if math.isfinite(low) else None,
        "largest_difference": high if math.isfinite(high) else None,
    }
    verdict = verdicts[0] if len(verdicts) >= 2 and len(set(verdicts)) == 1 else "mixed"
    return verdict, evidence


def _first_nonzero(g: sympy.Expr, t: sympy.Symbol) -> tuple[int, float] | None:
    """(order, value) of the first non-zero derivative of g at t = 0 (order ≥ 2)."""
    d = sympy.diff(g, t)
    for order in range(2, MAX_TEST_ORDER + 1):
        d = sympy.diff(d, t)
        value = as_number(d.subs(t, 0))
        if value is None:
            return None
        if abs(value) > _EIG_TOL:
            return order, value
    return None


def _null_directions(
    f: sympy.Expr, symbols: list, exact: dict, eigenvalues: np.ndarray
) -> tuple[bool, list[dict[str, Any]]]:
    """Exact test along the null directions of the exact Hessian: (saddle proved, evidence)."""
    at = {s: exact[s] for s in symbols}
    hess = sympy.hessian(f, symbols).subs(at)
    if not all(v.is_Rational for v in hess):
        return False, []
    t = sympy.Symbol("t", real=True)
    signs = {int(np.sign(e)) for e in eigenvalues if abs(e) > _EIG_TOL}
    found, proved = [], False
    for v in hess.nullspace()[:4]:
        v = v / sympy.sqrt(sum(c**2 for c in v))
        shift = {s: at[s] + t * c for s, c in zip(symbols, v, strict=True)}
        line = f.subs(shift, simultaneous=True)
        first = _first_nonzero(line, t)
        direction = [float(c) for c in v]
        if first is None:
            found.append({"direction": direction, "order": None, "value": 0.0})
            continue
        order, value = first
        found.append({"direction": direction, "order": order, "value": value})
        if order % 2:
            proved = True
        else:
            signs.add(int(np.sign(value)))
    return proved or len(signs) > 1, found


def higher_order_kind(
    f: sympy.Expr, symbols: list, values: list[float], exact: dict | None,
    eigenvalues: np.ndarray,
) -> tuple[str, dict[str, Any]]:  # fmt: skip
    """Kind of a point where the Hessian test says nothing (see the module docstring)."""
    evidence: dict[str, Any] = {}
    saddle = False
    if exact:
        try:
            saddle, lines = _null_directions(f, symbols, exact, eigenvalues)
        except (TypeError, ValueError, ZeroDivisionError, NotImplementedError):
            saddle, lines = False, []
        if lines:
            evidence["null_directions"] = lines
    f_num = sympy.lambdify(symbols, f, "numpy")
    p = np.array(values, dtype=float)
    with np.errstate(all="ignore"):
        fp = complex(f_num(*p))
    if abs(fp.imag) > 1e-12 or not math.isfinite(fp.real):
        return ("saddle" if saddle else "degenerate"), evidence
    verdict, sphere = _sphere_test(f_num, p, fp.real)
    evidence["sphere_test"] = sphere
    if saddle or verdict == "both":
        return "saddle", evidence
    return {"above": "minimum", "below": "maximum"}.get(verdict, "degenerate"), evidence


def _classify(
    f: sympy.Expr, smooth: sympy.Expr, hess: Any, symbols: list, values: list[float],
    exact: Any,
) -> CriticalPoint:  # fmt: skip
    at = dict(zip(symbols, values, strict=True))
    with np.errstate(all="ignore"):
        h = np.array(hess(*values), dtype=float)
    if np.all(np.isfinite(h)):
        eigenvalues = np.linalg.eigvalsh((h + h.T) / 2)
        kind = _kind(eigenvalues)
    else:  # a kink: no Hessian there
        eigenvalues, kind = np.array([]), "degenerate"
    value = as_number(numeric_form(f).subs(exact if exact else at))
    evidence: dict[str, Any] = {"hessian_eigenvalues": [float(e) for e in eigenvalues]}
    if kind == "degenerate":
        kind, more = higher_order_kind(smooth, symbols, values, exact, eigenvalues)
        evidence.update(more)
    point = tuple((s.name, float(v)) for s, v in at.items())
    method = "exact" if exact else "numeric"
    exact_out = tuple(exact[s] for s in symbols) if exact else None
    return CriticalPoint(point, exact_out, value, kind, method, tuple(evidence.items()))


def _solve(grad: list, symbols: list) -> list[dict]:
    return sympy.solve(grad, symbols, dict=True)


def _exact(grad: list, symbols: list, time_limit: float) -> tuple[str, Any]:
    return run_limited(_solve, (grad, symbols), time_limit)


class _Compiled:
    """Entries of a vector or matrix of formulas, each compiled to NumPy on its own so that
    constants and arrays mix: ``many(X)`` for points X of shape (m, n) gives (m, *shape);
    a call with one point's coordinates gives ``shape``."""

    def __init__(self, symbols: list, entries: list[sympy.Expr], shape: tuple[int, ...]):
        self.shape = shape
        self.funcs = [sympy.lambdify(symbols, e, "numpy") for e in entries]

    def many(self, points: np.ndarray) -> np.ndarray:
        m = len(points)
        out = np.full((len(self.funcs), m), np.nan)
        with np.errstate(all="ignore"):
            for i, fn in enumerate(self.funcs):
                try:
                    value = np.asarray(fn(*points.T))
                except (ValueError, TypeError, ZeroDivisionError, OverflowError):
                    continue
                if np.iscomplexobj(value):
                    value = np.where(np.abs(value.imag) < 1e-12, value.real, np.nan)
                out[i] = np.broadcast_to(value.astype(float), (m,))
        return np.moveaxis(out.reshape(*self.shape, m), -1, 0)

    def __call__(self, *values: float) -> np.ndarray:
        return self.many(np.array([values], dtype=float))[0]


def _newton(grad_f: Any, hess_f: Any, starts: np.ndarray) -> np.ndarray:
    """Newton's method on ∇f = 0 from all ``starts`` at once: the converged points."""
    x = starts.astype(float)
    n = x.shape[1]
    with np.errstate(all="ignore"):
        for _ in range(60):
            g, h = grad_f.many(x), hess_f.many(x)
            ok = np.all(np.isfinite(g), axis=1) & np.all(np.isfinite(h), axis=(1, 2))
            x, g, h = x[ok], g[ok], h[ok]
            if not len(x):
                break
            step = np.einsum("mij,mj->mi", np.linalg.pinv(h), g)
            x = x - step
        g = grad_f.many(x) if len(x) else np.zeros((0, n))
    good = np.all(np.isfinite(g), axis=1) & (np.linalg.norm(g, axis=1) < 1e-8)
    return x[good]


def _numeric(
    grad_f: Any, hess_f: Any, n: int, lo: float, hi: float, dense: bool = False
) -> list[np.ndarray]:
    per_axis = 7 if n <= 2 else 4
    if dense:  # a domain: starting points at most GRID_SPACING apart (bounded in number)
        per_axis = max(per_axis, min(int((hi - lo) / GRID_SPACING) + 1, int(MAX_STARTS ** (1 / n))))
    starts = np.array(list(itertools.product(np.linspace(lo, hi, per_axis), repeat=n)))
    found: list[np.ndarray] = []
    for x in _newton(grad_f, hess_f, starts):
        if not np.all((x >= lo - 1e-9) & (x <= hi + 1e-9)):
            continue
        if all(np.linalg.norm(x - y) > 1e-6 * max(1.0, np.linalg.norm(y)) for y in found):
            found.append(x)
    return found


def _periods(f: sympy.Expr, symbols: list) -> dict[sympy.Symbol, sympy.Expr]:
    periods = {}
    for s in symbols:
        try:
            period = sympy.periodicity(f, s)
        except (NotImplementedError, ValueError, TypeError):
            period = None
        if period is not None and period.is_positive and as_number(period):
            periods[s] = period
    return periods


def _translates(
    sols: list[dict], symbols: list, periods: dict, lo: float, hi: float
) -> list[dict] | None:
    """Every translate of ``sols`` by the periods inside [lo, hi]ⁿ (None: too many)."""
    out: dict[tuple[float, ...], dict] = {}
    for sol in sols:
        ranges = []
        for s in symbols:
            v, period = as_number(sol[s]), periods.get(s)
            if period is None:
                ranges.append([0])
                continue
            step = as_number(period)
            first, last = math.ceil((lo - v) / step - 1e-9), math.floor((hi - v) / step + 1e-9)
            ranges.append(range(first, last + 1))
        count = math.prod(len(r) for r in ranges)
        if count + len(out) > MAX_POINTS:
            return None
        for ks in itertools.product(*ranges):
            moved = {
                s: sol[s] + k * periods[s] if k else sol[s]
                for s, k in zip(symbols, ks, strict=True)
            }
            values = tuple(round(as_number(moved[s]), 9) for s in symbols)
            if all(lo - 1e-9 <= v <= hi + 1e-9 for v in values):
                out.setdefault(values, moved)
    return list(out.values())


def critical_points_nd(
    f: sympy.Expr, symbols: list, interval: tuple[float, float] | None, time_limit: float
) -> CriticalPoints:
    """∇f = 0 for two or more variables (see the module docstring); with kinks (|u|,
    relu, max/min, roots, sign, step) see :mod:`gradstep.calculus.kinks_nd`."""
    from gradstep.calculus.kinks_nd import piecewise_critical_points

    found = piecewise_critical_points(f, symbols, interval, time_limit)
    if found is not None:
        return found
    return smooth_critical_points(f, symbols, interval, time_limit)[0]


def smooth_critical_points(
    f: sympy.Expr, symbols: list, interval: tuple[float, float] | None, time_limit: float
) -> tuple[CriticalPoints, list[dict]]:
    """∇f = 0 where f is smooth: (the answer, the families of solutions SymPy gave)."""
    smooth = numeric_form(to_elementary(f))
    grad = [sympy.diff(smooth, s) for s in symbols]
    hess_expr = numeric_form(sympy.hessian(smooth, symbols))
    n = len(symbols)
    hess = _Compiled(symbols, list(hess_expr), (n, n))
    grad_f = _Compiled(symbols, [numeric_form(g) for g in grad], (n,))
    names = tuple(s.name for s in symbols)
    status, answer = _exact(grad, symbols, time_limit)
    notes: list = []
    points: list[CriticalPoint] = []
    if status == "ok" and isinstance(answer, list):
        real = [sol for sol in answer if all(as_number(sol.get(s, s)) is not None for s in symbols)]
        families = [
            sol for sol in answer if any(s not in sol or sol[s].free_symbols for s in symbols)
        ]
        # no solution in one period means none in any: the translates of nothing are nothing
        periodic = f.has(*_PERIODIC) and bool(answer)
        periods = _periods(f, symbols) if periodic else {}
        complete = not families and not periodic
        too_many = False
        if periodic and interval is not None and real:
            moved = _translates(real, symbols, periods, *interval)
            if moved is None:
                notes.append(("nd_too_many", (("limit", MAX_POINTS),)))
                complete, too_many = False, True
            else:
                real = moved
        for sol in real[:MAX_POINTS]:
            values = [as_number(sol[s]) for s in symbols]
            if interval and not all(interval[0] - 1e-9 <= v <= interval[1] + 1e-9 for v in values):
                continue
            points.append(_classify(f, smooth, hess, symbols, values, sol))
        if families:
            notes.append(("nd_family", (("family", str(families[0])),)))
        notes.append(("nd_exact", ()))
        if periodic and interval is not None and not families and not too_many:
            complete = _cross_check(f, smooth, hess, grad_f, symbols, interval, points, notes)
            complete = complete and set(periods) >= _trig_variables(f, symbols)
        elif periodic:
            shown = ", ".join(f"{s.name}: {periods[s]}" for s in symbols if s in periods)
            notes.append(("nd_periodic", (("periods", shown or "?"),)))
    else:
        lo, hi = interval or DEFAULT_INTERVAL
        for x in _numeric(grad_f, hess, len(symbols), lo, hi, dense=interval is not None)[
            :MAX_POINTS
        ]:
            points.append(_classify(f, smooth, hess, symbols, [float(v) for v in x], None))
        key = "timeout" if status == "timeout" else "not_solved"
        notes += [
            (key, (("seconds", time_limit),)),
            ("nd_numeric", (("lo", f"{lo:g}"), ("hi", f"{hi:g}"))),
        ]
        complete = False
    points.sort(key=lambda p: [v for _, v in p.point])
    answer_families = families if status == "ok" and isinstance(answer, list) else []
    return CriticalPoints(f, names, tuple(points), (), complete, tuple(notes)), answer_families


def _trig_variables(f: sympy.Expr, symbols: list) -> set:
    """The variables that appear inside a trigonometric function of ``f``."""
    inside = set()
    for node in sympy.preorder_traversal(f):
        if isinstance(node, _PERIODIC):
            inside |= node.free_symbols
    return {s for s in symbols if s in inside}


def _cross_check(
    f: sympy.Expr, smooth: sympy.Expr, hess: Any, grad_f: Any, symbols: list,
    interval: tuple[float, float], points: list[CriticalPoint], notes: list,
) -> bool:  # fmt: skip
    """Newton's method from a dense grid of the domain; adds the points it finds beyond
    ``points`` (numeric). True when it found none."""
    lo, hi = interval
    known = [np.array([v for _, v in p.point]) for p in points]
    missed = []
    for x in _numeric(grad_f, hess, len(symbols), lo, hi, dense=True):
        if all(np.linalg.norm(x - y) > 1e-6 * max(1.0, np.linalg.norm(y)) for y in known):
            missed.append(x)
            known.append(x)
    for x in missed[: max(0, MAX_POINTS - len(points))]:
        points.append(_classify(f, smooth, hess, symbols, [float(v) for v in x], None))
    shown = "; ".join("(" + ", ".join(f"{v:.6g}" for v in x) + ")" for x in missed[:10])
    notes.append(("nd_periodic_domain", (("lo", f"{lo:g}"), ("hi", f"{hi:g}"))))
    if missed:
        notes.append(("missed", (("points", shown),)))
    return not missed
