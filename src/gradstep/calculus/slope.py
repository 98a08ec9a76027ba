"""The slope at a point and what it means, as the lessons' compass table says.

f′ > 0: uphill, step left; f′ < 0: downhill, step right; f′ = 0: flat, stop. The step is
called big when |f′| ≥ ``BIG_SLOPE`` (= 5: the lessons call +10 and −6 big, +2 small).
Where the derivative does not exist (|x| at 0) the slope is reported as undefined.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sympy

from gradstep.calculus.numeric import as_number, numeric_form, precise_number
from gradstep.errors import InputError
from gradstep.i18n import check_lang, message

if TYPE_CHECKING:
    from gradstep.calculus.derivation import Derivation

BIG_SLOPE = 5.0


@dataclass(frozen=True)
class Slope:
    """Value and derivative at ``point``; ``direction`` is uphill, downhill, flat, undefined
    (one variable) or gradient (several); ``size`` is big or small."""

    point: tuple[tuple[str, float], ...]
    value: float | None
    derivative: float | tuple[tuple[str, float | None], ...] | None
    direction: str
    size: str = ""

    def to_dict(self) -> dict[str, Any]:
        derivative = (
            dict(self.derivative) if isinstance(self.derivative, tuple) else self.derivative
        )
        return {
            "point": dict(self.point),
            "value": self.value,
            "derivative": derivative,
            "direction": self.direction,
            "size": self.size,
        }

    def explain(self, lang: str = "en") -> str:
        """One line: the slope at the point and what to do (the compass)."""
        check_lang(lang)
        key = f"calculus.slope.{self.direction}" + (f"_{self.size}" if self.size else "")
        point = ", ".join(f"{n} = {v:g}" for n, v in self.point)
        if isinstance(self.derivative, tuple):
            shown = "[" + ", ".join(_fmt(v) for _, v in self.derivative) + "]"
        else:
            shown = _fmt(self.derivative)
        return message(key, lang, point=point, derivative=shown, value=_fmt(self.value))


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:+g}" if value else "0"


def _exact(expr: sympy.Expr, point: dict[sympy.Symbol, float]) -> sympy.Expr:
    exact = {s: sympy.nsimplify(v, rational=True) for s, v in point.items()}
    return numeric_form(expr).subs(exact)


def _evaluate(expr: sympy.Expr, point: dict[sympy.Symbol, float]) -> float | None:
    """The value as a float; None where it is undefined or too large for a float."""
    return as_number(_exact(expr, point))


def _precise(expr: sympy.Expr, point: dict[sympy.Symbol, float]) -> sympy.Float | None:
    """The value to 30 digits (no float overflow); None only where it is undefined."""
    return precise_number(_exact(expr, point))


def _symbols(derivation: Derivation, point: dict[str, float]) -> dict[sympy.Symbol, float]:
    names = {s.name: s for s in derivation.expression.free_symbols}
    if derivation.wrt and derivation.wrt not in names:
        names[derivation.wrt] = sympy.Symbol(derivation.wrt, real=True)
    missing = sorted(set(names) - set(point))
    unknown = sorted(set(point) - set(names))
    if missing or unknown:
        raise InputError(
            f"--at: give a value for each variable ({', '.join(sorted(names)) or 'none'})"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unknown {', '.join(unknown)}" if unknown else "")
        )
    bad = [n for n, v in point.items() if not math.isfinite(float(v))]
    if bad:
        raise InputError(f"--at: {', '.join(bad)} must be a finite number (not nan or inf)")
    return {names[n]: float(v) for n, v in point.items()}


def slope_at(derivation: Derivation, point: dict[str, float]) -> Slope:
    """Evaluate the derivation at ``point`` and read the compass."""
    values = _symbols(derivation, point)
    shown_point = tuple((s.name, v) for s, v in sorted(values.items(), key=lambda kv: kv[0].name))
    value = _evaluate(derivation.expression, values)
    if value is None and _precise(derivation.expression, values) is None:
        # outside the domain (ln x at x = -1): f is undefined, so is its slope
        derivative = (
            None
            if derivation.result is not None
            else tuple((n, None) for n, _ in derivation.gradient)
        )
        return Slope(shown_point, None, derivative, "undefined")
    if derivation.result is None:
        grad = tuple((n, _evaluate(g, values)) for n, g in derivation.gradient)
        return Slope(shown_point, value, grad, "gradient")
    at = float(point.get(derivation.wrt or "", 0.0))
    if any(abs(float(p.point) - at) < 1e-12 for p in derivation.nondifferentiable):
        return Slope(shown_point, value, None, "undefined")
    slope = _evaluate(derivation.result, values)
    if slope is None:
        precise = _precise(derivation.result, values)
        if precise is None or derivation.order != 1:
            return Slope(shown_point, value, None, "undefined")
        # e^x at x = 1000: the slope exists but no float holds it; its sign still points
        return Slope(shown_point, value, None, "uphill" if precise > 0 else "downhill", "big")
    if derivation.order != 1:
        return Slope(shown_point, value, slope, "higher_order")
    direction = "flat" if abs(slope) < 1e-12 else "uphill" if slope > 0 else "downhill"
    size = "" if direction == "flat" else "big" if abs(slope) >= BIG_SLOPE else "small"
    return Slope(shown_point, value, slope, direction, size)
