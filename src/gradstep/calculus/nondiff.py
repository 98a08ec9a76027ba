"""Points where a derivative does not exist: kinks, cusps, jumps, poles, domain edges.

SymPy papers over them (relu′ = Heaviside with H(0) = ½, |x|′ = sign(x) with sign(0) = 0);
gradstep reports them. Candidates come from the expression tree (the argument of |u|,
relu(u), max/min, step(u), sign(u), u^q with q < 1 not an integer, 1/u, log u, the poles
of tan, sec, cot, csc, the domain edges of asin, acos, acosh and atanh) and are kept only
where the function really has no derivative: a one-sided numeric check of f′
on both sides (so |x²| at 0, smooth, is not reported).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import sympy

from gradstep.calculus.functions import relu, to_elementary
from gradstep.calculus.numeric import as_number, lambdify1, scan_roots

DEFAULT_INTERVAL = (-10.0, 10.0)
_H = 1e-6


@dataclass(frozen=True)
class NonDifferentiablePoint:
    """x = ``point`` where f′ does not exist; ``reason`` is a catalogue key
    (kink, cusp, vertical_tangent, jump, pole, domain_edge)."""

    point: sympy.Expr
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "point": {"x": as_number(self.point)},
            "exact": str(self.point),
            "reason": self.reason,
        }


def _candidates(expr: sympy.Expr) -> list[tuple[sympy.Expr, str]]:
    found: list[tuple[sympy.Expr, str]] = []
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Abs | relu):
            found.append((node.args[0], "kink"))
        elif isinstance(node, sympy.Max | sympy.Min):
            found.extend((a - b, "kink") for a in node.args for b in node.args if a != b)
        elif isinstance(node, sympy.Heaviside | sympy.sign):
            found.append((node.args[0], "jump"))
        elif isinstance(node, sympy.log):
            found.append((node.args[0], "domain_edge"))
        elif isinstance(node, sympy.tan | sympy.sec):  # undefined where cos u = 0
            found.append((sympy.cos(node.args[0]), "trig_pole"))  # a pole, no check needed
        elif isinstance(node, sympy.cot | sympy.csc):  # undefined where sin u = 0
            found.append((sympy.sin(node.args[0]), "trig_pole"))
        elif isinstance(node, sympy.asin | sympy.acos):  # defined on -1 ≤ u ≤ 1 only
            found.extend((node.args[0] + edge, "domain_edge") for edge in (-1, 1))
        elif isinstance(node, sympy.acosh):  # defined for u ≥ 1
            found.append((node.args[0] - 1, "domain_edge"))
        elif isinstance(node, sympy.atanh):  # infinite at u = ±1
            found.extend((node.args[0] + edge, "pole") for edge in (-1, 1))
        elif node.is_Pow and node.exp.is_Number and not node.exp.is_Integer and node.exp < 1:
            found.append((node.base, "cusp"))
        elif node.is_Pow and node.exp.is_Number and node.exp.is_negative:
            found.append((node.base, "pole"))
    return found


def _trig_zeros(
    u: sympy.Expr, x: sympy.Symbol, interval: tuple[float, float]
) -> list[sympy.Expr] | None:
    """Exact zeros of sin(a·x + b) or cos(a·x + b) in ``interval`` (None for other u)."""
    if not isinstance(u, sympy.sin | sympy.cos):
        return None
    arg = sympy.expand(u.args[0])
    a, b = arg.coeff(x, 1), arg.coeff(x, 0)
    if not (a.is_number and b.is_number and a != 0 and sympy.expand(a * x + b - arg) == 0):
        return None
    shift = sympy.pi / 2 if isinstance(u, sympy.cos) else sympy.S.Zero
    ends = sorted(float((t * a + b - shift) / sympy.pi) for t in interval)
    ks = range(math.floor(ends[0]) - 1, math.ceil(ends[1]) + 2)
    zeros = [(shift + k * sympy.pi - b) / a for k in ks]
    return [z for z in zeros if interval[0] <= float(z) <= interval[1]]


def _zeros(u: sympy.Expr, x: sympy.Symbol, interval: tuple[float, float]) -> list[sympy.Expr]:
    exact = _trig_zeros(u, x, interval)
    if exact is not None:
        return exact
    if u.is_polynomial(x) and sympy.degree(u, x) <= 4:
        roots = [r for r in sympy.Poly(u, x).real_roots()]
        return [sympy.nsimplify(r) if r.is_Rational else r for r in roots]
    f = lambdify1(u, x)
    return [sympy.Float(r, 12) for r in scan_roots(f, *interval)]


def _infinite_slopes(left: float, right: float) -> str:
    if math.isnan(left) or math.isnan(right):
        return "domain_edge"
    if math.isinf(left) and math.isinf(right) and (left > 0) != (right > 0):
        return "cusp"
    return "vertical_tangent"


def _classify(kind: str, df: Any, f: Any, p: float) -> str | None:
    h = _H * max(1.0, abs(p))
    left, right = df(p - h), df(p + h)
    if not math.isfinite(f(p)):
        return "pole" if kind == "pole" else "domain_edge"
    if kind == "domain_edge":  # log u where u = 0: undefined there even if rounding says not
        return "domain_edge"
    if kind == "jump" and abs(f(p - 1e-9) - f(p + 1e-9)) > 1e-7:
        return "jump"
    if not (math.isfinite(left) and math.isfinite(right)):
        return _infinite_slopes(left, right)
    if kind == "jump" and abs(f(p - 1e-9) - f(p + 1e-9)) > 1e-7:
        return "jump"
    if abs(left - right) > 1e-4 * max(1.0, abs(left), abs(right)):
        return kind if kind in ("kink", "cusp") else "kink"
    if _blows_up(df, p, h, -1) or _blows_up(df, p, h, 1):
        return "cusp" if (left > 0) != (right > 0) else "vertical_tangent"
    return None


def _blows_up(df: Any, p: float, h: float, side: int) -> bool:
    """f′ keeps growing as x approaches p from one side (an infinite slope)."""
    near, nearer = abs(df(p + side * h)), abs(df(p + side * h * 1e-3))
    return math.isfinite(nearer) and nearer > 5 * near + 1


def nondifferentiable_points(
    expr: sympy.Expr, x: sympy.Symbol, interval: tuple[float, float] | None = None
) -> list[NonDifferentiablePoint]:
    """The points of ``interval`` (default [-10, 10]) where d/dx ``expr`` does not exist."""
    if expr.free_symbols - {x}:
        return []
    candidates = [(u, kind) for u, kind in _candidates(expr) if u.has(x)]
    if not candidates:  # smooth everywhere: nothing to evaluate
        return []
    lo, hi = interval or DEFAULT_INTERVAL
    numeric: list[Any] = []  # [f′, f] as NumPy functions, made when first needed

    def functions() -> list[Any]:
        if not numeric:
            numeric[:] = [lambdify1(sympy.diff(to_elementary(expr), x), x), lambdify1(expr, x)]
        return numeric

    points: dict[float, NonDifferentiablePoint] = {}
    for u, kind in candidates:
        for root in _zeros(u, x, (lo, hi)):
            value = float(root)
            if not lo <= value <= hi or round(value, 9) in points:
                continue
            reason = "pole" if kind == "trig_pole" else _classify(kind, *functions(), value)
            if reason:
                points[round(value, 9)] = NonDifferentiablePoint(root, reason)
    return [points[k] for k in sorted(points)]
