"""Building checks against the lessons' values: equal, close, bounds.

``ok`` is decided on the exact value the library returned; the value shown (and put in
the JSON) is rounded to 12 significant digits, so 56.00000000000001 reads as 56.

>>> close("x₁", 56, 56.00000000000001).to_dict()
{'what': 'x₁', 'expected': 56, 'got': 56.0, 'ok': True}
>>> below("ratio", 1e-2, 0.5).ok
False
"""

from __future__ import annotations

import math
from typing import Any

from gradstep.report.results import Check, Value


def shown(value: Any) -> Value:
    """A JSON-friendly value: numbers rounded to 12 significant digits, others as text."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(number):
        return str(number)
    return float(f"{number:.12g}")


def close(what: str, expected: float, got: Any, tol: float = 1e-9) -> Check:
    """``got`` equals ``expected`` up to ``tol`` (absolute and relative)."""
    try:
        number = float(got)
    except (TypeError, ValueError):
        return Check(what, shown(expected), shown(got), False)
    ok = math.isfinite(number) and abs(number - expected) <= tol * max(1.0, abs(expected))
    return Check(what, shown(expected), shown(number), ok)


def equal(what: str, expected: Value, got: Any) -> Check:
    """``got`` is exactly ``expected`` (text, verdicts, kinds, booleans)."""
    return Check(what, expected, shown(got), got == expected)


def below(what: str, bound: float, got: Any) -> Check:
    """``got`` < ``bound`` (the expected value reads "< bound")."""
    number = float(got)
    return Check(what, f"< {bound:g}", shown(number), math.isfinite(number) and number < bound)


def above(what: str, bound: float, got: Any) -> Check:
    """``got`` > ``bound`` (the expected value reads "> bound")."""
    number = float(got)
    return Check(what, f"> {bound:g}", shown(number), math.isfinite(number) and number > bound)


def at_least(what: str, bound: float, got: Any) -> Check:
    """``got`` ≥ ``bound`` (the expected value reads "≥ bound")."""
    number = float(got)
    return Check(what, f"≥ {bound:g}", shown(number), math.isfinite(number) and number >= bound)


def at_most(what: str, bound: float, got: Any, tol: float = 1e-9) -> Check:
    """``got`` ≤ ``bound`` (up to ``tol``; the expected value reads "≤ bound")."""
    number = float(got)
    ok = math.isfinite(number) and number <= bound + tol * max(1.0, abs(bound))
    return Check(what, f"≤ {shown(bound)}", shown(number), ok)
