"""Example 4: loss shapes (x², |x|, a step function) and MAE vs MSE under gradient descent."""

from __future__ import annotations

import numpy as np

from gradstep.calculus import derivative
from gradstep.descent import descend
from gradstep.report import figures
from gradstep.report.checks import close, equal
from gradstep.report.context import TourContext
from gradstep.report.results import Check, ExampleResult

LR, START, STEPS = 0.1, 3.05, 200


def _kinks(d) -> str:
    return ", ".join(f"{p.reason} @ {float(p.point):g}" for p in d.nondifferentiable) or "—"


def _shape_checks(ctx: TourContext, square, absolute, step) -> list[Check]:
    t = ctx.t
    return [
        equal(t("check.undefined_points", f="x²"), "—", _kinks(square)),
        equal(t("check.undefined_points", f="|x|"), "kink @ 0", _kinks(absolute)),
        close(t("check.slope_of", f="|x|", x=100), 1.0, absolute.at(x=100).derivative),
        close(t("check.slope_of", f="|x|", x=0.1), 1.0, absolute.at(x=0.1).derivative),
        close(t("check.slope_of", f="|x|", x=-0.1), -1.0, absolute.at(x=-0.1).derivative),
        equal(t("check.undefined_points", f="step(x)"), "jump @ 0", _kinks(step)),
        close(t("check.slope_of", f="step(x)", x=1), 0.0, step.at(x=1).derivative),
    ]


def _descent_checks(ctx: TourContext, mse, mae) -> list[Check]:
    t = ctx.t
    spread = float(np.ptp(mae.step_sizes))
    return [
        close(t("check.mae_equal_steps", lr=LR), 0.0, spread, tol=1e-9),
        equal(t("check.verdict_of", f="MAE |x|"), "oscillating", mae.verdict),
        equal(t("check.verdict_of", f="MSE x²"), "converged", mse.verdict),
        equal(t("check.shrinking"), True, bool(np.all(np.diff(mse.step_sizes) < 0))),
    ]


def run(ctx: TourContext) -> ExampleResult:
    square, absolute, step = (derivative(e) for e in ("x^2", "abs(x)", "step(x)"))
    mse = descend("x^2", START, learning_rate=LR, steps=STEPS, lang=ctx.lang)
    mae = descend("abs(x)", START, learning_rate=LR, steps=STEPS, lang=ctx.lang)
    computed = [
        *(d.explain(ctx.lang) for d in (square, absolute, step)),
        ctx.t("e4.run", f="MSE x²", verdict=mse.outcome.label(ctx.lang), reason=mse.reason),
        ctx.t("e4.run", f="MAE |x|", verdict=mae.outcome.label(ctx.lang), reason=mae.reason),
    ]
    checks = _shape_checks(ctx, square, absolute, step) + _descent_checks(ctx, mse, mae)
    labels = [ctx.t(f"figure.{k}") for k in ("square", "absolute", "step_fn")]
    pictures = (
        ctx.picture(
            "04-loss-shapes.png",
            ctx.t("e4.shapes"),
            lambda p: figures.plot_shapes((square, absolute, step), labels, p, ctx.lang),
        ),
        ctx.picture(
            "04-mse-vs-mae.png",
            ctx.t("e4.mse_mae"),
            lambda p: figures.plot_mse_mae(mse, mae, p, ctx.lang),
        ),
    )
    return ExampleResult(
        4, ctx.t("e4.title"), ctx.t("e4.question"), tuple(computed), pictures, tuple(checks)
    )
