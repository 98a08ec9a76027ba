"""The ``gradstep`` command: one Typer app; each command lives in its own module.

Commands register themselves on ``app`` when their module is imported below.
Exit codes: 0 success, 1 a computation that ran but failed a check, 2 bad input.
"""

from __future__ import annotations

import sys

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


def _usage_errors() -> tuple[type[Exception], ...]:
    """The exception types of a usage error: Typer's own (0.29+ vendors Click) and
    Click's (older Typer, and Click when it is installed)."""
    kinds: list[type[Exception]] = []
    if isinstance(getattr(typer, "TyperException", None), type):
        kinds.append(typer.TyperException)
    try:
        import click
    except ImportError:
        pass
    else:
        kinds.append(click.ClickException)
    return tuple(kinds)


def main() -> None:
    """Console-script entry point.

    A usage error (a missing argument, an unknown option, a value of the wrong type) is
    one line on stderr and exit code 2, like every other bad input: ``error: …``.
    """
    _register_commands()
    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        typer.echo("error: interrupted", err=True)
        sys.exit(130)
    except _usage_errors() as err:
        if type(err).__name__ == "NoArgsIsHelpError":  # bare ``gradstep``: the help text
            typer.echo(err.format_message())
            sys.exit(getattr(err, "exit_code", 2))
        ctx = getattr(err, "ctx", None)
        where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        typer.echo(f"error: {err.format_message()}{where}", err=True)
        sys.exit(getattr(err, "exit_code", 2))
    sys.exit(code if isinstance(code, int) else 0)


# Commands register on import, so ``from gradstep.cli.app import app`` is the whole CLI
# (for Typer's CliRunner too), not only when started through main().
_register_commands()
