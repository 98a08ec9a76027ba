"""``gradstep diff``, ``check``, ``extrema``: symbolic calculus on the command line.

People get a Rich tree of the steps in English or Vietnamese; machines get stable JSON
(``--json``). Bad input (a formula that does not parse, an unknown variable): exit code 2
and a one-line message (parse errors in the ``--lang`` language). ``check`` exits with 0
whether the answer is right or wrong: the verdict is in its output (``correct`` in the
JSON); only bad input is an error.

``diff`` and ``check`` run in a child process stopped after ``--time-limit`` seconds
(``TIME_LIMIT`` = 10 by default; the same mechanism as the exact solver of ``extrema``,
:func:`gradstep.calculus.solver.call_limited`): past it they answer with a one-line error
and exit code 2 (a 10th derivative of a tower such as ``tan(tan(x))^(sin(x)^x)`` would
otherwise run for minutes).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.text import Text
from rich.tree import Tree

from gradstep.cli._common import (
    JsonOption,
    LangOption,
    check_lang,
    console,
    fail,
    parse_assignments,
    print_json,
    user_errors,
)
from gradstep.cli.app import app

TIME_LIMIT = 10.0

TimeLimitOption = typer.Option(
    TIME_LIMIT,
    "--time-limit",
    help="Stop after this many seconds (one-line error, exit code 2).",
)


@contextmanager
def _errors(lang: str) -> Iterator[None]:
    """Bad input as one line and exit code 2; a parse error in ``lang``."""
    with user_errors(lang):
        try:
            yield
        except RuntimeError as err:  # a failure inside gradstep: one line, exit code 1
            fail(str(err), code=1)


def _check_limit(seconds: float) -> float:
    if not seconds > 0 or seconds != seconds or seconds == float("inf"):
        fail(f"--time-limit: expected a number of seconds > 0, got {seconds:g}")
    return seconds


def _order(text: str) -> int:
    from gradstep.calculus.derivation import MAX_ORDER

    try:
        order = int(text.strip())
    except ValueError:
        fail(f"--order: expected a whole number from 1 to {MAX_ORDER}, got {text!r}")
    if not 1 <= order <= MAX_ORDER:
        fail(f"--order: expected a whole number from 1 to {MAX_ORDER}, got {text!r}")
    return order


def _diff_job(expr: str, wrt: str | None, order: int, point: dict | None) -> tuple:
    """Everything ``diff`` shows, computed in the time-limited child process."""
    from gradstep.calculus.derivation import _derivative_found

    d = _derivative_found(expr, wrt, order)
    return d, (d.at(**point) if point is not None else None)


def _tree(step, lang: str, var: str, parent: Tree) -> None:
    from gradstep.calculus.render import step_line

    node = parent.add(Text(step_line(step, lang, var)))
    for sub in step.substeps:
        _tree(sub, lang, var, node)


def _domain(text: str | None) -> tuple[float, float] | None:
    if text is None:
        return None
    parts = [p.strip() for p in text.split(",")]
    try:
        lo, hi = (float(p) for p in parts)
    except ValueError:
        fail(f"--domain: expected two numbers a,b such as -5,5, got {text!r}")
    if not lo < hi:
        fail(f"--domain: the first number must be smaller than the second, got {text!r}")
    return lo, hi


def _exact_text(exact: object) -> str | None:
    """The exact point when it says more than the decimals (π/2, √3), else None."""
    values = exact if isinstance(exact, tuple) else (exact,)
    if exact is None or all(getattr(v, "is_Number", True) for v in values):
        return None
    return ", ".join(str(v) for v in values)


@app.command(context_settings={"ignore_unknown_options": True})  # EXPR may start with -
def diff(
    expr: str = typer.Argument(..., help="The formula, e.g. 'x^2 + 3x' or '(2x - 4)^2'."),
    wrt: str = typer.Option(None, "--wrt", help="Differentiate with respect to this variable."),
    order: str = typer.Option("1", "--order", help="How many times to differentiate (1-10)."),
    at: str = typer.Option(None, "--at", help="Evaluate at a point, e.g. x=5 or x=1,y=2."),
    lang: str = LangOption,
    latex: bool = typer.Option(False, "--latex", help="Print the result as LaTeX."),
    as_json: bool = JsonOption,
    time_limit: float = TimeLimitOption,
) -> None:
    """The derivative with its steps (power, product, chain rule ...) and the slope at a point."""
    from gradstep.calculus.solver import call_limited

    check_lang(lang)
    count = _order(order)
    seconds = _check_limit(time_limit)
    point = parse_assignments(at, "--at") if at is not None else None
    with _errors(lang):
        d, slope = call_limited(_diff_job, (expr, wrt, count, point), seconds, lang=lang)
    if as_json:
        payload = d.to_dict()
        if slope is not None:
            payload["at"] = slope.to_dict()
        print_json(payload)
        return
    if latex:
        typer.echo(d.latex)
        return
    tree = Tree(Text(d.headline(lang)))
    names = [name for name, _ in d.gradient] or [d.wrt or "x"] * len(d.steps)
    for root, var in zip(d.steps, names, strict=True):
        _tree(root, lang, var, tree)
    console.print(tree, highlight=False)
    for line in d.explain(lang).splitlines():
        if line.startswith(("the derivative does not exist", "đạo hàm không tồn tại")):
            console.print(Text(line))
    if slope is not None:
        console.print(Text(slope.explain(lang)))


@app.command(context_settings={"ignore_unknown_options": True})  # EXPR may start with -
def check(
    expr: str = typer.Argument(..., help="The function, e.g. 'sin(x^2)'."),
    answer: str = typer.Option(..., "--answer", help="Your derivative, e.g. '2x cos(x^2)'."),
    wrt: str = typer.Option(None, "--wrt", help="The variable (default: the only one)."),
    lang: str = LangOption,
    as_json: bool = JsonOption,
    time_limit: float = TimeLimitOption,
) -> None:
    """Check your derivative: right or wrong, and the likely mistake."""
    from gradstep.calculus import check_answer
    from gradstep.calculus.solver import call_limited

    check_lang(lang)
    seconds = _check_limit(time_limit)
    with _errors(lang):
        verdict = call_limited(check_answer, (expr, answer, wrt), seconds, lang=lang)
    if as_json:
        print_json(verdict.to_dict(lang))
    else:
        console.print(Text(verdict.explain(lang)))


@app.command(context_settings={"ignore_unknown_options": True})  # EXPR may start with -
def extrema(
    expr: str = typer.Argument(..., help="The function, e.g. 'x^3 - 3x' or 'x^2 - y^2'."),
    domain: str = typer.Option(None, "--domain", help="Search only in [a, b], e.g. -5,5."),
    lang: str = LangOption,
    as_json: bool = JsonOption,
) -> None:
    """Critical points with their kind (minimum, maximum, saddle ...) and how it was decided."""
    from gradstep.calculus import critical_points
    from gradstep.calculus.render import pretty
    from gradstep.i18n import message

    check_lang(lang)
    interval = _domain(domain)
    with _errors(lang):
        result = critical_points(expr, domain=interval)
    if as_json:
        print_json(result.to_dict(lang))
        return
    title = message("calculus.cli.extrema_title", lang, expression=pretty(result.expression))
    tree = Tree(Text(title))
    for p in result:
        where = ", ".join(f"{n} = {v:.6g}" for n, v in p.point)
        kind = message(f"calculus.kind.{p.kind}", lang)
        shown = p.pattern or _exact_text(p.exact)
        exact = f" ({shown})" if shown is not None else ""
        node = tree.add(Text(f"{where}{exact}: {kind}"))
        for name, value in p.evidence:
            if name == "reason":
                value = message(f"calculus.nondiff.{value}", lang)
            node.add(Text(f"{message(f'calculus.evidence.{name}', lang)}: {value}"))
    if not result.points:
        tree.add(Text(message("calculus.cli.none", lang)))
    console.print(tree, highlight=False)
    console.print(Text(result.note(lang)))
