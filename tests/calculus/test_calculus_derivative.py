"""Derivatives with steps: a course's table and generated compositions all equal sympy.diff."""

from __future__ import annotations

import math

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from gradstep.calculus import (
    check_answer,
    critical_points,
    derivative,
    gradient,
    hessian_matrix,
    parse,
)
from gradstep.calculus.functions import to_elementary
from gradstep.errors import InputError

x, y = sympy.symbols("x y", real=True)

TABLE = [
    ("7", "constant"),
    ("x", "variable"),
    ("5x", "constant_multiple"),
    ("x^2 + 3x - 1", "sum"),
    ("x^7", "power"),
    ("x^-3", "power"),
    ("sqrt(x)", "power"),
    ("x^(2/3)", "power"),
    ("x sin(x)", "product"),
    ("x^2 e^x", "product"),
    ("sin(x)/x", "quotient"),
    ("(x^2 + 1)/(x - 1)", "quotient"),
    ("(2x - 1 - 3)^2", "chain"),
    ("sin(x^2)", "chain"),
    ("e^x", "exp"),
    ("2^x", "exponential"),
    ("ln(x)", "log"),
    ("log(x, 10)", "constant_multiple"),
    ("sin(x)", "trig"),
    ("cos(x)", "trig"),
    ("tan(x)", "trig"),
    ("sec(x)", "trig"),
    ("csc(x)", "trig"),
    ("cot(x)", "trig"),
    ("asin(x)", "inverse_trig"),
    ("acos(x)", "inverse_trig"),
    ("atan(x)", "inverse_trig"),
    ("sinh(x)", "hyperbolic"),
    ("cosh(x)", "hyperbolic"),
    ("asinh(x)", "hyperbolic"),
    ("tanh(x)", "tanh"),
    ("sigmoid(x)", "sigmoid"),
    ("softplus(x)", "softplus"),
    ("relu(x)", "relu"),
    ("|x|", "abs"),
    ("x^x", "general_power"),
    ("max(x, x^2)", "max"),
    ("ln(sin(x)^2 + 2)", "chain"),
    ("sigmoid(2x + 1)", "chain"),
    ("e^(sin(x)) cos(x)", "product"),
]


@pytest.mark.parametrize(("text", "rule"), TABLE)
def test_derivative_table_agrees_with_sympy_and_names_the_rule(text: str, rule: str) -> None:
    d = derivative(text)
    expected = sympy.diff(parse(text), x)
    assert sympy.simplify(to_elementary(d.result - expected)) == 0
    assert d.steps[0].rule == rule
    # the JSON string is plain SymPy: sympify reads it, with no gradstep function names
    read = sympy.sympify(d.to_dict()["derivative"]).subs(sympy.Symbol("x"), x)
    assert sympy.simplify(read - to_elementary(d.result)) == 0
    assert "sigmoid" not in d.to_dict()["derivative"]
    assert rule != "constant" or d.result == 0


def test_lessons_chain_rule_example_renders_as_written() -> None:
    d = derivative("((2x - 1) - 3)^2")
    assert d.result == 8 * x - 16
    text = d.explain("en")
    assert "g′(u)·u′(x) = 2(2x − 4)·2 = 8x − 16" in text
    assert "chain rule" in text
    vi = d.explain("vi")
    assert "quy tắc chuỗi" in vi and "quy tắc lũy thừa" in vi and "8x − 16" in vi


def test_lessons_power_rule_examples() -> None:
    assert derivative("x^2").result == 2 * x
    assert derivative("x^3").result == 3 * x**2
    assert derivative("4x^5").result == 20 * x**4
    assert "quy tắc lũy thừa" in derivative("x^3").explain("vi")


def test_slope_table_of_the_lessons_compass() -> None:
    d = derivative("x^2")
    rows = {v: d.at(x=v) for v in (5, 1, 0, -3)}
    assert [rows[v].derivative for v in (5, 1, 0, -3)] == [10, 2, 0, -6]
    assert [rows[v].direction for v in (5, 1, 0, -3)] == ["uphill", "uphill", "flat", "downhill"]
    assert (rows[5].size, rows[1].size, rows[-3].size) == ("big", "small", "big")
    assert "step left" in rows[5].explain("en") and "stop" in rows[0].explain("en")
    assert "step right" in rows[-3].explain("en")
    assert "đi sang trái" in rows[5].explain("vi") and "dừng lại" in rows[0].explain("vi")
    assert "đi sang phải" in rows[-3].explain("vi")


