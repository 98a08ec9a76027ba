"""Example 3: learning rates 0.001 (crawls), 0.1 (converges), 1.1 (overshoots, x ← −1.2·x)."""

from __future__ import annotations

from gradstep import viz
from gradstep.descent import sweep
from gradstep.report.checks import above, close, equal
from gradstep.report.context import TourContext
from gradstep.report.results import ExampleResult

RATES = (0.001, 0.1, 1.1)
STEPS = 200


def run(ctx: TourContext) -> ExampleResult:
    result = sweep("x^2", 70, RATES, steps=STEPS, keep_history=True, lang=ctx.lang)
    slow, good, big = result.runs
    points = result.history["points"][:, 0, :]
    growth = points[1, 2] / points[0, 2]
    checks = [
        equal(ctx.t("check.verdict_lr", lr=0.001), "max_steps", slow.verdict),
        above(ctx.t("check.still_far", steps=slow.steps_taken), 40.0, slow.final_point["x"]),
        equal(ctx.t("check.verdict_lr", lr=0.1), "converged", good.verdict),
        equal(ctx.t("check.verdict_lr", lr=1.1), "diverged", big.verdict),
        close(ctx.t("check.growth"), -1.2, growth),
        above(ctx.t("check.amplitude"), 70.0, abs(points[10, 2])),
    ]
    computed = [
        ctx.t(
            "e3.row",
            lr=r.learning_rate,
            verdict=r.outcome.label(ctx.lang),
            steps=r.steps_taken,
            reason=r.reason,
        )
        for r in result.runs
    ]
    picture = ctx.picture(
        "03-learning-rates.png",
        ctx.t("e3.picture"),
        lambda p: viz.plot_learning_rates(result, p, lang=ctx.lang),
    )
    return ExampleResult(
        3, ctx.t("e3.title"), ctx.t("e3.question"), tuple(computed), (picture,), tuple(checks)
    )
