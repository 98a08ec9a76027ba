"""The ``gradstep`` command: one Typer app; each command lives in its own module.

Commands register themselves on ``app`` when their module is imported below.
Exit codes: 0 success, 1 a computation that ran but failed a check, 2 bad input.
"""

from __future__ import annotations

import typer

from gradstep import __version__

app = typer.Typer(
    name="gradstep",
    help="Derivatives, extrema, gradient descent and backpropagation, step by step.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gradstep {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """gradstep: the machinery of learning, real and visible."""


def _register_commands() -> None:
    # Imported for their side effect: each module adds its command(s) to ``app``.
    from gradstep.cli import commands  # noqa: F401


def main() -> None:
    """Console-script entry point."""
    _register_commands()
    app()
