"""What both writers share: how a check's values read, and the summary line."""

from __future__ import annotations

from gradstep.descent.results import VERDICTS
from gradstep.i18n import message
from gradstep.report.results import Check, TourResult, Value

PASS, FAIL = "✓", "✗"


def value_text(value: Value, lang: str) -> str:
    """A check's value as people read it: 56 not 56.0, yes/no for booleans."""
    if isinstance(value, bool):
        return message("tour.report.yes" if value else "tour.report.no", lang)
    if isinstance(value, float):
        return f"{value:.12g}"
    if isinstance(value, str):
        return _words(value, lang)
    return "—" if value is None else str(value)


KINDS = ("minimum", "maximum", "saddle", "inflection", "degenerate")
NONDIFF_REASONS = ("kink", "cusp", "vertical_tangent", "jump", "pole", "domain_edge")
_WORD_KEYS = (
    *(f"descent.verdict.{v}" for v in VERDICTS),
    *(f"calculus.kind.{k}" for k in KINDS),
)


def _words(text: str, lang: str) -> str:
    """Verdicts and kinds in ``lang`` ("converged" → "hội tụ"); "kink @ 0" → "kink (gãy) @ 0";
    anything else as it is."""
    for key in _WORD_KEYS:
        if text == key.rsplit(".", 1)[1]:
            return message(key, lang)
    head, sep, tail = text.partition(" @ ")
    if sep and head in NONDIFF_REASONS:
        return f"{message(f'calculus.nondiff.{head}', lang).split(' (')[0]} @ {tail}"
    return text


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
