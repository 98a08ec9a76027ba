"""The safe parser: what people type is accepted; code, absurd sizes and look-alikes are not."""

from __future__ import annotations

import contextlib
import string
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from gradstep.calculus import ParseError, parse
from gradstep.calculus.functions import relu, sigmoid, softplus
from gradstep.errors import InputError

x, y, b, w1, theta = (sympy.Symbol(n, real=True) for n in ("x", "y", "b", "w1", "theta"))

ACCEPTED = [
    ("x^2", x**2),
    ("x**2", x**2),
    ("2x", 2 * x),
    ("3x y", 3 * x * y),
    ("2(x+1)", 2 * x + 2),
    ("(x+1)(x-1)", (x + 1) * (x - 1)),
    ("e^x", sympy.exp(x)),
    ("exp(x)", sympy.exp(x)),
    ("ln(x)", sympy.log(x)),
    ("log(x)", sympy.log(x)),
    ("log(x, 2)", sympy.log(x) / sympy.log(2)),
    ("sqrt(x)", sympy.sqrt(x)),
    ("|x|", sympy.Abs(x)),
    ("abs(x)", sympy.Abs(x)),
    ("sec(x) + csc(x) + cot(x)", sympy.sec(x) + sympy.csc(x) + sympy.cot(x)),
    ("asin(x) - arcsin(x)", 0),
    ("arctan(x)", sympy.atan(x)),
    ("sinh(x) cosh(x)", sympy.sinh(x) * sympy.cosh(x)),
    ("sigmoid(x)", sigmoid(x)),
    ("relu(x)", relu(x)),
    ("softplus(x)", softplus(x)),
    ("max(x, 0)", sympy.Max(x, 0)),
    ("min(x, y)", sympy.Min(x, y)),
    ("pi x", sympy.pi * x),
    ("π·x", sympy.pi * x),
    ("x² + x³", x**2 + x**3),
    ("2x − 1", 2 * x - 1),
    ("x**-3", x**-3),
    ("x^-3", x**-3),
    ("x⁻¹", 1 / x),
    ("w1 x + b", w1 * x + b),
    ("theta^2", theta**2),
    ("||x| - 1|", sympy.Abs(sympy.Abs(x) - 1)),
    ("|x||y|", sympy.Abs(x) * sympy.Abs(y)),
    ("-x^2", -(x**2)),
    ("2^3^2", 512),
    ("0.5x", x / 2),
    (".5x", x / 2),
    ("2sin(x)", 2 * sympy.sin(x)),
    ("x/2y", x / 2 * y),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_parse_accepts_what_people_type(text: str, expected: object) -> None:
    assert parse(text) == sympy.sympify(expected)


def test_parsed_symbols_are_real() -> None:
    assert all(s.is_real for s in parse("x y + theta").free_symbols)


REJECTED = [
    ("__import__('os')", 1),
    ("x.real", 2),
    ("x.__class__", 2),
    ("10**10**10", 3),
    ("foo(x)", 1),
    ("x = 1", 3),
    ("x; y", 2),
    ("sin x", 1),
    ("х + 1", 1),  # Cyrillic х
    ("x + ѕin(x)", 5),  # Cyrillic ѕ
    ("", 1),
    ("x +", 4),
    ("1/0", 3),
    ("x^100000", 2),
    ("sin(x, y)", 1),
    ("lambda: 1", 1),  # a Python keyword
    ("|x", 3),
    ("(x", 3),
    ("x)", 2),
    ("'x'", 1),
    ("[x]", 1),
    ("9^9^9^9", 4),
    ("exec(x)", 1),
]


@pytest.mark.parametrize(("text", "column"), REJECTED)
def test_parse_rejects_with_column_caret_and_hint(text: str, column: int) -> None:
    with pytest.raises(ParseError) as info:
        parse(text)
    err = info.value
    assert isinstance(err, InputError)
    assert err.column == column
    assert err.hint
    assert err.caret.splitlines()[-1] == " " * (column - 1) + "^"
    assert "\n" not in str(err)


def test_parse_rejects_deep_nesting_and_long_text() -> None:
    with pytest.raises(ParseError, match="characters"):
        parse("(" * 10000 + "x" + ")" * 10000)
    with pytest.raises(ParseError, match="deep"):
        parse("(" * 45 + "x" + ")" * 45)
    with pytest.raises(ParseError, match="deep"):
        parse("-" * 100 + "x")


def test_parse_rejects_numbers_with_too_many_digits() -> None:
    with pytest.raises(ParseError, match="digits"):
        parse("1" * 31 + "x")


def test_injection_attempt_does_not_create_a_file(tmp_path: Path) -> None:
    target = tmp_path / "pwned"
    attempts = [
        f"__import__('os').system('touch {target}')",
        f"open('{target}', 'w')",
        f"x; import os; os.system('touch {target}')",
        "().__class__.__bases__[0].__subclasses__()",
    ]
    for text in attempts:
        with pytest.raises(ParseError):
            parse(text)
    assert not target.exists()


ALPHABET = string.ascii_letters + string.digits + " +-*/^()|,.=;'\"[]{}_!@#$%&~`<>?:\\" + "²³·−π"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_fuzzed_text_raises_only_parse_error(text: str) -> None:
    try:
        expr = parse(text)
    except ParseError:
        return
    assert isinstance(expr, sympy.Basic)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=30))
def test_fuzzed_unicode_raises_only_parse_error(text: str) -> None:
    with contextlib.suppress(ParseError):
        parse(text)


@pytest.mark.parametrize(
    "text", ["import os", "from os import system", "return x", "None", "True + x", "lambda: 1"]
)
def test_python_keywords_are_rejected_not_read_as_variables(text: str) -> None:
    with pytest.raises(ParseError, match="Python keyword"):
        parse(text)


def test_scientific_notation_followed_by_a_variable_is_a_coefficient() -> None:
    x = sympy.Symbol("x", real=True)
    assert parse("1e-3x") == sympy.Rational(1, 1000) * x
    assert parse("2.5E2 x^2") == 250 * x**2
