"""The ``gradstep`` console command itself (a real process): usage errors are one line and
exit code 2, ``python -m gradstep`` is the same command, and the app imported from
``gradstep.cli.app`` carries every command."""

from __future__ import annotations

import subprocess
import sys

import pytest

COMMANDS = ["diff", "check", "extrema", "descend", "sweep", "train", "tour", "serve"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gradstep", *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["diff"], "Missing argument"),
        (["diff", "x^2", "--order", "abc"], "--order"),
        (["diff", "x^2", "--bogus"], "--bogus"),
        (["nosuch"], "nosuch"),
        (["descend", "x^2", "--x0", "70", "--steps", "many"], "--steps"),
    ],
)
def test_usage_errors_are_one_line_and_exit_code_2(args: list[str], words: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_python_dash_m_runs_the_command() -> None:
    result = run("diff", "x^3", "--at", "x=2", "--json")
    assert result.returncode == 0, result.stderr
    assert '"derivative": "3*x**2"' in result.stdout
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("gradstep ")


def test_the_imported_app_carries_every_command() -> None:
    """In a fresh interpreter: importing the app alone registers the commands."""
    code = (
        "from typer.testing import CliRunner\n"
        "from gradstep.cli.app import app\n"
        "print(CliRunner().invoke(app, ['--help']).output)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    for name in COMMANDS:
        assert f" {name} " in result.stdout


def test_a_formula_may_start_with_a_minus_sign() -> None:
    """-x² + 4x has its maximum at x = 2 (f′ = -2x + 4 = 0, f″ = -2 < 0)."""
    result = run("extrema", "-x^2+4x", "--json")
    assert result.returncode == 0, result.stderr
    assert '"kind": "maximum"' in result.stdout and '"exact": "2"' in result.stdout
    slope = run("diff", "-x^3", "--at", "x=1", "--json")
    assert slope.returncode == 0 and '"derivative": -3.0' in slope.stdout


def test_tour_into_a_file_is_one_line_before_any_progress(tmp_path) -> None:
    taken = tmp_path / "report"
    taken.write_text("mine")
    result = run("tour", "--quick", "--out", str(taken))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is a file, not a folder" in lines[0]
    assert taken.read_text() == "mine"


def test_serve_on_a_port_in_use_is_one_line_and_exit_code_2() -> None:
    pytest.importorskip("uvicorn", reason="the web extra is not installed")
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = run("serve", "--port", str(busy.getsockname()[1]))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot listen on 127.0.0.1" in lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["descend", "sin(x", "--x0", "1"],
        ["sweep", "x^^2", "--x0", "1", "--lr", "0.1"],
        ["descend", "x^2", "--x0", "y=1"],
        ["diff", "x^^2"],
    ],
)
def test_bad_input_speaks_vietnamese_with_lang_vi(args: list[str]) -> None:
    english = run(*args)
    vietnamese = run(*args, "--lang", "vi")
    assert english.returncode == vietnamese.returncode == 2
    assert english.stderr != vietnamese.stderr
    assert len(vietnamese.stderr.strip().splitlines()) == 1
