"""Example 8: activation derivatives — ReLU′ is 0 or 1 (undefined at 0); σ′ peaks at 0.25
at x = 0 and vanishes as |x| grows; tanh′ likewise (1 at 0)."""

from __future__ import annotations

import gradstep as gs
from gradstep import viz
from gradstep.calculus import critical_points, derivative
from gradstep.descent.losses import activation_curves
from gradstep.report.checks import Check, below, close, equal
from gradstep.report.context import TourContext
from gradstep.report.results import ExampleResult

FAR = 6.0  # "as |x| grows": the slope at x = ±6


def _peak(ctx: TourContext, d, name: str, height: float) -> list[Check]:
    """Where the derivative is largest: the critical points of f′ (one maximum, at 0)."""
    points = critical_points(d.result).points
    top = [p for p in points if p.kind == "maximum"]
    where = top[0].point[0][1] if len(top) == 1 else float("nan")
    return [
        close(ctx.t("check.peak_at", f=name), 0.0, where, tol=1e-9),
        close(ctx.t("check.slope_of", f=name, x=0), height, d.at(x=0).derivative),
        below(ctx.t("check.slope_far", f=name, x=FAR), 0.01, abs(d.at(x=FAR).derivative)),
        below(ctx.t("check.slope_far", f=name, x=-FAR), 0.01, abs(d.at(x=-FAR).derivative)),
    ]


def run(ctx: TourContext) -> ExampleResult:
    relu, sigmoid, tanh = (derivative(f"{name}(x)") for name in ("relu", "sigmoid", "tanh"))
    engine = float(gs.grad(gs.sigmoid)(gs.tensor(0.0)).item())
    checks = [
        close(ctx.t("check.slope_of", f="ReLU", x=-2), 0.0, relu.at(x=-2).derivative),
        close(ctx.t("check.slope_of", f="ReLU", x=2), 1.0, relu.at(x=2).derivative),
        equal(ctx.t("check.undefined_at", f="ReLU", x=0), "undefined", relu.at(x=0).direction),
        *_peak(ctx, sigmoid, "σ", 0.25),
        close(ctx.t("check.engine_sigmoid"), 0.25, engine),
        *_peak(ctx, tanh, "tanh", 1.0),
    ]
    computed = [d.explain(ctx.lang) for d in (relu, sigmoid, tanh)]
    computed += [d.at(x=x).explain(ctx.lang) for d in (sigmoid, tanh) for x in (0, FAR)]
    picture = ctx.picture(
        "08-activations.png",
        ctx.t("e8.picture"),
        lambda p: viz.plot_activations(activation_curves(), p, lang=ctx.lang),
    )
    return ExampleResult(
        8, ctx.t("e8.title"), ctx.t("e8.question"), tuple(computed), (picture,), tuple(checks)
    )
