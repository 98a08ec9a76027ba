"""Regressions found by an outside-style audit: each expected value derived by hand."""

from __future__ import annotations

import pytest

from gradstep.calculus import critical_points, derivative


def test_high_multiplicity_roots_are_classified_despite_float_underflow() -> None:
    # (x² − 1)¹⁵⁰ ≥ 0 = f(±1): minima at ±1; f′ = 300x(x² − 1)¹⁴⁹ changes + to − at 0
    result = critical_points("(x^2 - 1)^150")
    assert [(p.point[0][1], p.kind) for p in result] == [
        (-1.0, "minimum"),
        (0.0, "maximum"),
        (1.0, "minimum"),
    ]
    # f′ = (x − 1)¹⁰⁰(102x − 1): no sign change at 1 (no extremum), − to + at 1/102
    result = critical_points("(x-1)^101 x")
    got = [(p.point[0][1], p.kind) for p in result]
    assert got[0][0] == pytest.approx(1 / 102) and got[0][1] == "minimum"
    assert got[1] == (1.0, "inflection")


def test_a_domain_without_critical_points_still_has_a_note() -> None:
    result = critical_points("x^2", domain=(1, 3))
    assert len(result) == 0 and result.complete is True
    assert "[1, 3]" in result.note("en") and "[1, 3]" in result.note("vi")


def test_log_of_a_periodic_function_has_domain_edges_not_kinks() -> None:
    # ln(sin x) is undefined where sin x = 0: x = kπ, never a kink
    points = derivative("ln(sin(x))").nondifferentiable
    assert len(points) == 7  # kπ for k = -3..3 in [-10, 10]
    assert {p.reason for p in points} == {"domain_edge"}


@pytest.mark.parametrize(
    ("text", "answer", "mistake"),
    [
        ("(2x+1)^3", "3(2x+1)^3 * 2", "power_not_lowered"),
        ("sin(x)^3", "3 sin(x)^3 cos(x)", "power_not_lowered"),
        ("e^(3x)", "e^(3x)", "chain_inner_forgotten"),
    ],
)
def test_the_named_step_is_the_learners_expression_not_u(
    text: str, answer: str, mistake: str
) -> None:
    from gradstep.calculus import check_answer, parse

    verdict = check_answer(text, answer)
    assert not verdict.correct and verdict.mistake == mistake
    assert verdict.step.expression == parse(text)
    assert "u" not in verdict.to_dict()["step"]


def test_numbers_in_scientific_notation_and_two_decimal_points() -> None:
    import sympy

    from gradstep.calculus import ParseError, parse

    assert parse("1e3") == 1000 and parse("2.5e-3") == sympy.Rational(1, 400)
    x = sympy.Symbol("x", real=True)
    assert parse("2e") == 2 * sympy.E and parse("2e^x") == 2 * sympy.exp(x)
    with pytest.raises(ParseError) as err:
        parse("1.5.2")  # once silently 1.5·0.2 = 0.3
    assert err.value.key == "bad_number" and err.value.column == 4


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_slope_at_a_point_that_is_not_a_number_is_bad_input(value: str) -> None:
    from typer.testing import CliRunner

    from gradstep.cli.app import _register_commands, app
    from gradstep.errors import InputError

    with pytest.raises(InputError):
        derivative("x^2").at(x=float(value))
    _register_commands()
    result = CliRunner().invoke(app, ["diff", "x^2", "--at", f"x={value}"])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
