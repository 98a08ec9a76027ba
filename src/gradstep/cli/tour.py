"""``gradstep tour``: run every worked example of the lessons and write the report.

``gradstep tour [--out DIR] [--lang en|vi] [--quick] [--json]`` writes ``DIR/report.html``
(self-contained, opens offline) and ``DIR/report.md`` (pictures in ``DIR/images/``);
``DIR`` defaults to ``./gradstep-tour``. Exit codes: 0 every check agrees with the
lessons, 1 a check differs, 2 bad input (unknown language, ``--out`` not a folder).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from gradstep.cli._common import (
    EXIT_FAILED,
    JsonOption,
    LangOption,
    check_lang,
    console,
    print_json,
    user_errors,
)
from gradstep.cli.app import app
from gradstep.i18n import message

OutOption = typer.Option(
    Path("gradstep-tour"), "--out", help="Folder for report.html, report.md and images/."
)
QuickOption = typer.Option(
    False, "--quick", help="Fewer frames, epochs and points (same checks); under 15 s."
)


@contextmanager
def _progress(lang: str, show: bool) -> Iterator[object]:
    """A Rich progress bar on stderr (``None`` when not shown)."""
    if not show:
        yield None
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    with bar:
        task = bar.add_task(message("tour.cli.progress", lang), total=10)

        def advance(number: int, title: str) -> None:
            text = message("tour.cli.example", lang, number=number, title=title)
            bar.update(task, completed=number - 1, description=text)

        yield advance
        bar.update(task, completed=10, description=message("tour.cli.progress", lang))


def _print_summary(tour: object, lang: str) -> None:
    from gradstep.report.render import summary, value_text

    console.print(summary(tour), highlight=False)
    failed = [(e.id, c) for e in tour.examples for c in e.checks if not c.ok]
    if failed:
        console.print(message("tour.cli.failed", lang, count=len(failed)), style="red")
        for number, c in failed:
            row = message(
                "tour.cli.failed_row",
                lang,
                number=number,
                what=c.what,
                expected=value_text(c.expected, lang),
                got=value_text(c.got, lang),
            )
            console.print(row, highlight=False, markup=False)
    else:
        total = sum(len(e.checks) for e in tour.examples)
        console.print(message("tour.cli.all_ok", lang, total=total), style="green")
    written = message(
        "tour.cli.written",
        lang,
        html=tour.html,
        markdown=tour.markdown,
        images=tour.html.parent / "images",
    )
    console.print(written, highlight=False, markup=False, soft_wrap=True)


@app.command()
def tour(
    out: Path = OutOption,
    lang: str = LangOption,
    quick: bool = QuickOption,
    json_output: bool = JsonOption,
) -> None:
    """Run the lessons' ten worked examples with gradstep and write the report."""
    check_lang(lang)
    from gradstep.report import run_tour
    from gradstep.report.tour import output_folder

    with user_errors(lang):
        output_folder(out)  # a bad --out is one line, before any progress is drawn
    with user_errors(lang), _progress(lang, not json_output) as advance:
        result = run_tour(out, lang=lang, quick=quick, progress=advance)
    if json_output:
        print_json(result.to_dict())
    else:
        _print_summary(result, lang)
    if not result.ok:
        raise typer.Exit(EXIT_FAILED)
