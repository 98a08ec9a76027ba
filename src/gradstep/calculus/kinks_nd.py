"""Critical points of a function of several variables with kinks: |u|, relu(u), max/min,
u^q (0 < q < 1, e.g. sqrt), sign(u), step(u).

Such an f is smooth on pieces cut out by the kink sets u = 0, and ∇f does not exist on
(parts of) them. The critical points are therefore of three sorts, each found exactly by
SymPy (in a child process under the time limit, Newton's method when it gives up):

1. **in a smooth piece**: each kink replaced by one of its branches (|u| → ±u,
   relu(u) → u or 0, max(a, b) → a or b, sign(u) → ±1, step(u) → 1 or 0), ∇g = 0 solved
   for that branch g and only the solutions strictly inside the piece kept (u > 0 for the
   branch u, …). A piece where ∇g = 0 on a whole curve or region (relu(x) + y²: every
   (x, 0) with x < 0) is a **continuum** of critical points: it is named in the note and
   ``complete`` is false, never listed as a grid of points;
2. **on one, two or three kink sets** (Lagrange): f restricted to u₁ = 0 (u₂ = 0, …) equals g,
   f with the kinks there replaced by their value on the set and the others by one branch;
   u_i = 0, ∇g + Σ λ_i ∇u_i = 0 gives the points where f restricted to the set is
   stationary (|x − 1| + y²: (1, 0)), and, with two sets in the plane, where they cross
   (|x| + |y|: (0, 0));
3. **singular points** of a kink set: u = 0 and ∇u = 0 (x² + y² = 0 for sqrt(x² + y²),
   where Lagrange says nothing).

A candidate of sorts 2–3 is kept only where f is finite and ∇f really does not exist —
a one-sided numeric check in many directions: slopes that are not linear in the
direction (kink), that blow up (cusp, vertical tangent), f undefined on one side
(domain edge) or not continuous (jump). Where the gradient does exist after all
(|x|³ + y² at 0) the point is an ordinary critical point when the gradient is 0 there.
Points without a gradient are classified by f − f(p) on small spheres (as in one
variable, a minimum need not be strict) with method ``nondifferentiable``, and listed in
``nondifferentiable_points`` as well.

Limits: at most ``MAX_NODES`` kinks (else the smooth solver alone answers, with a note),
``MAX_SETS`` kink sets at a time, and ``BUDGET`` × the time limit for all the systems together.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from gradstep.calculus.extrema import DEFAULT_INTERVAL, CriticalPoint, CriticalPoints
from gradstep.calculus.functions import relu
from gradstep.calculus.numeric import as_number, numeric_form
from gradstep.calculus.render import pretty
from gradstep.calculus.solver import run_limited

MAX_NODES = 4
MAX_SYSTEMS = 80
MAX_SETS = 3  # kink sets met at once (|x| + |y| + |z| at 0: three)
BUDGET = 5.0  # all the systems together: at most this many time limits
_H = 1e-6
_TOL = 1e-9


@dataclass(frozen=True)
class NonDifferentiablePointND:
    """A point of several variables where ∇f does not exist; ``reason`` as in one variable
    (kink, cusp, vertical_tangent, jump, domain_edge)."""

    point: tuple[tuple[str, float], ...]
    exact: tuple[sympy.Expr, ...] | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "point": dict(self.point),
            "exact": None if self.exact is None else str(list(self.exact)),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class _Node:
    """A non-smooth sub-expression: its branches (value, conditions ≥ 0 where it holds)
    and its kink sets (u, its value on u = 0, extra conditions ≥ 0)."""

    expr: sympy.Expr
    branches: tuple[tuple[sympy.Expr, tuple[sympy.Expr, ...]], ...]
    kinks: tuple[tuple[sympy.Expr, sympy.Expr, tuple[sympy.Expr, ...]], ...]


def _node(node: sympy.Expr) -> _Node | None:
    if isinstance(node, sympy.Abs):
        u = node.args[0]
        return _Node(node, ((u, (u,)), (-u, (-u,))), ((u, sympy.S.Zero, ()),))
    if isinstance(node, relu):
        u = node.args[0]
        return _Node(node, ((u, (u,)), (sympy.S.Zero, (-u,))), ((u, sympy.S.Zero, ()),))
    if isinstance(node, sympy.Max | sympy.Min):
        args = node.args
        sign = 1 if isinstance(node, sympy.Max) else -1
        branches = tuple((a, tuple(sign * (a - b) for b in args if b is not a)) for a in args)
        kinks = tuple(
            (a - b, a, tuple(sign * (a - c) for c in args if c is not a and c is not b))
            for a, b in itertools.combinations(args, 2)
        )
        return _Node(node, branches, kinks)
    if isinstance(node, sympy.sign):
        u = node.args[0]
        return _Node(node, ((sympy.S.One, (u,)), (-sympy.S.One, (-u,))), ((u, sympy.S.Zero, ()),))
    if isinstance(node, sympy.Heaviside):
        u = node.args[0]
        half = sympy.Heaviside(0)
        return _Node(node, ((sympy.S.One, (u,)), (sympy.S.Zero, (-u,))), ((u, half, ()),))
    if node.is_Pow and node.exp.is_Rational and not node.exp.is_Integer and 0 < node.exp < 1:
        u, q = node.base, node.exp
        branches: list = [(node, (u,))]
        if q.q % 2 == 1:  # an odd root is real for u < 0 too
            branches.append(((-1) ** q.p * (-u) ** q, (-u,)))
        return _Node(node, tuple(branches), ((u, sympy.S.Zero, ()),))
    return None


def kink_nodes(f: sympy.Expr, symbols: list) -> list[_Node]:
    """The non-smooth sub-expressions of ``f`` that depend on the variables."""
    found: dict[sympy.Expr, _Node] = {}
    for sub in sympy.preorder_traversal(f):
        if sub in found or not (sub.free_symbols & set(symbols)):
            continue
        node = _node(sub)
        if node is not None:
            found[sub] = node
    return list(found.values())


def _apply(expr: sympy.Expr, mapping: dict) -> sympy.Expr:
    """``expr`` with every node replaced (nested nodes too: |x − |y||)."""
    for _ in range(len(mapping) + 1):
        new = expr.xreplace(mapping)
        if new == expr:
            break
        expr = new
    return expr


@dataclass
class _Config:
    """One choice for every node: a branch (a smooth piece) or a kink set (on it)."""

    g: sympy.Expr
    conditions: list[sympy.Expr]  # ≥ 0 (on a set: may be 0; in a piece: > 0)
    constraints: list[sympy.Expr]  # u = 0


def _configs(f: sympy.Expr, nodes: list[_Node], on_sets: int) -> list[_Config]:
    choices = []
    for node in nodes:
        options = [("branch", b) for b in node.branches]
        if on_sets:
            options += [("kink", k) for k in node.kinks]
        choices.append(options)
    out = []
    for combo in itertools.product(*choices):
        kinks = [c for c in combo if c[0] == "kink"]
        if len(kinks) != on_sets:
            continue
        mapping, conditions, constraints = {}, [], []
        for node, (what, item) in zip(nodes, combo, strict=True):
            if what == "branch":
                mapping[node.expr] = item[0]
                conditions.extend(item[1])
            else:
                u, value, extra = item
                mapping[node.expr] = value
                constraints.append(u)
                conditions.extend(extra)
        g = _apply(f, mapping)
        out.append(
            _Config(
                g,
                [_apply(c, mapping) for c in conditions],
                [_apply(u, mapping) for u in constraints],
            )
        )
    return out


def _solve(equations: list, unknowns: list) -> list[dict]:
    return sympy.solve(equations, unknowns, dict=True)


class _Clock:
    def __init__(self, time_limit: float) -> None:
        self.time_limit = time_limit
        self.deadline = time.monotonic() + BUDGET * time_limit
        self.skipped = False

    def left(self) -> float:
        return min(self.time_limit, self.deadline - time.monotonic())


def _numbers(sol: dict, symbols: list) -> list[float] | None:
    values = [as_number(sol[s]) if s in sol else None for s in symbols]
    return None if any(v is None for v in values) else values


class _Finder:
    """The candidates of one function, checked and classified."""

    def __init__(self, f: sympy.Expr, symbols: list, interval: Any, time_limit: float):
        self.f, self.symbols, self.interval = f, symbols, interval
        self.n = len(symbols)
        self.form = numeric_form(f)
        self.f_num = sympy.lambdify(symbols, self.form, "numpy")
        self.clock = _Clock(time_limit)
        self.exact_everywhere = True
        self.points: dict[tuple, CriticalPoint] = {}
        self.kinks: dict[tuple, NonDifferentiablePointND] = {}
        self.continua: list[str] = []
        self.notes: list = []

    # ---------------------------------------------------------------- numbers
    def value(self, x: np.ndarray) -> float:
        with np.errstate(all="ignore"):
            try:
                out = complex(self.f_num(*x))
            except (ValueError, TypeError, ZeroDivisionError, OverflowError):
                return math.nan
        return out.real if abs(out.imag) < 1e-12 and math.isfinite(out.real) else math.nan

    def directions(self) -> np.ndarray:
        if self.n == 2:
            angles = np.linspace(0.0, 2 * np.pi, 48, endpoint=False)
            return np.stack([np.cos(angles), np.sin(angles)], axis=1)
        dirs = [np.array(v, float) for v in itertools.product((-1, 0, 1), repeat=self.n) if any(v)]
        return np.array([d / np.linalg.norm(d) for d in dirs])

    def reason(self, p: np.ndarray, fp: float) -> str | None:
        """Why ∇f does not exist at p (None: it exists), from one-sided slopes."""
        dirs = self.directions()
        h = _H * max(1.0, float(np.linalg.norm(p)))
        near = np.array([self.value(p + h * d) for d in dirs])
        if not np.all(np.isfinite(near)):
            return "domain_edge"
        tiny = np.abs(np.array([self.value(p + 1e-10 * d) for d in dirs]) - fp)
        tinier = np.abs(np.array([self.value(p + 1e-12 * d) for d in dirs]) - fp)
        if np.any((tinier > 1e-7 * max(1.0, abs(fp))) & (tinier > 0.9 * tiny)):
            return "jump"  # the gap does not shrink (a root u^q would: by 100^q)
        slopes = (near - fp) / h
        nearer = (np.array([self.value(p + 1e-3 * h * d) for d in dirs]) - fp) / (1e-3 * h)
        blow = np.abs(nearer) > 5 * np.abs(slopes) + 1
        if np.any(blow):
            opposite = {tuple(np.round(d, 9)): s for d, s in zip(dirs, nearer, strict=True)}
            for d, s in zip(dirs, nearer, strict=True):
                back = opposite.get(tuple(np.round(-d, 9)))
                if back is not None and abs(s) > 1e3 and np.sign(s) == np.sign(back):
                    return "cusp"
            return "vertical_tangent"
        grad, *_ = np.linalg.lstsq(dirs, slopes, rcond=None)
        misfit = float(np.max(np.abs(dirs @ grad - slopes)))
        if misfit > 1e-4 * max(1.0, float(np.max(np.abs(slopes)))):
            return "kink"
        return None

    def gradient(self, p: np.ndarray) -> np.ndarray:
        h = 1e-6 * max(1.0, float(np.linalg.norm(p)))
        eye = np.eye(self.n)
        return np.array([(self.value(p + h * e) - self.value(p - h * e)) / (2 * h) for e in eye])

    # ---------------------------------------------------------------- candidates
    def inside(self, values: list[float]) -> bool:
        if self.interval is None:
            return True
        lo, hi = self.interval
        return all(lo - 1e-9 <= v <= hi + 1e-9 for v in values)

    def holds(self, conditions: list, at: dict, strict: bool) -> bool:
        for c in conditions:
            v = as_number(numeric_form(c).subs(at)) if c.free_symbols else as_number(c)
            if v is None:
                return False
            tol = 1e-9 * max(1.0, *(abs(float(x)) for x in at.values()))
            if (v <= tol) if strict else (v < -tol):
                return False
        return True

    def candidate(self, values: list[float], exact: dict | None) -> None:
        """A point on a kink set: kept as a kink, or as a stationary point, or dropped."""
        from gradstep.calculus.extrema_nd import _classify, _Compiled

        if not self.inside(values):
            return
        key = tuple(round(v, 7) + 0.0 for v in values)
        if key in self.points:
            return
        p = np.array(values, dtype=float)
        fp = self.value(p)
        if not math.isfinite(fp):
            return
        reason = self.reason(p, fp)
        exact_out = tuple(exact[s] for s in self.symbols) if exact else None
        names = [s.name for s in self.symbols]
        if reason is None:
            grad = self.gradient(p)
            if not np.all(np.abs(grad) < 1e-5 * max(1.0, abs(fp))):
                return
            smooth = numeric_form(self.f)
            hess = _Compiled(self.symbols, list(numeric_form(sympy.hessian(smooth, self.symbols))),
                             (self.n, self.n))  # fmt: skip
            self.points[key] = _classify(self.f, smooth, hess, self.symbols, values, exact)
            return
        self.points[key] = self.kink_point(p, fp, names, exact, exact_out, reason)
        point = tuple(zip(names, (float(v) for v in values), strict=True))
        self.kinks[key] = NonDifferentiablePointND(point, exact_out, reason)

    def kink_point(
        self, p: np.ndarray, fp: float, names: list[str], exact: dict | None,
        exact_out: tuple | None, reason: str,
    ) -> CriticalPoint:  # fmt: skip
        from gradstep.calculus.extrema_nd import _sphere_test

        verdict, sphere = _sphere_test(self.f_num, p, fp, strict=False, min_fraction=0.25)
        kind = {"above": "minimum", "below": "maximum", "both": "saddle"}.get(verdict, "degenerate")
        value = as_number(self.form.subs(exact)) if exact else fp
        evidence = (("reason", reason), ("sphere_test", sphere))
        point = tuple(zip(names, (float(v) for v in p), strict=True))
        return CriticalPoint(point, exact_out, value, kind, "nondifferentiable", evidence)

    # ---------------------------------------------------------------- families
    def family(self, sol: dict, conditions: list, constraints: list, strict: bool) -> bool:
        """Is the solution family ``sol`` real and met (somewhere) inside its piece? Then it
        is a continuum of critical points: remembered for the note."""
        free = sorted(
            {s for s in self.symbols if s not in sol} | set().union(
                *(v.free_symbols for v in sol.values())) - set(sol),
            key=lambda s: s.name,
        )  # fmt: skip
        samples = (-3.0, -1.0, -0.5, 0.5, 1.0, 3.0, 0.0, -7.0, 7.0)
        met = 0  # a continuum is met at two sample points at least ({x = i·y}: only at 0)
        for combo in itertools.islice(itertools.product(samples, repeat=len(free)), 200):
            at = dict(zip(free, (sympy.Float(v) for v in combo), strict=True))
            point = {s: (sol[s].subs(at) if s in sol else at[s]) for s in self.symbols}
            values = _numbers(point, self.symbols)
            if values is None or not self.inside(values):
                continue
            if not self.holds(conditions, point, strict):
                continue
            p = np.array(values)
            fp = self.value(p)
            if not math.isfinite(fp):
                continue
            if (
                constraints
                and self.reason(p, fp) is None
                and np.any(np.abs(self.gradient(p)) > 1e-5)
            ):
                continue
            met += 1
            if met >= 2:
                self.continua.append(self.describe(sol, conditions, constraints, strict))
                return True
        return False

    def describe(self, sol: dict, conditions: list, constraints: list, strict: bool) -> str:
        parts = [
            f"{s.name} = {pretty(v)}"
            for s, v in sol.items()
            if s in self.symbols and not (v.free_symbols - set(self.symbols))
        ]
        if len(parts) < len([s for s in sol if s in self.symbols]) or not parts:
            parts = [f"{pretty(u)} = 0" for u in constraints]
        for c in conditions:
            if not c.free_symbols:
                continue
            flip = c.could_extract_minus_sign()
            mark = ("<" if flip else ">") if strict else ("≤" if flip else "≥")
            parts.append(f"{pretty(-c if flip else c)} {mark} 0")
        return "{" + ", ".join(parts) + "}" if parts else "ℝⁿ"

    # ---------------------------------------------------------------- systems
    def solve(self, equations: list, unknowns: list) -> list[dict] | None:
        seconds = self.clock.left()
        if seconds <= 0.05:
            self.clock.skipped = True
            return None
        status, answer = run_limited(_solve, (equations, unknowns), seconds)
        if status == "ok" and isinstance(answer, list):
            return answer
        self.exact_everywhere = False
        return None

    def on_sets(self, config: _Config) -> None:
        lambdas = [sympy.Symbol(f"lambda_{i}", real=True) for i in range(len(config.constraints))]
        pairs = list(zip(lambdas, config.constraints, strict=True))
        equations = list(config.constraints) + [
            sympy.diff(config.g, s) + sum(lam * sympy.diff(u, s) for lam, u in pairs)
            for s in self.symbols
        ]
        equations = [numeric_form(e) for e in equations]
        answer = self.solve(equations, [*self.symbols, *lambdas])
        if answer is None:
            if not self.clock.skipped:
                self.newton(equations, [*self.symbols, *lambdas], config)
            return
        for sol in answer:
            values = _numbers(sol, self.symbols)
            if values is None:
                if any(s not in sol or sol[s].free_symbols for s in self.symbols):
                    self.family(sol, config.conditions, config.constraints, strict=False)
                continue
            at = {s: sol[s] for s in self.symbols}
            if self.holds(config.conditions, at, strict=False):
                self.candidate(values, at)

    def newton(self, equations: list, unknowns: list, config: _Config) -> None:
        from gradstep.calculus.extrema_nd import _Compiled, _newton

        m = len(unknowns)
        system = _Compiled(unknowns, equations, (m,))
        jac = _Compiled(unknowns, list(sympy.Matrix(equations).jacobian(unknowns)), (m, m))
        lo, hi = self.interval or DEFAULT_INTERVAL
        axes = [np.linspace(lo, hi, 7 if self.n <= 2 else 4)] * self.n
        axes += [np.array([-1.0, 1.0])] * (m - self.n)
        starts = np.array(list(itertools.product(*axes)))
        isolated, loose = [], []
        for x in _newton(system, jac, starts)[:200]:
            values = [float(v) for v in x[: self.n]]
            at = dict(zip(self.symbols, values, strict=True))
            if not self.holds(config.conditions, at, strict=False):
                continue
            j = jac(*x)
            sv = np.linalg.svd(j, compute_uv=False) if np.all(np.isfinite(j)) else np.array([0.0])
            # a singular Jacobian: the solution is (likely) not isolated, a curve of them
            (loose if sv.min() < 1e-7 * max(1.0, sv.max()) else isolated).append(values)
        loose = list({tuple(round(v, 6) + 0.0 for v in p): p for p in loose}.values())
        if len(loose) >= 2:  # a continuum found numerically: named, never listed as a grid
            shown = ", ".join("(" + ", ".join(f"{v:.4g}" for v in p) + ")" for p in loose[:3])
            self.continua.append(f"{{{', '.join(f'{pretty(u)} = 0' for u in config.constraints)}}}"
                                 f" ≈ {shown}, …")  # fmt: skip
        else:
            isolated += loose
        for values in isolated:
            self.candidate(values, None)

    def singular(self, u: sympy.Expr) -> None:
        equations = [numeric_form(u)] + [numeric_form(sympy.diff(u, s)) for s in self.symbols]
        for sol in self.solve(equations, list(self.symbols)) or []:
            values = _numbers(sol, self.symbols)
            if values is not None:
                self.candidate(values, {s: sol[s] for s in self.symbols})

    def piece(self, config: _Config, time_limit: float) -> tuple[list[CriticalPoint], bool, list]:
        from gradstep.calculus.extrema_nd import smooth_critical_points

        seconds = self.clock.left()
        if seconds <= 0.05:
            self.clock.skipped = True
            return [], False, []
        g = config.g
        if all(sympy.diff(g, s) == 0 for s in self.symbols):  # f is constant on the piece
            self.family({}, config.conditions, [], strict=True)
            return [], True, []
        answer, families = smooth_critical_points(g, self.symbols, self.interval, seconds)
        for sol in families:
            self.family(sol, config.conditions, [], strict=True)
        kept = []
        for p in answer.points:
            at = dict(p.point)
            at = {s: at[s.name] for s in self.symbols}
            if self.holds(config.conditions, at, strict=True):
                kept.append(p)
        notes = [note for note in answer.notes if note[0] != "nd_family"]
        complete = answer.complete or (bool(families) and not any(
            k in ("timeout", "not_solved", "missed", "nd_periodic") for k, _ in notes))  # fmt: skip
        return kept, complete, notes


def piecewise_critical_points(
    f: sympy.Expr, symbols: list, interval: tuple[float, float] | None, time_limit: float
) -> CriticalPoints | None:
    """The critical points of an ``f`` with kinks (see the module docstring); None when f
    has none (the smooth solver answers alone)."""
    nodes = kink_nodes(f, symbols)
    if not nodes:
        return None
    if len(nodes) > MAX_NODES:
        from gradstep.calculus.extrema_nd import smooth_critical_points

        answer = smooth_critical_points(f, symbols, interval, time_limit)[0]
        note = ("nd_kinks_many", (("count", len(nodes)), ("limit", MAX_NODES)))
        return CriticalPoints(
            answer.expression, answer.variables, answer.points, (), False, (*answer.notes, note)
        )
    finder = _Finder(f, symbols, interval, time_limit)
    sets = list(dict.fromkeys(k[0] for node in nodes for k in node.kinks))
    systems = 0
    for u in sets:
        finder.singular(u)
    for count in range(1, min(MAX_SETS, len(symbols), len(nodes)) + 1):
        for config in _configs(f, nodes, count):
            systems += 1
            if systems > MAX_SYSTEMS:
                finder.clock.skipped = True
                break
            finder.on_sets(config)
    notes: list = []
    complete = True
    for config in _configs(f, nodes, 0):
        kept, done, piece_notes = finder.piece(config, time_limit)
        complete = complete and done
        for p in kept:
            key = tuple(round(v, 7) + 0.0 for _, v in p.point)
            finder.points.setdefault(key, p)
        notes += [n for n in piece_notes if n not in notes]
    active = bool(finder.kinks or finder.continua) or _changes_sign(sets, symbols, interval)
    if active:
        shown = ", ".join(f"{pretty(u)} = 0" for u in sets)
        notes.append(("nd_kinks", (("sets", shown),)))
    if finder.continua:
        notes.append(("nd_continuum", (("where", "; ".join(dict.fromkeys(finder.continua))),)))
        complete = False
    if not finder.exact_everywhere:
        notes.append(("nd_kinks_numeric", (("seconds", time_limit),)))
        complete = False
    if finder.clock.skipped:
        notes.append(("nd_kinks_budget", (("seconds", f"{BUDGET * time_limit:g}"),)))
        complete = False
    if f.has(sympy.sin, sympy.cos, sympy.tan) and active:
        complete = False
    points = sorted(finder.points.values(), key=lambda p: [v for _, v in p.point])
    kinks = [finder.kinks[k] for k in sorted(finder.kinks)]
    names = tuple(s.name for s in symbols)
    return CriticalPoints(f, names, tuple(points), tuple(kinks), complete, tuple(notes))


def _changes_sign(sets: list, symbols: list, interval: Any) -> bool:
    """Some u of ``sets`` takes both signs (or 0) on a grid of the box: a real kink set."""
    lo, hi = interval or DEFAULT_INTERVAL
    per_axis = 41 if len(symbols) <= 2 else 9
    grid = np.array(list(itertools.product(np.linspace(lo, hi, per_axis), repeat=len(symbols))))
    for u in sets:
        fn = sympy.lambdify(symbols, numeric_form(u), "numpy")
        with np.errstate(all="ignore"):
            try:
                values = np.asarray(fn(*grid.T), dtype=complex)
            except (ValueError, TypeError, ZeroDivisionError, OverflowError):
                continue
        values = np.broadcast_to(values, (len(grid),))
        real = values.real[np.abs(values.imag) < 1e-12]
        real = real[np.isfinite(real)]
        if len(real) and (np.any(real == 0) or (real.min() < 0 < real.max())):
            return True
    return False
