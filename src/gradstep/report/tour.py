"""``run_tour``: run every worked example of the lessons with the library and write the report.

>>> import tempfile
>>> tour = run_tour(tempfile.mkdtemp(), lang="en", quick=True)  # doctest: +SKIP
>>> tour.ok, [e.id for e in tour.examples]  # doctest: +SKIP
(True, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from gradstep.errors import InputError
from gradstep.i18n import check_lang, message
from gradstep.report.context import TourContext
from gradstep.report.html import render_html
from gradstep.report.markdown import render_markdown
from gradstep.report.registry import EXAMPLES, Example
from gradstep.report.results import Check, ExampleResult, TourResult
from gradstep.viz import write_atomic

DEFAULT_OUT = "gradstep-tour"
HTML_NAME, MARKDOWN_NAME = "report.html", "report.md"

Progress = Callable[[int, str], None]


def output_folder(out: str | os.PathLike[str]) -> Path:
    """Create ``out`` (and its parents) if needed; a clear error if it cannot be a folder."""
    folder = Path(out).expanduser()
    if folder.exists() and not folder.is_dir():
        raise InputError(f"--out {str(folder)!r} is a file, not a folder: give a folder path")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(
            f"--out {str(folder)!r}: cannot create the folder ({err.strerror})"
        ) from None
    if not os.access(folder, os.W_OK):
        raise InputError(f"--out {str(folder)!r}: the folder is not writable")
    return folder


def run_example(number: int, example: Example, ctx: TourContext) -> ExampleResult:
    """Run one example; a crash is reported as a failed check, never hidden."""
    try:
        return example(ctx)
    except Exception as err:  # the report must say what broke, and go on
        what = message("tour.check.ran", ctx.lang)
        got = f"{type(err).__name__}: {err}"
        return ExampleResult(
            number,
            ctx.t(f"e{number}.title"),
            ctx.t(f"e{number}.question"),
            (got,),
            (),
            (Check(what, "—", got, False),),
        )


def run_tour(
    out: str | os.PathLike[str] = DEFAULT_OUT,
    lang: str = "en",
    quick: bool = False,
    progress: Progress | None = None,
) -> TourResult:
    """Run examples 1–10 (``quick``: fewer frames, epochs and points, the same checks),
    write ``report.html`` and ``report.md`` (pictures in ``images/``) into ``out``.

    ``progress(number, title)`` is called before each example.
    """
    check_lang(lang)
    folder = output_folder(out)
    ctx = TourContext(folder, lang, bool(quick))
    start = time.perf_counter()
    results = []
    for number, example in EXAMPLES:
        if progress is not None:
            progress(number, ctx.t(f"e{number}.title"))
        results.append(run_example(number, example, ctx))
    html_path, md_path = folder / HTML_NAME, folder / MARKDOWN_NAME
    seconds = time.perf_counter() - start
    tour = TourResult(lang, ctx.quick, tuple(results), html_path, md_path, seconds)
    write_text(md_path, render_markdown(tour))
    write_text(html_path, render_html(tour, folder))
    return tour


def write_text(path: Path, text: str) -> Path:
    """Write UTF-8 text atomically (temporary file in the same folder, then ``os.replace``)."""
    target = write_atomic(path, lambda handle: handle.write(text.encode("utf-8")))
    os.chmod(target, 0o644)
    return target
