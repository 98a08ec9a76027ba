"""Critical points and their kind, never hanging, always saying how it decided.

One variable: f′ = 0 is solved exactly by ``solveset`` in a child process with a time
limit (``DEFAULT_TIME_LIMIT`` = 2 s; see :mod:`gradstep.calculus.solver`), and always
cross-checked by a numeric scan of f′ on an interval (the domain, or
``DEFAULT_INTERVAL`` = [-10, 10]) for sign changes and touching zeros. Roots the exact
solver missed (eˣ = 6x) are added as numeric points and named in the note; when the
solver gives up or times out, the numeric scan answers and ``complete`` is false.
Periodic families (sin, cos) are one point per family with its pattern (n ∈ ℤ), or every
member inside a given domain. Points where f′ does not exist (|x| at 0) are candidates
too. Each point is classified with evidence: f″, then higher derivatives, then the
lessons' sign test (f′ < 0 left and > 0 right: a minimum).

>>> [(str(p.exact), p.kind) for p in critical_points("x^3 - 3x")]
[('-1', 'maximum'), ('1', 'minimum')]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import sympy

from gradstep.calculus.derivation import sorted_symbols, to_expression
from gradstep.calculus.functions import to_elementary
from gradstep.calculus.nondiff import NonDifferentiablePoint, nondifferentiable_points
from gradstep.calculus.numeric import (
    as_number,
    flat_runs,
    lambdify1,
    scan_roots,
    touching_roots,
)
from gradstep.calculus.solver import run_limited
from gradstep.errors import InputError
from gradstep.i18n import check_lang, message

DEFAULT_TIME_LIMIT = 2.0
DEFAULT_INTERVAL = (-10.0, 10.0)
MAX_FAMILY_MEMBERS = 200
_MATCH = 1e-6


@dataclass(frozen=True)
class CriticalPoint:
    """A critical point: where, exactly (or None), f there, its kind, how it was found.

    kind: minimum, maximum, saddle, inflection (no extremum), degenerate.
    method: exact, numeric, nondifferentiable; evidence: what decided the kind.
    """

    point: tuple[tuple[str, float], ...]
    exact: sympy.Expr | tuple[sympy.Expr, ...] | None
    value: float | None
    kind: str
    method: str
    evidence: tuple[tuple[str, Any], ...] = ()
    pattern: str | None = None

    def to_dict(self) -> dict[str, Any]:
        exact = self.exact
        out: dict[str, Any] = {
            "point": dict(self.point),
            "exact": None
            if exact is None
            else str(exact if not isinstance(exact, tuple) else list(exact)),
            "value": self.value,
            "kind": self.kind,
            "method": self.method,
            "evidence": dict(self.evidence),
        }
        if self.pattern:
            out["pattern"] = self.pattern
        return out


@dataclass(frozen=True)
class CriticalPoints:
    """The answer of :func:`critical_points`; iterate it for the points."""

    expression: sympy.Expr
    variables: tuple[str, ...]
    points: tuple[CriticalPoint, ...]
    nondifferentiable_points: tuple[NonDifferentiablePoint, ...]
    complete: bool
    notes: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = field(default=())

    def __iter__(self) -> Any:
        return iter(self.points)

    def __len__(self) -> int:
        return len(self.points)

    def __getitem__(self, index: int) -> CriticalPoint:
        return self.points[index]

    def note(self, lang: str = "en") -> str:
        """How the answer was found, in ``lang``."""
        check_lang(lang)
        return " ".join(message(f"calculus.extrema.{k}", lang, **dict(f)) for k, f in self.notes)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The ``--json`` form (stable keys)."""
        return {
            "expression": str(self.expression),
            "variables": list(self.variables),
            "critical_points": [p.to_dict() for p in self.points],
            "nondifferentiable_points": [p.to_dict() for p in self.nondifferentiable_points],
            "complete": self.complete,
            "note": self.note(lang),
        }