def test_activation_derivatives_of_the_lessons() -> None:
    d_sigmoid = derivative("sigmoid(x)")
    assert d_sigmoid.at(x=0).derivative == pytest.approx(0.25)
    assert abs(d_sigmoid.at(x=10).derivative) < 1e-4
    assert derivative("tanh(x)").at(x=0).derivative == pytest.approx(1.0)
    relu = derivative("relu(x)")
    assert (relu.at(x=-2).derivative, relu.at(x=3).derivative) == (0, 1)
    assert relu.at(x=0).direction == "undefined" and relu.at(x=0).derivative is None


@pytest.mark.parametrize(
    ("text", "point", "reason"),
    [
        ("|x|", 0, "kink"),
        ("relu(x)", 0, "kink"),
        ("x^(2/3)", 0, "cusp"),
        ("sqrt(x)", 0, "domain_edge"),
        ("step(x)", 0, "jump"),
        ("ln(x)", 0, "domain_edge"),
        ("|x - 2|", 2, "kink"),
        ("1/x", 0, "pole"),
    ],
)
def test_points_without_derivative_are_reported(text: str, point: float, reason: str) -> None:
    d = derivative(text)
    found = {float(p.point): p.reason for p in d.nondifferentiable}
    assert found.get(point) == reason
    assert "does not exist" in d.explain("en")


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        # cos x = 0 at odd multiples of pi/2; within [-10, 10]: k = -3 .. 2
        ("tan(x)", [sympy.pi / 2 + k * sympy.pi for k in range(-3, 3)], "pole"),
        # sin 2x = 0 at multiples of pi/2; within [-10, 10]: k = -6 .. 6
        ("csc(2x)", [k * sympy.pi / 2 for k in range(-6, 7)], "pole"),
        ("asin(x)", [-1, 1], "domain_edge"),
        ("acos(x/3)", [-3, 3], "domain_edge"),
        ("atanh(x)", [-1, 1], "pole"),
    ],
)
def test_poles_and_domain_edges_of_trig_and_inverse_trig(
    text: str, expected: list, reason: str
) -> None:
    found = derivative(text).nondifferentiable
    assert [sympy.simplify(p.point - e) for p, e in zip(found, expected, strict=True)] == [0] * len(
        expected
    )
    assert {p.reason for p in found} == {reason}


def test_a_pole_is_never_a_critical_point() -> None:
    # tan is increasing between its poles: no critical point at all, poles listed
    data = critical_points("tan(x)", domain=(-2, 2)).to_dict()
    assert data["critical_points"] == []
    poles = sorted(p["point"]["x"] for p in data["nondifferentiable_points"])
    assert poles == pytest.approx([-math.pi / 2, math.pi / 2])


def test_smooth_functions_have_no_undefined_points() -> None:
    for text in ("x^2", "|x^2|", "sin(x)", "sigmoid(x)", "x^3 - 3x"):
        assert derivative(text).nondifferentiable == ()


def test_gradient_and_hessian_of_several_variables() -> None:
    d = derivative("x^2 + y^2")
    assert d.result is None and dict(d.gradient) == {"x": 2 * x, "y": 2 * y}
    assert d.to_dict()["gradient"] == {"x": "2*x", "y": "2*y"}
    assert gradient("x^2 y + sin(y)") == {"x": 2 * x * y, "y": x**2 + sympy.cos(y)}
    assert hessian_matrix("x^2 - y^2") == sympy.Matrix([[2, 0], [0, -2]])
    partial = derivative("x^2 y", wrt="y")
    assert partial.result == x**2
    slope = d.at(x=6, y=9)
    assert dict(slope.derivative) == {"x": 12, "y": 18}


def test_higher_order_derivatives() -> None:
    assert derivative("x^4", order=2).result == 12 * x**2
    assert derivative("sin(x)", order=4).result == sympy.sin(x)
    with pytest.raises(InputError):
        derivative("x", order=0)


