"""The safe parser: what people type -> a SymPy expression, built with constructors only.

No ``eval``, no ``sympify``/``parse_expr`` on the text: a tokenizer and a recursive-descent
parser build ``sympy.Add``/``Mul``/``Pow``/functions directly. Grammar (loosest first)::

    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/" | implicit) unary)*     # 2x, 3x y, 2(x+1), (x+1)(x-1)
    unary   := ("-" | "+") unary | power                  # -x^2 is -(x^2)
    power   := atom superscript* ("^" unary)?             # right-associative, x^-3
    atom    := number | name | function "(" args ")" | "(" sum ")" | "|" sum "|"

A one-letter variable before a bracket multiplies (``x(x + 1)``, ``w1(x)``); any other
unknown name before a bracket is an error (``foo(x)``).

Limits (documented, each a :class:`ParseError` with column, caret and hint):
``MAX_LENGTH`` = 1000 characters, ``MAX_DEPTH`` = 40 nested brackets/functions/signs,
numbers of at most ``MAX_DIGITS`` = 30 digits, constant powers whose value would have
more than ``MAX_POWER_DIGITS`` = 1000 digits (``10**10**10``), and integer exponents of
a variable expression larger than ``MAX_EXPONENT`` = 1000 in size.
Variables are real SymPy symbols. ``e`` is Euler's number, ``pi``/``π`` is π.

>>> parse("2x^2 + 3x y")
2*x**2 + 3*x*y
>>> parse("|x| + e^x")
exp(x) + Abs(x)
"""

from __future__ import annotations

import re

import sympy

from gradstep.calculus.names import CONSTANTS, FUNCTIONS, check_arity
from gradstep.calculus.tokens import MAX_LENGTH, ParseError, Token, _error, tokenize

MAX_DEPTH = 40
MAX_POWER_DIGITS = 1000
MAX_EXPONENT = 1000

__all__ = ["MAX_DEPTH", "MAX_EXPONENT", "MAX_LENGTH", "MAX_POWER_DIGITS", "ParseError", "parse"]

_STARTS_ATOM = {"num", "name"}
# A one-letter name (with digits: w1) before "(" is a product, x(x + 1); longer names
# before "(" must be known functions (foo(x), exec(x) are rejected).
_SHORT_VARIABLE = re.compile(r"[A-Za-z]\d*")


