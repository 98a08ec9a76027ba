"""Example 4: loss shapes (x², |x|, a step function) and MAE vs MSE under gradient descent:
first on the lesson's own |x| and x², then on a real one-parameter fit (a constant fitted
to data with an outlier, :func:`gradstep.descent.losses.compare_losses`)."""

from __future__ import annotations

import numpy as np

from gradstep import viz
from gradstep.calculus import derivative
from gradstep.descent import descend
from gradstep.descent.losses import EXAMPLE_DATA, compare_losses, loss_shapes
from gradstep.report.checks import at_most, close, equal
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


def _fit_checks(ctx: TourContext, fit) -> list[Check]:
    t, tail = ctx.t, fit.mae.run.step_sizes[-20:]
    return [
        equal(t("check.verdict_of", f=t("e4.fit_mse")), "converged", fit.mse.run.verdict),
        close(t("check.fit_mse"), 3.5, fit.mse.run.final_point["c"], tol=1e-5),
        equal(t("check.verdict_of", f=t("e4.fit_mae")), "oscillating", fit.mae.run.verdict),
        close(t("check.fit_mae_steps"), 0.0, float(np.ptp(tail)), tol=1e-9),
        at_most(t("check.fit_mae"), float(tail[0]), abs(fit.mae.run.final_point["c"] - 2.5)),
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
    fit = compare_losses(EXAMPLE_DATA, learning_rate=LR, steps=100, lang=ctx.lang)
    computed += [
        ctx.t("e4.fit", data=", ".join(f"{v:g}" for v in EXAMPLE_DATA)),
        ctx.t(
            "e4.run",
            f=ctx.t("e4.fit_mse"),
            verdict=fit.mse.run.outcome.label(ctx.lang),
            reason=fit.mse.run.reason,
        ),
        ctx.t(
            "e4.run",
            f=ctx.t("e4.fit_mae"),
            verdict=fit.mae.run.outcome.label(ctx.lang),
            reason=fit.mae.run.reason,
        ),
    ]
    checks = _shape_checks(ctx, square, absolute, step) + _descent_checks(ctx, mse, mae)
    checks += _fit_checks(ctx, fit)
    pictures = (
        ctx.picture(
            "04-loss-shapes.png",
            ctx.t("e4.shapes"),
            lambda p: viz.plot_loss_shapes(loss_shapes(), p, lang=ctx.lang),
        ),
        ctx.picture(
            "04-mse-vs-mae.png",
            ctx.t("e4.mse_mae"),
            lambda p: viz.plot_mse_vs_mae(fit, p, lang=ctx.lang),
        ),
    )
    return ExampleResult(
        4, ctx.t("e4.title"), ctx.t("e4.question"), tuple(computed), pictures, tuple(checks)
    )