def _interval(domain: Any) -> tuple[float, float] | None:
    if domain is None:
        return None
    try:
        lo, hi = (float(v) for v in domain)
    except (TypeError, ValueError):
        raise InputError("domain must be two numbers a, b with a < b") from None
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise InputError(f"domain must be two finite numbers a < b, got {lo}, {hi}")
    return lo, hi


def critical_points(
    expr: str | sympy.Expr, domain: Any = None, time_limit: float = DEFAULT_TIME_LIMIT
) -> CriticalPoints:
    """The critical points of ``expr`` with their kind (see the module docstring).

    ``domain`` = (a, b) limits the search (one variable); ``time_limit`` bounds the exact
    solver (seconds), after which the numeric answer is given.
    """
    expression = to_expression(expr)
    symbols = sorted_symbols(expression)
    interval = _interval(domain)
    if len(symbols) >= 2:
        from gradstep.calculus.extrema_nd import critical_points_nd

        return critical_points_nd(expression, symbols, interval, time_limit)
    if not symbols:
        return CriticalPoints(expression, (), (), (), True, (("constant", ()),))
    return _one_variable(expression, symbols[0], interval, time_limit)


def _one_variable(
    f: sympy.Expr, x: sympy.Symbol, interval: tuple[float, float] | None, time_limit: float
) -> CriticalPoints:
    df = sympy.diff(to_elementary(f), x).replace(sympy.DiracDelta, lambda *a: sympy.S.Zero)
    lo, hi = interval or DEFAULT_INTERVAL
    kinks = nondifferentiable_points(f, x, (lo, hi))
    if df == 0 and not kinks:
        return CriticalPoints(f, (x.name,), (), (), True, (("constant", ()),))
    exact, families, notes, complete = _solve_exact(df, x, interval, time_limit)
    d1 = lambdify1(df, x)
    numeric = _dedupe(scan_roots(d1, lo, hi) + touching_roots(d1, lo, hi))
    numeric = [r for r in numeric if not any(abs(r - float(k.point)) < 1e-6 for k in kinks)]
    for a, b in flat_runs(d1, lo, hi):
        notes.append(("plateau", (("a", f"{a:g}"), ("b", f"{b:g}"))))
    members = _members(families, lo, hi) if families else []
    found = _merge(f, df, x, exact, numeric, interval, notes, members)
    if exact is None and families is None:
        notes.append(("numeric", (("lo", f"{lo:g}"), ("hi", f"{hi:g}"))))
    for fam in families or []:
        found.append(_family_point(f, df, x, fam))
    found.extend(_kink_points(f, x, kinks))
    found.sort(key=lambda p: p.point[0][1])
    if interval is None and exact is not None and families is None:
        notes.append(("exact", ()))
    elif interval is not None and exact is not None and not notes:
        notes.append(("exact_domain", (("lo", f"{lo:g}"), ("hi", f"{hi:g}"))))
    if interval is None and (exact is None and families is None):
        complete = False
    return CriticalPoints(f, (x.name,), tuple(found), tuple(kinks), complete, tuple(notes))


def _dedupe(values: list[float]) -> list[float]:
    kept: list[float] = []
    for v in sorted(values):
        if not kept or abs(v - kept[-1]) > _MATCH * max(1.0, abs(v)):
            kept.append(v)
    return kept


def _solve_exact(df: sympy.Expr, x: sympy.Symbol, interval: Any, time_limit: float) -> tuple:
    """(finite exact roots | None, families | None, notes, complete)."""
    if df.has(sympy.Heaviside, sympy.sign, sympy.Abs, sympy.Max, sympy.Min):
        return None, None, [("piecewise", ())], False
    status, answer = run_limited(sympy.solveset, (df, x, sympy.S.Reals), time_limit)
    if status == "timeout":
        return None, None, [("timeout", (("seconds", time_limit),))], False
    if status != "ok":
        return None, None, [("solver_failed", ())], False
    if answer == sympy.S.EmptySet:
        return [], None, [], True
    if isinstance(answer, sympy.FiniteSet) and all(as_number(r) is not None for r in answer):
        return sorted(answer, key=as_number), None, [], True
    families = _families(answer)
    if families is not None:
        if interval is None:
            return [], families, [("periodic", ())], True
        return _members(families, *interval), None, [("periodic_domain", ())], True
    return None, None, [("not_solved", ())], False