SMALL = st.sampled_from(["x", "2x + 1", "x^2", "sin(x)", "e^x", "x - 3"])
UNARY = ["sin", "cos", "exp", "sigmoid", "tanh", "atan", "softplus", "sqrt(1 + ({}) ^ 2)"]


def _compose(draw, depth: int) -> str:
    if depth == 0:
        return draw(SMALL)
    kind = draw(st.sampled_from(["unary", "+", "*", "/", "^"]))
    a = _compose(draw, depth - 1)
    if kind == "unary":
        f = draw(st.sampled_from(UNARY))
        return f.format(a) if "{}" in f else f"{f}({a})"
    b = _compose(draw, depth - 1)
    if kind == "/":
        return f"({a}) / (2 + ({b})^2)"
    if kind == "^":
        return f"({a})^{draw(st.integers(2, 4))}"
    return f"({a}) {kind} ({b})"


@st.composite
def compositions(draw) -> str:
    return _compose(draw, draw(st.integers(1, 3)))


@settings(max_examples=25, deadline=None)
@given(compositions())
def test_generated_compositions_agree_with_sympy(text: str) -> None:
    d = derivative(text)  # checks against sympy.diff internally; verify independently too
    expected = sympy.diff(parse(text), x)
    diff = to_elementary(d.result - expected)
    # exact points and 30 digits: a difference that is 0 does not show up as rounding
    # noise of large terms (15-digit evalf of e^(e^x)-sized terms could exceed 1e-9)
    for v in (sympy.Rational(-7, 10), sympy.Rational(3, 10), sympy.Rational(11, 10)):
        size = 1 + abs(sympy.N(to_elementary(expected).subs(x, v), 30))
        assert abs(sympy.N(diff.subs(x, v), 30)) < 1e-9 * size, (text, v)


@pytest.mark.parametrize(("text", "x"), [("ln(x)", -1), ("log(x, 2)", -4), ("atanh(x)", 2)])
def test_no_slope_outside_the_domain(text: str, x: float) -> None:
    # ln(-1) = iπ is not a real number: f has no value there, so no slope either
    slope = derivative(text).at(x=x)
    assert (slope.value, slope.derivative, slope.direction) == (None, None, "undefined")


def test_a_slope_too_large_for_a_float_still_points_uphill() -> None:
    # d/dx e^x at 1000 is e^1000 ≈ 1.97e434 > 1.8e308: no float, but the sign is known
    slope = derivative("e^x").at(x=1000)
    assert (slope.derivative, slope.direction, slope.size) == (None, "uphill", "big")
    falling = derivative("-e^x").at(x=1000)
    assert falling.direction == "downhill"
    assert derivative("e^(e^(e^(e^x)))").at(x=10).derivative is None  # no OverflowError


def test_sympy_expressions_with_plain_symbols_are_read_as_real_variables() -> None:
    plain = sympy.Symbol("x")  # no assumptions, as sympify makes it
    assert check_answer("x^3", sympy.sympify("3*x**2")).correct
    assert check_answer(sympy.sympify("x**3"), "3x^2").correct
    assert derivative(sympy.Abs(plain)).result == sympy.sign(x)
    points = critical_points(sympy.Abs(plain)).to_dict()["critical_points"]
    assert [(p["point"], p["kind"]) for p in points] == [({"x": 0.0}, "minimum")]


def test_order_two_with_several_variables_gives_the_hessian() -> None:
    f = "x^2 y + y^3 + sin(x y)"
    d = derivative(f, order=2)
    expected = sympy.hessian(parse(f), [x, y])  # SymPy's own Hessian, independently
    got = sympy.Matrix(d.hessian)
    assert sympy.simplify(got - expected) == sympy.zeros(2, 2)
    data = d.to_dict()
    plain = {s: sympy.Symbol(s) for s in "xy"}
    back = sympy.Matrix([[sympy.sympify(data["hessian"][a][b]) for b in "xy"] for a in "xy"]).subs(
        {plain["x"]: x, plain["y"]: y}
    )
    assert sympy.simplify(back - expected) == sympy.zeros(2, 2)
    assert data["gradient"] == {"x": str(d.gradient[0][1]), "y": str(d.gradient[1][1])}
    assert "Hessian" in d.explain("en") and "ma trận Hessian" in d.explain("vi")
    with pytest.raises(InputError, match="order 2 the Hessian"):
        derivative(f, order=3)
