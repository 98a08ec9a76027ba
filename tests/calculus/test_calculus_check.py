"""Answer checking: equal as functions, and each classic mistake recognised on several functions."""

from __future__ import annotations

import pytest

from gradstep.calculus import check_answer

CORRECT = [
    ("x^2", "2x"),
    ("sin(x^2)", "2x cos(x^2)"),
    ("(2x - 1 - 3)^2", "8x - 16"),
    ("(2x - 4)^2", "4(2x - 4)"),
    ("x^2 sin(x)", "2x sin(x) + x^2 cos(x)"),
    ("(x + 1)/(x - 1)", "-2/(x - 1)^2"),
    ("sigmoid(x)", "sigmoid(x)(1 - sigmoid(x))"),
    ("sigmoid(x)", "e^(-x)/(1 + e^(-x))^2"),
    ("ln(x^2 + 1)", "2x/(x^2 + 1)"),
]


@pytest.mark.parametrize(("expr", "answer"), CORRECT)
def test_right_answers_are_right_in_any_form(expr: str, answer: str) -> None:
    verdict = check_answer(expr, answer)
    assert verdict.correct and verdict.mistake is None
    assert verdict.to_dict()["correct"] is True


MISTAKES = [
    ("sin(x^2)", "cos(x^2)", "chain_inner_forgotten", "sin(x²)"),
    ("(2x - 1)^3", "3(2x - 1)^2", "chain_inner_forgotten", "(2x − 1)³"),
    ("e^(3x)", "e^(3x)", "chain_inner_forgotten", "exp(3x)"),
    ("3x^2 + sin(2x)", "6x + cos(2x)", "chain_inner_forgotten", "sin(2x)"),
    ("x^2 sin(x)", "2x cos(x)", "product_rule_as_product", "x²·sin(x)"),
    ("x^2 e^x", "2x e^x", "product_rule_as_product", "x²·exp(x)"),
    ("x^3 ln(x)", "3x^2 / x", "product_rule_as_product", "x³·log(x)"),
    ("x^3", "3x^3", "power_not_lowered", "x³"),
    ("x^4 + 7", "4x^4", "power_not_lowered", "x⁴"),
    ("5x^2 - x", "10x^2 - 1", "power_not_lowered", "x²"),
    ("sin(x)/x", "(x cos(x) + sin(x))/x^2", "quotient_sign", "sin(x)/x"),
    ("(x + 1)/(x - 1)", "((x - 1) + (x + 1))/(x - 1)^2", "quotient_sign", "(x + 1)/(x − 1)"),
    ("x^2/(x + 3)", "(2x(x + 3) + x^2)/(x + 3)^2", "quotient_sign", "x²/(x + 3)"),
    ("x^2 + 5", "2x + 5", "constant_kept", "5"),
    ("3x - 7", "3 - 7", "constant_kept", "−7"),
    ("sin(x) + 2", "cos(x) + 2", "constant_kept", "2"),
]


@pytest.mark.parametrize(("expr", "answer", "mistake", "step"), MISTAKES)
def test_each_mistake_is_recognised_with_its_step(expr, answer, mistake, step) -> None:
    verdict = check_answer(expr, answer)
    assert not verdict.correct
    assert verdict.mistake == mistake
    from gradstep.calculus.render import pretty

    assert pretty(verdict.step.expression) == step
    assert step in verdict.explain("en")
    assert verdict.to_dict()["expected"] == str(verdict.expected)


def test_wrong_answer_without_a_known_mistake_says_so() -> None:
    verdict = check_answer("x^2", "x")
    assert not verdict.correct and verdict.mistake is None
    assert "none of the common mistakes" in verdict.explain("en")


def test_explanations_in_vietnamese_use_the_lessons_terms() -> None:
    assert "quy tắc chuỗi" in check_answer("sin(x^2)", "cos(x^2)").explain("vi")
    assert "quy tắc nhân" in check_answer("x^2 sin(x)", "2x cos(x)").explain("vi")
    assert "quy tắc lũy thừa" in check_answer("x^3", "3x^3").explain("vi")
    assert "Đúng" in check_answer("x^2", "2x").explain("vi")


def test_partial_derivative_answer_with_wrt() -> None:
    assert check_answer("x^2 y", "x^2", wrt="y").correct
    assert not check_answer("x^2 y", "2x y", wrt="y").correct


@pytest.mark.parametrize(
    ("expr", "answer", "mistake"),
    [
        # (f/g)′ = (f′g − fg′)/g² with g = eˣ, g′ = eˣ; derived by hand:
        # x²/eˣ: f′g − fg′ = 2x·eˣ − x²·eˣ; the wrong order gives x²eˣ − 2xeˣ
        ("x^2/e^x", "(x^2 e^x - 2x e^x)/e^(2x)", "quotient_order"),
        # sin(x)/e^(2x): g′ = 2e^(2x), f′g − fg′ = cos(x)e^(2x) − 2 sin(x)e^(2x)
        ("sin(x)/e^(2x)", "(2 sin(x) e^(2x) - cos(x) e^(2x))/e^(4x)", "quotient_order"),
        ("sin(x)/e^(2x)", "(cos(x) e^(2x) + 2 sin(x) e^(2x))/e^(4x)", "quotient_sign"),
        # (x + 1)/eˣ: f′g − fg′ = eˣ − (x + 1)eˣ
        ("(x+1)/e^x", "((x+1) e^x - e^x)/e^(2x)", "quotient_order"),
    ],
)
def test_quotient_mistakes_with_an_exponential_denominator(
    expr: str, answer: str, mistake: str
) -> None:
    import sympy

    from gradstep.calculus import parse

    x = sympy.Symbol("x", real=True)
    wrong = parse(answer)
    assert sympy.simplify(wrong - sympy.diff(parse(expr), x)) != 0  # really wrong
    verdict = check_answer(expr, answer)
    assert verdict.correct is False
    assert verdict.mistake == mistake
    assert verdict.step is not None and verdict.step.rule == "quotient"
    assert sympy.simplify(verdict.step.expression - parse(expr)) == 0


def test_an_exponential_denominator_keeps_correct_answers_and_unknown_mistakes() -> None:
    assert check_answer("x^2/e^x", "(2x e^x - x^2 e^x)/e^(2x)").correct is True
    verdict = check_answer("x^2/e^x", "x^3")
    assert verdict.correct is False and verdict.mistake is None
