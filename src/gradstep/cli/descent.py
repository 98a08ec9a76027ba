"""``gradstep descend`` and ``gradstep sweep``: gradient descent on a formula, in a table.

``descend`` shows the lesson's table (step, x, f′(x), step size, f(x)) for the first and
last steps and the verdict; ``sweep`` runs many learning rates at once. Both print strict
JSON with ``--json``; bad input is exit code 2 with a one-line message.
"""

from __future__ import annotations

import math
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from gradstep.cli._common import check_lang, fail, parse_assignments, print_json, user_errors
from gradstep.cli.app import app
from gradstep.i18n import message

FIRST_ROWS, LAST_ROWS = 5, 3
OPTIMIZER_HELP = "gd, momentum, nesterov, rmsprop or adam."


def _number(text: str, option: str) -> float:
    try:
        value = float(text)
    except ValueError:
        fail(f"{option}: {text.strip()!r} is not a number")
    return value


def _required(expr: str | None, options: dict[str, str | None]) -> None:
    """A missing argument is bad input like any other: one line, exit code 2."""
    if expr is None or not expr.strip():
        fail("give the function to descend, e.g. gradstep descend 'x^2' --x0 70")
    for option, value in options.items():
        if value is None:
            fail(f"{option} is required (e.g. {option} {EXAMPLES[option]})")


EXAMPLES = {"--x0": "70 or --x0 x=6,y=9", "--lr": "0.001,0.1,1.1"}


def _start(text: str) -> Any:
    """``70`` -> 70.0; ``6,9`` -> [6.0, 9.0]; ``x=6,y=9`` -> {"x": 6.0, "y": 9.0}."""
    if "=" in text:
        names = [p.partition("=")[0].strip() for p in text.split(",") if p.strip()]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            fail(f"--x0: {', '.join(twice)} is given more than once")
        return parse_assignments(text, "--x0")
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        fail("--x0: give a start point such as 70 or x=6,y=9")
    values = [_number(p, "--x0") for p in parts]
    return values[0] if len(values) == 1 else values


