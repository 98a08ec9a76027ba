"""Example 2: gradient descent on x² from x₀ = 70 with η = 0.1; steps shrink with the slope."""

from __future__ import annotations

import numpy as np

from gradstep import viz
from gradstep.descent import descend
from gradstep.report.checks import close, equal
from gradstep.report.context import TourContext
from gradstep.report.results import ExampleResult

LR = 0.1


def _table(ctx: TourContext, run) -> list[str]:
    rows = []
    for k in (*range(4), run.steps_taken - 1):
        x, g = run.points[k, 0], run.gradients[k, 0]
        rows.append(ctx.t("e2.row", k=k, x=x, slope=g, step=run.step_sizes[k], f=run.values[k]))
    return rows


def run(ctx: TourContext) -> ExampleResult:
    main = descend("x^2", 70, learning_rate=LR, lang=ctx.lang)
    near = {x: descend("x^2", x, learning_rate=LR, steps=1, lang=ctx.lang) for x in (5.6, 0.7)}
    steps = main.step_sizes
    shrinking = bool(np.all(np.diff(steps) < 0))
    rule = float(np.max(np.abs(steps - LR * np.abs(main.gradients[:-1, 0]))))
    checks = [
        close(ctx.t("check.slope", x=70), 140.0, main.gradients[0, 0]),
        close(ctx.t("check.x1"), 56.0, main.points[1, 0]),
        close(ctx.t("check.first_step"), 14.0, steps[0]),
        close(ctx.t("check.slope", x=5.6), 11.2, near[5.6].gradients[0, 0]),
        close(ctx.t("check.step_at", x=5.6), 1.12, near[5.6].step_sizes[0]),
        close(ctx.t("check.slope", x=0.7), 1.4, near[0.7].gradients[0, 0]),
        close(ctx.t("check.step_at", x=0.7), 0.14, near[0.7].step_sizes[0]),
        close(ctx.t("check.step_rule"), 0.0, rule, tol=1e-12),
        equal(ctx.t("check.shrinking"), True, shrinking),
        equal(ctx.t("check.verdict"), "converged", main.verdict),
        close(ctx.t("check.final_x"), 0.0, main.final_point["x"], tol=1e-5),
    ]
    computed = [*_table(ctx, main), main.reason]
    frames = ctx.pick(28, 8)
    pictures = (
        ctx.picture(
            "02-descent-1d.gif",
            ctx.t("e2.gif"),
            lambda p: viz.animate_descent(main, p, lang=ctx.lang, max_frames=frames),
        ),
        ctx.picture(
            "02-descent-1d.png",
            ctx.t("e2.picture"),
            lambda p: viz.plot_descent_1d(main, p, lang=ctx.lang),
        ),
    )
    return ExampleResult(
        2, ctx.t("e2.title"), ctx.t("e2.question"), tuple(computed), pictures, tuple(checks)
    )
