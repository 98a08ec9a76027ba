"""Example 7: the power rule d/dx(a·xⁿ) = n·a·xⁿ⁻¹; x² → 2x, x³ → 3x²."""

from __future__ import annotations

from gradstep.calculus import derivative
from gradstep.report.checks import equal
from gradstep.report.context import TourContext
from gradstep.report.results import ExampleResult

CASES = (("x^2", "x²", "2*x"), ("x^3", "x³", "3*x**2"), ("a*x^n", "a·xⁿ", "a*n*x**(n - 1)"))


def _rules(d) -> list[str]:
    return [s.rule for root in d.steps for s in root.walk()]


def run(ctx: TourContext) -> ExampleResult:
    checks, computed = [], []
    for text, shown, lesson in CASES:
        d = derivative(text, wrt="x")
        computed.append(d.explain(ctx.lang))
        checks.append(equal(ctx.t("check.derivative", f=shown), lesson, str(d.result)))
        checks.append(equal(ctx.t("check.power_rule_used", f=shown), True, "power" in _rules(d)))
    return ExampleResult(
        7, ctx.t("e7.title"), ctx.t("e7.question"), tuple(computed), (), tuple(checks)
    )
