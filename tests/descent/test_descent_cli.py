"""``gradstep descend`` and ``gradstep sweep``: tables, exact JSON keys, exit 2 on bad input."""

from __future__ import annotations

import json

import pytest
from PIL import Image
from typer.testing import CliRunner

from gradstep.cli.app import _register_commands, app

_register_commands()
runner = CliRunner()

DESCEND_KEYS = [
    "expression",
    "optimizer",
    "learning_rate",
    "verdict",
    "reason",
    "steps_taken",
    "path",
    "values",
    "gradients",
    "final",
]


def _json(*args: str) -> dict:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_descend_json_has_exactly_the_issue_keys_and_the_lesson_numbers():
    out = _json("descend", "x^2", "--x0", "70", "--lr", "0.1")
    assert list(out) == DESCEND_KEYS
    assert out["path"][0] == {"x": 70.0}
    assert out["path"][1]["x"] == pytest.approx(56.0)
    assert out["gradients"][0] == {"x": 140.0}
    assert out["values"][0] == 4900.0
    assert out["verdict"] == "converged"
    assert out["optimizer"] == "gd" and out["learning_rate"] == 0.1
    assert out["steps_taken"] == len(out["path"]) - 1
    assert out["final"]["point"]["x"] == pytest.approx(0.0, abs=1e-6)


def test_descend_json_in_two_variables():
    out = _json("descend", "x^2 + y^2", "--x0", "x=6,y=9", "--steps", "3")
    assert out["path"][1] == pytest.approx({"x": 4.8, "y": 7.2})
    assert out["steps_taken"] == 3 and out["verdict"] == "max_steps"


def test_descend_diverged_json_is_strict_json_with_nulls():
    result = runner.invoke(app, ["descend", "exp(x^2)", "--x0", "3", "--lr", "1", "--json"])
    assert result.exit_code == 0

    def reject(name: str) -> None:
        raise AssertionError(f"non-standard JSON constant {name}")

    assert json.loads(result.stdout, parse_constant=reject)["verdict"] == "diverged"


def test_descend_table_shows_first_and_last_steps_and_the_verdict():
    result = runner.invoke(app, ["descend", "x^2", "--x0", "70"])
    assert result.exit_code == 0
    out = result.stdout
    for text in ("step size", "140", "56", "14", "Verdict: converged", "… 78 steps …"):
        assert text in out


def test_descend_table_in_vietnamese():
    result = runner.invoke(app, ["descend", "--x0", "0", "--lang", "vi", "--", "-x^2"])
    assert result.exit_code == 0
    assert "mắc kẹt" in result.stdout and "cực đại" in result.stdout


def test_sweep_json_runs_with_exactly_the_issue_keys():
    out = _json("sweep", "x^2", "--x0", "70", "--lr", "0.001,0.1,1.1")
    assert list(out) == ["runs"]
    assert [list(r) for r in out["runs"]] == [
        ["learning_rate", "verdict", "steps_taken", "final"]
    ] * 3
    assert [r["verdict"] for r in out["runs"]] == ["max_steps", "converged", "diverged"]
    assert [r["learning_rate"] for r in out["runs"]] == [0.001, 0.1, 1.1]
    assert set(out["runs"][1]["final"]) == {"point", "value"}


def test_sweep_table_names_each_verdict():
    result = runner.invoke(app, ["sweep", "x^2", "--x0", "70", "--lr", "0.001,0.1,1.1"])
    assert result.exit_code == 0
    assert "growing amplitude" in result.stdout and "max_steps" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["descend", "x^2", "--x0", "70", "--lr", "0"],
        ["descend", "x^2", "--x0", "70", "--lr", "-0.5"],
        ["descend", "x^2", "--x0", "70", "--lr", "nan"],
        ["descend", "x^2", "--x0", "nan"],
        ["descend", "x^2 + y^2", "--x0", "x=1"],
        ["descend", "x^2 + y^2", "--x0", "x=1,y=2,z=3"],
        ["descend", "x^2 + y^2", "--x0", "5"],
        ["descend", "x^^2", "--x0", "1"],
        ["descend", "__import__('os')", "--x0", "1"],
        ["descend", "x^2", "--x0", "1", "--optimizer", "sgdx"],
        ["descend", "x^2", "--x0", "1", "--steps", "many"],
        ["descend", "x^2", "--x0", "1", "--plot", "out.jpg"],
        ["sweep", "x^2", "--x0", "70", "--lr", "0.1,0"],
        ["sweep", "x^2", "--x0", "70", "--lr", "0.1,nan"],
        ["sweep", "x^2 + y^2", "--x0", "y=1", "--lr", "0.1"],
        ["sweep", "sin(", "--x0", "1", "--lr", "0.1"],
        ["descend", "x^2"],
        ["descend", "--x0", "1"],
        ["sweep", "x^2", "--x0", "1"],
        ["sweep", "x^2", "--lr", "0.1"],
        ["descend", "x^2", "--x0", "x=1,x=2"],
        ["descend", "x^2", "--x0", "1", "--steps", "99999999999999999999"],
        ["sweep", "x^2", "--x0", "1", "--lr", "0.1", "--steps", "10000000000"],
    ],
)
def test_bad_input_is_exit_code_2_with_one_line(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "Traceback" not in result.output


def test_descend_writes_plot_and_gif(tmp_path):
    png, gif = tmp_path / "run.png", tmp_path / "run.gif"
    args = ["descend", "x^2", "--x0", "70", "--steps", "12", "--plot", str(png), "--gif", str(gif)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    with Image.open(png) as im:
        assert im.format == "PNG"
    with Image.open(gif) as im:
        assert im.n_frames == 13 and gif.stat().st_size <= 2_000_000


def test_sweep_writes_learning_rate_plot(tmp_path):
    svg = tmp_path / "rates.svg"
    result = runner.invoke(
        app, ["sweep", "x^2", "--x0", "70", "--lr", "0.01,0.1,1.1", "--plot", str(svg)]
    )
    assert result.exit_code == 0, result.output
    assert "<svg" in svg.read_text()


def test_picture_into_a_folder_path_exits_2_with_one_line(tmp_path):
    folder = tmp_path / "taken.png"
    folder.mkdir()
    result = runner.invoke(app, ["descend", "x^2", "--x0", "3", "--plot", str(folder)])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "is a folder" in lines[0]


def test_an_expression_starting_with_a_minus_is_the_function_not_an_option():
    out = _json("descend", "-x^2", "--x0", "1", "--lr", "0.1")
    assert out["expression"] == "-x^2"
    assert out["path"][1]["x"] == pytest.approx(1.2)  # x ← x + 0.2x
    assert out["verdict"] == "diverged"
    runs = _json("sweep", "-x^2 + x^4", "--x0", "0.5", "--lr", "0.1")["runs"]
    assert runs[0]["final"]["point"]["x"] == pytest.approx(2**-0.5, abs=1e-5)


@pytest.mark.parametrize("lr", ["1.1", "10"])
def test_gif_of_a_diverging_one_variable_run_is_written(tmp_path, lr):
    gif = tmp_path / "d.gif"
    result = runner.invoke(app, ["descend", "x^2", "--x0", "70", "--lr", lr, "--gif", str(gif)])
    assert result.exit_code == 0, result.output
    with Image.open(gif) as im:
        assert im.n_frames > 1
    assert gif.stat().st_size <= 2_000_000
