"""Example 5: f(x, y) = x² + y², ∇f = [2x, 2y]; from (6, 9) with η = 0.1 to (4.8, 7.2)."""

from __future__ import annotations

from gradstep import viz
from gradstep.calculus import critical_points, derivative
from gradstep.descent import descend
from gradstep.report.checks import close, equal
from gradstep.report.context import TourContext
from gradstep.report.results import ExampleResult


def run(ctx: TourContext) -> ExampleResult:
    grad = derivative("x^2 + y^2")
    run_ = descend("x^2 + y^2", {"x": 6, "y": 9}, learning_rate=0.1, lang=ctx.lang)
    minimum = critical_points("x^2 + y^2")
    g = dict(grad.gradient)
    first = run_.points[1]
    only = minimum.points[0] if len(minimum.points) == 1 else None
    checks = [
        equal(ctx.t("check.partial", var="x"), "2*x", str(g["x"])),
        equal(ctx.t("check.partial", var="y"), "2*y", str(g["y"])),
        close(ctx.t("check.grad_at", var="x"), 12.0, run_.gradients[0, 0]),
        close(ctx.t("check.grad_at", var="y"), 18.0, run_.gradients[0, 1]),
        close(ctx.t("check.first_point", var="x"), 4.8, first[0]),
        close(ctx.t("check.first_point", var="y"), 7.2, first[1]),
        equal(ctx.t("check.minimum_kind"), "minimum", only.kind if only else len(minimum.points)),
        equal(ctx.t("check.minimum_at"), "(0, 0)", _point(only) if only else "—"),
        close(ctx.t("check.final_at", var="x"), 0.0, run_.final_point["x"], tol=1e-5),
        close(ctx.t("check.final_at", var="y"), 0.0, run_.final_point["y"], tol=1e-5),
    ]
    computed = [
        grad.explain(ctx.lang),
        grad.at(x=6, y=9).explain(ctx.lang),
        ctx.t("e5.first", x=first[0], y=first[1]),
        run_.reason,
    ]
    pictures = (
        ctx.picture(
            "05-contour.png",
            ctx.t("e5.contour"),
            lambda p: viz.plot_contour(run_, p, lang=ctx.lang),
        ),
        ctx.picture(
            "05-bowl.png", ctx.t("e5.bowl"), lambda p: viz.plot_surface(run_, p, lang=ctx.lang)
        ),
    )
    return ExampleResult(
        5, ctx.t("e5.title"), ctx.t("e5.question"), tuple(computed), pictures, tuple(checks)
    )


def _point(p) -> str:
    return "(" + ", ".join(f"{v + 0.0:g}" for _, v in p.point) + ")"
