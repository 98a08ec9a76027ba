"""What both writers share: how a check's values read, and the summary line."""

from __future__ import annotations

from gradstep.i18n import message
from gradstep.report.results import Check, TourResult, Value

PASS, FAIL = "✓", "✗"


def value_text(value: Value, lang: str) -> str:
    """A check's value as people read it: 56 not 56.0, yes/no for booleans."""
    if isinstance(value, bool):
        return message("tour.report.yes" if value else "tour.report.no", lang)
    if isinstance(value, float):
        return f"{value:.12g}"
    return "—" if value is None else str(value)


def mark(check: Check) -> str:
    return PASS if check.ok else FAIL


def summary(tour: TourResult) -> str:
    """``38 of 38 checks agree with the lessons (10 examples, 12.3 s, quick)``."""
    checks = [c for e in tour.examples for c in e.checks]
    mode = message(f"tour.report.{'quick' if tour.quick else 'full'}", tour.lang)
    return message(
        "tour.report.summary",
        tour.lang,
        passed=sum(c.ok for c in checks),
        total=len(checks),
        examples=len(tour.examples),
        seconds=tour.seconds,
        mode=mode,
    )
