"""Example 9: critical points (f′ = 0), minimum vs maximum by the sign of f′ on each side,
and a plateau where f′ ≈ 0 over a wide range without being optimal."""

from __future__ import annotations

import numpy as np

from gradstep.calculus import critical_points, derivative
from gradstep.descent import descend
from gradstep.report import figures
from gradstep.report.checks import Check, below, close, equal
from gradstep.report.context import TourContext
from gradstep.report.results import ExampleResult

F = "x^3 - 3x"
SIDE = 0.5  # how far left and right of a critical point the sign of f′ is read
PLATEAU = (5.0, 10.0)


def _sides(ctx: TourContext, d, x: float, kind: str) -> list[Check]:
    left, right = d.at(x=x - SIDE).derivative, d.at(x=x + SIDE).derivative
    want = ("−", "+") if kind == "minimum" else ("+", "−")
    sign = ("+" if left > 0 else "−", "+" if right > 0 else "−")
    return [
        equal(
            ctx.t("check.left_sign", x=x - SIDE, kind=ctx.word(f"calculus.kind.{kind}")),
            want[0],
            sign[0],
        ),
        equal(
            ctx.t("check.right_sign", x=x + SIDE, kind=ctx.word(f"calculus.kind.{kind}")),
            want[1],
            sign[1],
        ),
    ]


def _plateau(ctx: TourContext, plateau) -> tuple[list[Check], str]:
    xs = np.linspace(*PLATEAU, 11)
    largest = max(abs(plateau.at(x=float(x)).derivative) for x in xs)
    steps = ctx.pick(500, 200)
    run = descend("sigmoid(x)", 8.0, learning_rate=0.1, steps=steps, lang=ctx.lang)
    moved = abs(run.final_point["x"] - 8.0)
    lo, hi = PLATEAU
    checks = [
        below(ctx.t("check.plateau_slope", lo=lo, hi=hi), 0.01, largest),
        below(ctx.t("check.plateau_moved", steps=steps), 0.1, moved),
        equal(ctx.t("check.plateau_not_optimal"), False, run.verdict == "converged"),
    ]
    return checks, run.reason


def run(ctx: TourContext) -> ExampleResult:
    d = derivative(F)
    found = critical_points(F)
    kinds = {p.kind: p.point[0][1] for p in found.points}
    checks = [
        equal(ctx.t("check.derivative", f="x³ − 3x"), "3*x**2 - 3", str(d.result)),
        equal(ctx.t("check.candidates"), 2, len(found.points)),
        close(
            ctx.t("check.kind_at", kind=ctx.word("calculus.kind.maximum")),
            -1.0,
            kinds.get("maximum"),
        ),
        close(
            ctx.t("check.kind_at", kind=ctx.word("calculus.kind.minimum")),
            1.0,
            kinds.get("minimum"),
        ),
    ]
    for kind in ("maximum", "minimum"):
        if kind in kinds:
            checks += _sides(ctx, d, kinds[kind], kind)
    plateau = derivative("sigmoid(x)")
    more, reason = _plateau(ctx, plateau)
    checks += more
    computed = [d.explain(ctx.lang), found.note(ctx.lang)]
    computed += [
        ctx.t("e9.point", x=p.point[0][1], f=p.value, kind=ctx.word(f"calculus.kind.{p.kind}"))
        for p in found.points
    ]
    computed.append(reason)
    picture = ctx.picture(
        "09-extrema.png",
        ctx.t("e9.picture"),
        lambda p: figures.plot_extrema(d, found.points, plateau, PLATEAU, p, ctx.lang),
    )
    return ExampleResult(
        9, ctx.t("e9.title"), ctx.t("e9.question"), tuple(computed), (picture,), tuple(checks)
    )
