"""What every command shares: options, JSON output, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import typer
from rich.console import Console

from gradstep.errors import GradstepError
from gradstep.i18n import LANGUAGES

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2

console = Console()

LangOption = typer.Option("en", "--lang", help="Language of explanations: en or vi.")
JsonOption = typer.Option(False, "--json", help="Print machine-readable JSON instead.")


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print ``error: message`` on one line to stderr and exit (2: bad input)."""
    first = " ".join(str(message).split("\n")[0].split()) or "invalid input"
    typer.echo(f"error: {first}", err=True)
    raise typer.Exit(code)


def check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        fail(f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    return lang


def _clean(value: Any) -> Any:
    """JSON cannot hold NaN or infinity: they become null (strict JSON for machines)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def print_json(payload: Any) -> None:
    """Print ``payload`` as strict JSON (UTF-8, NaN/inf as null)."""
    sys.stdout.write(json.dumps(_clean(payload), ensure_ascii=False, indent=2) + "\n")


@contextmanager
def user_errors(lang: str = "en") -> Iterator[None]:
    """Turn gradstep's own errors (bad input) into a one-line message and exit code 2;
    errors that can speak ``lang`` (a parse error's ``message(lang)``) do."""
    try:
        yield
    except (GradstepError, ValueError, TypeError) as err:
        localised = getattr(err, "message", None)
        fail(localised(lang) if callable(localised) else str(err))


def parse_assignments(text: str, option: str) -> dict[str, float]:
    """``"x=6,y=9"`` -> {"x": 6.0, "y": 9.0}, with an error naming the option on bad text."""
    values: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, number = part.partition("=")
        if not sep or not name.strip():
            fail(f"{option}: expected NAME=NUMBER pairs separated by commas, got {part!r}")
        try:
            values[name.strip()] = float(number)
        except ValueError:
            fail(f"{option}: {number.strip()!r} is not a number (in {part!r})")
    if not values:
        fail(f"{option}: give at least one NAME=NUMBER")
    return values
