"""``gradstep diff``, ``check``, ``extrema``: symbolic calculus on the command line.

People get a Rich tree of the steps in English or Vietnamese; machines get stable JSON
(``--json``). Bad input (a formula that does not parse, an unknown variable): exit code 2
and a one-line message. ``check`` exits with 0 whether the answer is right or wrong: the
verdict is in its output (``correct`` in the JSON); only bad input is an error.
"""

from __future__ import annotations

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


@app.command()
def diff(
    expr: str = typer.Argument(..., help="The formula, e.g. 'x^2 + 3x' or '(2x - 4)^2'."),
    wrt: str = typer.Option(None, "--wrt", help="Differentiate with respect to this variable."),
    order: int = typer.Option(1, "--order", help="How many times to differentiate."),
    at: str = typer.Option(None, "--at", help="Evaluate at a point, e.g. x=5 or x=1,y=2."),
    lang: str = LangOption,
    latex: bool = typer.Option(False, "--latex", help="Print the result as LaTeX."),
    as_json: bool = JsonOption,
) -> None:
    """The derivative with its steps (power, product, chain rule ...) and the slope at a point."""
    from gradstep.calculus import derivative

    check_lang(lang)
    point = parse_assignments(at, "--at") if at is not None else None
    with user_errors():
        d = derivative(expr, wrt=wrt, order=order)
        slope = d.at(**point) if point is not None else None
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


@app.command()
def check(
    expr: str = typer.Argument(..., help="The function, e.g. 'sin(x^2)'."),
    answer: str = typer.Option(..., "--answer", help="Your derivative, e.g. '2x cos(x^2)'."),
    wrt: str = typer.Option(None, "--wrt", help="The variable (default: the only one)."),
    lang: str = LangOption,
    as_json: bool = JsonOption,
) -> None:
    """Check your derivative: right or wrong, and the likely mistake."""
    from gradstep.calculus import check_answer

    check_lang(lang)
    with user_errors():
        verdict = check_answer(expr, answer, wrt=wrt)
    if as_json:
        print_json(verdict.to_dict(lang))
    else:
        console.print(Text(verdict.explain(lang)))


@app.command()
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
    with user_errors():
        result = critical_points(expr, domain=interval)
    if as_json:
        print_json(result.to_dict(lang))
        return
    title = message("calculus.cli.extrema_title", lang, expression=pretty(result.expression))
    tree = Tree(Text(title))
    for p in result:
        where = ", ".join(f"{n} = {v:.6g}" for n, v in p.point)
        kind = message(f"calculus.kind.{p.kind}", lang)
        shown = p.pattern or (p.exact if p.exact is not None and not p.exact.is_Number else None)
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