def _families(answer: Any) -> list[sympy.ImageSet] | None:
    parts = answer.args if isinstance(answer, sympy.Union) else (answer,)
    if parts and all(
        isinstance(p, sympy.ImageSet) and p.base_sets[0] == sympy.S.Integers for p in parts
    ):
        return list(parts)
    return None


def _members(families: list[sympy.ImageSet], lo: float, hi: float) -> list[sympy.Expr]:
    found = []
    for fam in families:
        n, body = fam.lamda.variables[0], fam.lamda.expr
        start, step = as_number(body.subs(n, 0)), as_number(body.subs(n, 1) - body.subs(n, 0))
        if start is None or not step:
            continue
        first = math.ceil((lo - start) / step) if step > 0 else math.ceil((hi - start) / step)
        last = math.floor((hi - start) / step) if step > 0 else math.floor((lo - start) / step)
        for k in range(first, min(last, first + MAX_FAMILY_MEMBERS) + 1):
            found.append(body.subs(n, k))
    return sorted(found, key=as_number)


def _merge(
    f: sympy.Expr, df: sympy.Expr, x: sympy.Symbol, exact: list | None,
    numeric: list[float], interval: Any, notes: list, members: list,
) -> list[CriticalPoint]:  # fmt: skip
    """Exact roots (inside the domain) and numeric roots, cross-checked against each other."""
    from gradstep.calculus.classify import classify_exact, classify_numeric

    points: list[CriticalPoint] = []
    exact_values = []
    for root in exact or []:
        value = as_number(root)
        if interval and not interval[0] <= value <= interval[1]:
            continue
        exact_values.append(value)
        points.append(classify_exact(f, df, x, root))
    lo, hi = interval or DEFAULT_INTERVAL
    exact_values += [as_number(m) for m in members]
    if exact is not None:
        missed = [
            r for r in numeric if all(abs(r - v) > _MATCH * max(1, abs(r)) for v in exact_values)
        ]
        if missed:
            notes.append(("missed", (("points", ", ".join(f"{r:.6g}" for r in missed)),)))
        unseen = [
            v
            for v in exact_values
            if lo <= v <= hi and all(abs(r - v) > 1e-4 * max(1, abs(v)) for r in numeric)
        ]
        if unseen:
            notes.append(("unseen", (("points", ", ".join(f"{v:.6g}" for v in unseen)),)))
        numeric = missed
    points.extend(classify_numeric(f, df, x, r) for r in numeric)
    return points


def _family_point(
    f: sympy.Expr, df: sympy.Expr, x: sympy.Symbol, fam: sympy.ImageSet
) -> CriticalPoint:
    from gradstep.calculus.classify import classify_exact

    n, body = fam.lamda.variables[0], fam.lamda.expr
    k = sympy.Symbol("n", integer=True)
    point = classify_exact(f, df, x, body.subs(n, 0))
    pattern = f"{body.subs(n, k)} (n ∈ ℤ)"
    return CriticalPoint(
        point.point, point.exact, point.value, point.kind, "exact_periodic", point.evidence, pattern
    )


def _kink_points(
    f: sympy.Expr, x: sympy.Symbol, kinks: list[NonDifferentiablePoint]
) -> list[CriticalPoint]:
    from gradstep.calculus.classify import classify_kink

    fx = lambdify1(f, x)
    defined = [k for k in kinks if k.reason != "pole" and math.isfinite(fx(float(k.point)))]
    return [classify_kink(f, x, k) for k in defined]