def symbol(name: str) -> sympy.Symbol:
    """The real SymPy symbol gradstep uses for a variable name."""
    return sympy.Symbol(name, real=True)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0
        self.depth = 0
        self.abs_depth = 0

    # ---------------------------------------------------------------- helpers
    @property
    def token(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def error(self, token: Token, key: str, **fields: object) -> ParseError:
        return _error(self.text, token.column, key, **fields)

    def expect(self, op: str) -> Token:
        if self.token.kind != "op" or self.token.text != op:
            raise self.error(self.token, "expected", what=op, got=self.token.text or "end")
        return self.advance()

    def enter(self, token: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(token, "too_deep", limit=MAX_DEPTH)

    def is_op(self, *ops: str) -> bool:
        return self.token.kind == "op" and self.token.text in ops

    # ---------------------------------------------------------------- grammar
    def parse(self) -> sympy.Expr:
        if self.token.kind == "end":
            raise self.error(self.token, "empty")
        expr = self.sum()
        if self.token.kind != "end":
            raise self.error(self.token, "unexpected", got=self.token.text)
        return expr

    def sum(self) -> sympy.Expr:
        expr = self.product()
        while self.is_op("+", "-"):
            sign = self.advance().text
            right = self.product()
            expr = sympy.Add(expr, right if sign == "+" else sympy.Mul(-1, right))
        return expr

    def starts_implicit(self) -> bool:
        token = self.token
        if token.kind in _STARTS_ATOM or (token.kind == "op" and token.text == "("):
            return True
        return token.kind == "op" and token.text == "|" and self.abs_depth == 0

    def product(self) -> sympy.Expr:
        expr = self.unary()
        while self.is_op("*", "/") or self.starts_implicit():
            op = self.advance().text if self.is_op("*", "/") else "*"
            start = self.token
            right = self.unary()
            if op == "/":
                if right.is_zero:
                    raise self.error(start, "division_by_zero")
                right = sympy.Pow(right, -1)
            expr = sympy.Mul(expr, right)
        return expr

    def unary(self) -> sympy.Expr:
        if self.is_op("-", "+"):
            token = self.advance()
            self.enter(token)
            inner = self.unary()
            self.depth -= 1
            return sympy.Mul(-1, inner) if token.text == "-" else inner
        return self.power()

    def power(self) -> sympy.Expr:
        base = self.atom()
        while self.token.kind == "sup":
            token = self.advance()
            base = self.make_power(base, sympy.Integer(int(token.text)), token)
        if self.is_op("^"):
            token = self.advance()
            self.enter(token)
            exponent = self.unary()
            self.depth -= 1
            base = self.make_power(base, exponent, token)
        return base

    def make_power(self, base: sympy.Expr, exponent: sympy.Expr, token: Token) -> sympy.Expr:
        if exponent.is_Number and abs(exponent) > MAX_EXPONENT and not base.is_Number:
            raise self.error(token, "exponent_too_big", limit=MAX_EXPONENT)
        if base.is_Number and exponent.is_Number:
            size = abs(float(exponent)) * max(float(sympy.log(abs(base), 10)), 0.0) if base else 0
            if size > MAX_POWER_DIGITS:
                raise self.error(token, "number_too_big", limit=MAX_POWER_DIGITS)
            if base.is_zero and exponent.is_negative:
                raise self.error(token, "division_by_zero")
        result = sympy.Pow(base, exponent)
        if result.is_Pow and result.exp.is_Number and abs(result.exp) > MAX_EXPONENT:
            raise self.error(token, "exponent_too_big", limit=MAX_EXPONENT)
        return result

    def atom(self) -> sympy.Expr:
        token = self.token
        if token.kind == "num":
            self.advance()
            if "e" in token.text.lower():  # 1e3, 2.5e-3: exact, as the digits say
                mantissa, _, power = token.text.lower().partition("e")
                if abs(int(power)) > MAX_POWER_DIGITS:
                    raise self.error(token, "number_too_big", limit=MAX_POWER_DIGITS)
                return sympy.Rational(mantissa) * sympy.Rational(10) ** int(power)
            return sympy.Rational(token.text) if "." in token.text else sympy.Integer(token.text)
        if token.kind == "name":
            return self.name()
        if self.is_op("("):
            self.advance()
            self.enter(token)
            inner = self.sum()
            self.expect(")")
            self.depth -= 1
            return inner
        if self.is_op("|"):
            return self.absolute()
        if token.kind == "end":
            raise self.error(token, "unexpected_end")
        raise self.error(token, "unexpected", got=token.text)

    def absolute(self) -> sympy.Expr:
        token = self.advance()
        self.enter(token)
        outer_abs, self.abs_depth = self.abs_depth, 1
        inner = self.sum()
        self.abs_depth = outer_abs
        if not self.is_op("|"):
            raise self.error(self.token, "expected", what="|", got=self.token.text or "end")
        self.advance()
        self.depth -= 1
        return sympy.Abs(inner)

    def name(self) -> sympy.Expr:
        token = self.advance()
        name = token.text
        if self.is_op("(") and (name in FUNCTIONS or not _SHORT_VARIABLE.fullmatch(name)):
            if name not in FUNCTIONS:
                raise self.error(token, "unknown_function", name=name)
            return self.call(token)
        if name in FUNCTIONS:
            raise self.error(token, "function_needs_parentheses", name=name)
        if name in CONSTANTS:
            return CONSTANTS[name]
        return symbol(name)

    def call(self, token: Token) -> sympy.Expr:
        self.advance()  # "("
        self.enter(token)
        outer_abs, self.abs_depth = self.abs_depth, 0
        args = [self.sum()]
        while self.is_op(","):
            self.advance()
            args.append(self.sum())
        self.abs_depth = outer_abs
        self.expect(")")
        self.depth -= 1
        problem = check_arity(token.text, len(args))
        if problem:
            raise self.error(token, "arity", name=token.text, expected=problem)
        return FUNCTIONS[token.text](*args)


def parse(text: str) -> sympy.Expr:
    """Parse a formula as people type it into a SymPy expression (never evaluates code).

    Raises :class:`ParseError` (an ``InputError``) with the column, a caret line and a hint.

    >>> parse("x² − 3x·y")
    x**2 - 3*x*y
    """
    if not isinstance(text, str):
        raise _error(str(text)[:80], 1, "not_text", kind=type(text).__name__)
    try:
        expr = _Parser(text).parse()
    except RecursionError:
        raise _error(text, 1, "too_deep", limit=MAX_DEPTH) from None
    if expr.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo, sympy.I):
        raise _error(text, 1, "no_real_value")
    return expr
