"""Time limits of diff/check and parse errors in the learner's language (CLI and API)."""

from __future__ import annotations

import time

import pytest
import sympy
from typer.testing import CliRunner

from gradstep.calculus import ParseError, check_answer, derivative, parse
from gradstep.calculus import check as check_module
from gradstep.calculus import derivation as derivation_module
from gradstep.calculus.solver import TimeLimitError
from gradstep.cli.app import _register_commands, app
from gradstep.errors import InputError
from gradstep.i18n import message

_register_commands()
runner = CliRunner()

BIG = "(x^3+x+1)^200*(x^2-1)^150"


def _slow_trace(*args: object) -> None:
    time.sleep(30)


def test_time_limit_stops_a_slow_derivative(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(derivation_module, "checked_trace", _slow_trace)
    start = time.monotonic()
    with pytest.raises(TimeLimitError) as err:
        derivative("x^2", time_limit=0.5)
    assert time.monotonic() - start < 10
    assert isinstance(err.value, InputError) and "0.5 s" in str(err.value)


@pytest.mark.parametrize("command", [["diff", "x^2"], ["check", "x^2", "--answer", "2x"]])
def test_cli_time_limit_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.setattr(derivation_module, "checked_trace", _slow_trace)
    monkeypatch.setattr(check_module, "checked_trace", _slow_trace)
    start = time.monotonic()
    result = runner.invoke(app, [*command, "--time-limit", "0.5"])
    assert time.monotonic() - start < 10
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "0.5 s" in lines[0]


def test_cli_time_limit_in_vietnamese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(derivation_module, "checked_trace", _slow_trace)
    result = runner.invoke(app, ["diff", "x^2", "--time-limit", "0.5", "--lang", "vi"])
    assert result.exit_code == 2
    expected = message("calculus.limit.timeout", "vi", seconds="0.5")
    assert result.output.strip() == "error: " + expected


@pytest.mark.parametrize("bad", ["0", "-1", "nan", "inf"])
def test_cli_time_limit_must_be_positive(bad: str) -> None:
    result = runner.invoke(app, ["diff", "x^2", "--time-limit", bad])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1


def test_huge_powers_are_differentiated_fast_and_right() -> None:
    # once ~90 s (expanding a degree-900 polynomial); now unexpanded and checked numerically
    start = time.monotonic()
    d = derivative(BIG, time_limit=30)
    assert time.monotonic() - start < 15
    x = sympy.Symbol("x", real=True)
    reference = sympy.diff((x**3 + x + 1) ** 200 * (x**2 - 1) ** 150, x)
    for v in (sympy.Rational(11, 10), sympy.Rational(-7, 3), sympy.Rational(1, 2)):
        ours, theirs = d.result.subs(x, v), reference.subs(x, v)
        assert ours == theirs  # exact rational arithmetic


def test_huge_powers_checked_fast() -> None:
    x = sympy.Symbol("x", real=True)
    right = sympy.diff((x**3 + x + 1) ** 200 * (x**2 - 1) ** 150, x)
    start = time.monotonic()
    assert check_answer(BIG, str(right).replace("**", "^"), time_limit=30).correct
    wrong = check_answer(BIG, "200(x^3+x+1)^199 (3x^2+1) * 150 (x^2-1)^149 * 2x", time_limit=30)
    assert not wrong.correct and wrong.mistake == "product_rule_as_product"
    assert time.monotonic() - start < 30


def test_errors_cross_the_process_boundary() -> None:
    with pytest.raises(ParseError) as err:
        derivative("x^^2", time_limit=5)
    assert err.value.column == 3 and err.value.caret.endswith("  ^")
    with pytest.raises(InputError, match="order"):
        derivative("x^2", order=0, time_limit=5)
    with pytest.raises(ParseError):
        check_answer("x^2", "2x +", time_limit=5)


@pytest.mark.parametrize(
    ("text", "key", "column"),
    [
        ("x^^2", "unexpected", 3),
        ("foo(x)", "unknown_function", 1),
        ("x.y", "attribute", 2),
        ("", "empty", 1),
        ("2х", "lookalike", 2),  # Cyrillic х
        ("sin x", "function_needs_parentheses", 1),
        ("(x+1", "expected", 5),
    ],
)
def test_parse_errors_speak_vietnamese(text: str, key: str, column: int) -> None:
    with pytest.raises(ParseError) as caught:
        parse(text)
    err = caught.value
    assert err.key == key and err.column == column
    vi, en = err.message("vi"), err.message("en")
    assert vi != en and en == str(err)
    assert f"cột {column}" in vi and f"column {column}" in en
    assert err.reason_in("vi") in vi and err.hint_in("vi") in vi
    assert err.details("vi").splitlines()[-1] == " " * (column - 1) + "^"


@pytest.mark.parametrize(
    "command",
    [
        ["diff", "x^^2"],
        ["check", "x^2", "--answer", "2x +"],
        ["check", "x^^2", "--answer", "2x"],
        ["extrema", "foo(x)"],
    ],
)
def test_cli_parse_errors_in_vietnamese(command: list[str]) -> None:
    text = command[1] if "x^^2" in command or "foo(x)" in command else "2x +"
    with pytest.raises(ParseError) as caught:
        parse(text)
    for lang in ("vi", "en"):
        result = runner.invoke(app, [*command, "--lang", lang])
        assert result.exit_code == 2
        assert result.output.strip() == "error: " + caught.value.message(lang)


@pytest.mark.parametrize("order", ["abc", "0", "-1", "11", "1.5"])
def test_cli_bad_order_is_one_line(order: str) -> None:
    result = runner.invoke(app, ["diff", "x^2", "--order", order])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "--order" in result.output
