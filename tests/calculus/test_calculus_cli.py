"""The CLI: diff, check, extrema with their JSON keys; bad input is exit code 2, one line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from gradstep.cli.app import _register_commands, app

_register_commands()
runner = CliRunner()


def _json(*args: str) -> dict:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_diff_json_one_variable_with_point() -> None:
    out = _json("diff", "(2x - 1 - 3)^2", "--at", "x=5")
    assert out["derivative"] == "8*x - 16" and out["variable"] == "x" and out["order"] == 1
    assert out["latex"] == "8 x - 16"
    assert out["steps"][0]["rule"] == "chain"
    assert out["at"]["point"] == {"x": 5.0}
    assert (out["at"]["value"], out["at"]["derivative"]) == (36.0, 24.0)


def test_diff_json_gradient_of_several_variables() -> None:
    out = _json("diff", "x^2 + y^2", "--at", "x=6,y=9")
    assert out["variables"] == ["x", "y"] and out["gradient"] == {"x": "2*x", "y": "2*y"}
    assert out["at"]["derivative"] == {"x": 12.0, "y": 18.0}


def test_diff_wrt_and_order() -> None:
    out = _json("diff", "x^3 y", "--wrt", "x", "--order", "2")
    assert out["derivative"] == "6*x*y" and out["order"] == 2


def test_diff_human_output_in_vietnamese() -> None:
    result = runner.invoke(app, ["diff", "(2x - 4)^2", "--lang", "vi"])
    assert result.exit_code == 0
    assert "quy tắc chuỗi" in result.stdout and "8x − 16" in result.stdout


def test_extrema_json_keys() -> None:
    out = _json("extrema", "x^3 - 3x")
    keys = "expression variables critical_points nondifferentiable_points complete note"
    assert set(out) == set(keys.split())
    first = out["critical_points"][0]
    assert set(first) >= {"point", "exact", "value", "kind", "method", "evidence"}
    assert (first["point"], first["kind"]) == ({"x": -1.0}, "maximum")


def test_extrema_domain_and_kinks() -> None:
    out = _json("extrema", "|x - 2|", "--domain", "0,5")
    assert out["nondifferentiable_points"][0]["point"] == {"x": 2.0}
    assert out["critical_points"][0]["kind"] == "minimum"


def test_check_json_and_exit_codes() -> None:
    right = runner.invoke(app, ["check", "x^2", "--answer", "2x", "--json"])
    assert right.exit_code == 0 and json.loads(right.stdout)["correct"] is True
    wrong = runner.invoke(app, ["check", "sin(x^2)", "--answer", "cos(x^2)", "--json"])
    assert wrong.exit_code == 0  # a wrong answer is a verdict, not an error
    payload = json.loads(wrong.stdout)
    assert set(payload) >= {"correct", "expected", "mistake", "explanation"}
    assert payload["mistake"] == "chain_inner_forgotten"


@pytest.mark.parametrize(
    "args",
    [
        ["diff", "x.__class__"],
        ["diff", "__import__('os')"],
        ["diff", "x^2", "--at", "y=2"],
        ["diff", "x^2", "--order", "0"],
        ["diff", "x^2", "--lang", "fr"],
        ["extrema", "x^2", "--domain", "3"],
        ["extrema", "10**10**10"],
        ["check", "x^2", "--answer", "2x +"],
        ["diff", "(" * 60 + "x" + ")" * 60],
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
