"""Example 1: the slope table of f(x) = x² — the derivative as a compass."""

from __future__ import annotations

from gradstep.calculus import derivative
from gradstep.report import figures
from gradstep.report.checks import close, equal
from gradstep.report.context import TourContext
from gradstep.report.results import ExampleResult

# The lesson's table: x, f′(x), what the compass says.
LESSON = (
    (5, 10.0, "uphill_big"),
    (1, 2.0, "uphill_small"),
    (0, 0.0, "flat"),
    (-3, -6.0, "downhill_big"),
)


def run(ctx: TourContext) -> ExampleResult:
    d = derivative("x^2")
    computed = [d.explain(ctx.lang)]
    checks = [equal(ctx.t("check.derivative", f="x²"), "2*x", str(d.result))]
    slopes = []
    for x, slope, compass in LESSON:
        s = d.at(x=x)
        slopes.append(s)
        computed.append(s.explain(ctx.lang))
        checks.append(close(ctx.t("check.slope", x=x), slope, s.derivative))
        got = "_".join(filter(None, (s.direction, s.size)))
        checks.append(
            equal(ctx.t("check.compass", x=x), ctx.t(f"compass.{compass}"), _compass(ctx, got))
        )
    picture = ctx.picture(
        "01-slopes.png",
        ctx.t("e1.picture"),
        lambda path: figures.plot_tangents(d, slopes, path, ctx.lang),
    )
    return ExampleResult(
        1, ctx.t("e1.title"), ctx.t("e1.question"), tuple(computed), (picture,), tuple(checks)
    )


def _compass(ctx: TourContext, key: str) -> str:
    try:
        return ctx.t(f"compass.{key}")
    except KeyError:
        return key
