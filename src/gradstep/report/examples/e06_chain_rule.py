"""Example 6: the chain rule: inner f(x) = 2x − 1, outer g(f) = (f − 3)², g′(f)·f′(x) = 8x − 16.

Three ways, as lesson 15 compares them: the symbolic steps (SymPy-checked), the lesson's
own formula checked as an answer, and gradstep's autodiff engine along a real graph.
"""

from __future__ import annotations

import gradstep as gs
from gradstep.calculus import check_answer, derivative
from gradstep.report.checks import close, equal
from gradstep.report.context import TourContext
from gradstep.report.results import ExampleResult

COMPOSITE = "((2x - 1) - 3)^2"
LESSON_FORMULA = "2*((2x - 1) - 3)*2"  # g′(f)·f′(x) with f = 2x − 1 put back in
AT = 3.0


def _engine(lang: str) -> tuple[float, str]:
    x = gs.tensor(AT, requires_grad=True, name="x")
    f = 2 * x - 1
    f.name = "f"
    g = (f - 3) ** 2
    g.name = "g"
    text = str(gs.explain(g, lang))
    g.backward()
    return float(x.grad.item()), text


def run(ctx: TourContext) -> ExampleResult:
    inner = derivative("2x - 1")
    outer = derivative("(f - 3)^2", wrt="f")
    whole = derivative(COMPOSITE)
    answer = check_answer(COMPOSITE, LESSON_FORMULA)
    grad, explained = _engine(ctx.lang)
    checks = [
        equal(ctx.t("check.derivative", f="f(x) = 2x − 1"), "2", str(inner.result)),
        equal(ctx.t("check.derivative", f="g(f) = (f − 3)²"), "2*f - 6", str(outer.result)),
        equal(ctx.t("check.composite"), "(2*x - 4)**2", str(whole.expression)),
        equal(ctx.t("check.derivative", f="(2x − 4)²"), "8*x - 16", str(whole.result)),
        equal(ctx.t("check.lesson_formula"), True, answer.correct),
        close(ctx.t("check.engine_at", x=AT), 8 * AT - 16, grad),
    ]
    computed = [
        inner.explain(ctx.lang),
        outer.explain(ctx.lang),
        whole.explain(ctx.lang),
        answer.explain(ctx.lang),
        explained,
    ]
    return ExampleResult(
        6, ctx.t("e6.title"), ctx.t("e6.question"), tuple(computed), (), tuple(checks)
    )
