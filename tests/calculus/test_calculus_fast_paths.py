"""The speed shortcuts of ``derivative`` change nothing: the tidy step's skip of
``factor_terms`` is only taken where ``factor_terms`` would give the same expression back,
and the undefined-point report, computed on first use, is still in the JSON and the text."""

from __future__ import annotations

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from gradstep.calculus import ParseError, derivative, parse
from gradstep.calculus.derivation import EXPAND_LIMIT, may_factor, tidy
from gradstep.calculus.functions import sigmoid
from gradstep.calculus.numeric import expanded_size
from gradstep.calculus.tracer import trace

x, y = sympy.symbols("x y", real=True)

LEAVES = st.sampled_from(["x", "y", "2", "-3", "1/2", "x^2", "2x + 2", "x - y", "pi"])
UNARY = ["sin", "cos", "exp", "ln", "sqrt", "|{}|", "sigmoid", "relu", "tanh", "atan"]


def _formula(draw: st.DrawFn, depth: int) -> str:
    if depth == 0:
        return draw(LEAVES)
    kind = draw(st.sampled_from(["unary", "+", "-", "*", "/", "^"]))
    a = _formula(draw, depth - 1)
    if kind == "unary":
        f = draw(st.sampled_from(UNARY))
        return f.format(a) if "{}" in f else f"{f}({a})"
    if kind == "^":
        return f"({a})^({draw(st.sampled_from(['2', '3', '-1', '1/2', '2/3']))})"
    return f"({a}) {kind} ({_formula(draw, depth - 1)})"


@st.composite
def formulas(draw: st.DrawFn) -> str:
    return _formula(draw, draw(st.integers(1, 4)))


def _old_tidy(expr: sympy.Expr) -> sympy.Expr:
    """The tidy step before the shortcuts: always both candidates, the shorter kept."""
    if expr.is_Atom or not expr.free_symbols:
        return expr
    if expr.is_polynomial():
        candidates = [expr, sympy.expand(expr)]
    elif expr.is_rational_function():
        candidates = [expr, sympy.cancel(expr)]
    else:
        candidates = [expr, sympy.factor_terms(expr)]
    return min(candidates, key=sympy.count_ops)


@settings(max_examples=60, deadline=None)
@given(formulas())
def test_factor_terms_is_skipped_only_where_it_changes_nothing(text: str) -> None:
    try:
        expr = parse(text)
    except ParseError:  # e.g. ln(-3): a constant with no real value
        return
    for e in (expr, *(trace(expr, v).result for v in (x, y) if expr.has(v))):
        if not may_factor(e):
            assert sympy.factor_terms(e) == e
        if expanded_size(e) > EXPAND_LIMIT:  # the one deliberate change: too big to tidy
            assert tidy(e) == e
        else:
            assert tidy(e) == _old_tidy(e)


def test_factor_terms_still_runs_where_terms_share_a_factor() -> None:
    for text in ("x^2 e^x + 2x e^x", "2x + 2", "-x - y", "x/2 + 1"):
        assert may_factor(parse(text))
    unmerged = sympy.Mul(sympy.sqrt(abs(x)), abs(x), evaluate=False)
    assert may_factor(unmerged) and sympy.factor_terms(unmerged) != unmerged
    assert str(derivative("x^2 e^x").result) == "x*(x + 2)*exp(x)"
    assert str(derivative("x^3 ln(x)").result) == "x**2*(3*log(x) + 1)"


def test_sums_without_common_factor_skip_factor_terms() -> None:
    u = 3 * x + 1
    for e in (
        x * sympy.cos(x) + sympy.sin(x),
        sympy.tan(x) ** 2 + 1,
        (1 - sigmoid(u)) * sigmoid(u),
    ):
        assert not may_factor(e) and sympy.factor_terms(e) == e


def test_undefined_points_computed_on_first_use_are_in_json_and_text() -> None:
    d = derivative("|x - 2| + relu(x)")
    assert "nondifferentiable" not in vars(d)  # not computed by derivative() itself
    points = d.to_dict()["nondifferentiable_points"]
    assert [(p["point"]["x"], p["reason"]) for p in points] == [(0.0, "kink"), (2.0, "kink")]
    assert d.explain("en").count("does not exist") == 2
    assert derivative("relu(x)").at(x=0).direction == "undefined"


def test_no_undefined_points_for_gradients_or_a_variable_not_in_the_formula() -> None:
    assert derivative("|x| + y^2").nondifferentiable == ()
    assert derivative("|x|", wrt="y").nondifferentiable == ()
    assert derivative("5").to_dict()["nondifferentiable_points"] == []


def test_quotient_with_roots_is_checked_over_a_common_denominator() -> None:
    # the numeric fallback alone once called this a mismatch (branches of the real roots)
    text = "((x - 1)^(1/2) (2x + 2)^3)^(2/3) / (x - 1)"
    d = derivative(text)
    expected = sympy.diff(parse(text), x)
    for v in (1.5, 2.0, 3.7):
        assert float(d.result.subs(x, v)) == pytest.approx(float(expected.subs(x, v)), rel=1e-9)