def _steps(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        fail(f"--steps: {text.strip()!r} is not a whole number")


def _rates(text: str) -> list[float]:
    rates = [_number(p, "--lr") for p in text.split(",") if p.strip()]
    if not rates:
        fail("--lr: give learning rates separated by commas, e.g. 0.001,0.1,1.1")
    return rates


def _fmt(value: float) -> str:
    return f"{value:.6g}" if math.isfinite(value) else str(value)


def _descent_table(run: Any, lang: str) -> Table:
    title = message(
        "descent.table.title", lang, expression=run.expression, lr=run.learning_rate,
        optimizer=run.optimizer,
    )  # fmt: skip
    table = Table(title=title)
    table.add_column(message("descent.table.step", lang), justify="right")
    for v in run.variables:
        table.add_column(v, justify="right")
    for v in run.variables:
        grad = "f′" if len(run.variables) == 1 else f"∂f/∂{v}"
        table.add_column(grad, justify="right")
    table.add_column(message("descent.table.step_size", lang), justify="right")
    table.add_column(message("descent.table.value", lang), justify="right")
    total = len(run.points)
    shown = list(range(total))
    if total > FIRST_ROWS + LAST_ROWS + 1:
        shown = [*range(FIRST_ROWS), -1, *range(total - LAST_ROWS, total)]
    for k in shown:
        if k < 0:
            gap = message("descent.table.gap", lang, count=total - FIRST_ROWS - LAST_ROWS)
            table.add_row("…", gap, *[""] * (2 * len(run.variables) + 1))
            continue
        step = _fmt(float(run.step_sizes[k])) if k < len(run.step_sizes) else "—"
        table.add_row(
            str(k),
            *(_fmt(float(x)) for x in run.points[k]),
            *(_fmt(float(g)) for g in run.gradients[k]),
            step,
            _fmt(float(run.values[k])),
        )
    return table


def _write_pictures(run: Any, gif: str | None, plot: str | None, lang: str) -> None:
    if gif is None and plot is None:
        return
    from gradstep.viz import animate_descent, plot_descent

    if plot is not None:
        plot_descent(run, plot, lang=lang)
    if gif is not None:
        animate_descent(run, gif, lang=lang)


@app.command(context_settings={"ignore_unknown_options": True})
def descend(
    expr: str = typer.Argument(None, help="The function, e.g. 'x^2' or 'x^2 + y^2'."),
    x0: str = typer.Option(None, "--x0", help="Start point (required): 70, or x=6,y=9."),
    lr: str = typer.Option("0.1", "--lr", help="Learning rate η > 0."),
    steps: str = typer.Option("1000", "--steps", help="Most steps to take."),
    tol: str = typer.Option("1e-6", "--tol", help="At rest when gradient and step ≤ tol."),
    optimizer: str = typer.Option(
        "gd", "--optimizer", help="gd, momentum, nesterov, rmsprop, adam"
    ),
    gif: str | None = typer.Option(None, "--gif", help="Write an animated GIF of the run."),
    plot: str | None = typer.Option(None, "--plot", help="Write a picture (PNG or SVG)."),
    lang: str = typer.Option("en", "--lang", help="Language of the words: en or vi."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON for machines."),
) -> None:
    """Gradient descent on EXPR from --x0: the lesson's table and a verdict."""
    from gradstep.descent import descend as run_descent

    check_lang(lang)
    _required(expr, {"--x0": x0})
    start = _start(x0)
    with user_errors(lang):
        run = run_descent(
            expr, start, _number(lr, "--lr"), _steps(steps), _number(tol, "--tol"), optimizer,
            lang=lang,
        )  # fmt: skip
        _write_pictures(run, gif, plot, lang)
    if as_json:
        print_json(run.to_dict())
        return
    console = Console()
    console.print(_descent_table(run, lang))
    point = ", ".join(f"{k} = {_fmt(v)}" for k, v in run.final_point.items())
    console.print(message("descent.table.final", lang, point=point, value=run.final_value))
    label = run.outcome.label(lang)
    console.print(f"[bold]{message('descent.table.verdict', lang)}: {label}[/bold]")
    console.print(run.reason, highlight=False)


def _sweep_table(result: Any, lang: str) -> Table:
    start = ", ".join(f"{k} = {_fmt(v)}" for k, v in result.start.items())
    table = Table(
        title=message("descent.table.sweep_title", lang, expression=result.expression, start=start)
    )
    for key in ("learning_rate", "verdict", "steps_taken", "final_point", "final_value"):
        table.add_column(message(f"descent.table.{key}", lang))
    for run in result.runs:
        point = ", ".join(f"{k} = {_fmt(v)}" for k, v in run.final_point.items())
        table.add_row(
            f"{run.learning_rate:g}",
            run.outcome.label(lang),
            str(run.steps_taken),
            point,
            _fmt(run.final_value),
        )
    return table


@app.command(context_settings={"ignore_unknown_options": True})
def sweep(
    expr: str = typer.Argument(None, help="The function, e.g. 'x^2'."),
    x0: str = typer.Option(None, "--x0", help="Start point (required): 70, or x=6,y=9."),
    lr: str = typer.Option(None, "--lr", help="Learning rates (required), e.g. 0.001,0.1,1.1."),
    steps: str = typer.Option("1000", "--steps", help="Most steps per run."),
    tol: str = typer.Option("1e-6", "--tol", help="At rest when gradient and step ≤ tol."),
    optimizer: str = typer.Option(
        "gd", "--optimizer", help="gd, momentum, nesterov, rmsprop, adam"
    ),
    plot: str | None = typer.Option(None, "--plot", help="Write x and loss against step."),
    lang: str = typer.Option("en", "--lang", help="Language of the words: en or vi."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON for machines."),
) -> None:
    """Many learning rates at once from the same start: a verdict for each."""
    from gradstep.descent import sweep as run_sweep

    check_lang(lang)
    _required(expr, {"--x0": x0, "--lr": lr})
    start, rates = _start(x0), _rates(lr)
    with user_errors(lang):
        result = run_sweep(
            expr, start, rates, _steps(steps), _number(tol, "--tol"), optimizer,
            keep_history=plot is not None or None, lang=lang,
        )  # fmt: skip
        if plot is not None:
            from gradstep.viz import plot_learning_rates

            plot_learning_rates(result, plot, lang=lang)
    if as_json:
        print_json(result.to_dict())
        return
    console = Console()
    console.print(_sweep_table(result, lang))
    for run in result.runs:
        console.print(f"η = {run.learning_rate:g}: {run.reason}", highlight=False)
