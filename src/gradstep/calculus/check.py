"""Checking a learner's derivative: right or wrong as functions, and the likely mistake.

The correct derivation is replayed with one classic mistake made at one step (or at
every step where it applies); if that reproduces the learner's answer, we name the
mistake and the step where the answer departs from the correct derivation:

- ``chain_inner_forgotten``: the chain rule without the inner derivative;
- ``product_rule_as_product``: (fg)′ = f′g′;
- ``power_not_lowered``: (xⁿ)′ = n·xⁿ (the exponent not lowered);
- ``quotient_sign``: a sign lost in the quotient rule, (f′g + fg′)/g²;
- ``quotient_order``: the numerator the wrong way round, (fg′ − f′g)/g²; a factor e^(−u)
  (how SymPy stores x²/eˣ) is read back as the denominator eᵘ for these two, when the
  product reading finds no mistake;
- ``constant_kept``: a constant differentiated to itself instead of 0.

>>> check_answer("sin(x^2)", "cos(x^2)").mistake
'chain_inner_forgotten'
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import sympy

from gradstep.calculus.derivation import (
    EXPAND_LIMIT,
    checked_trace,
    find_variable,
    sorted_symbols,
    tidy,
    to_expression,
)
from gradstep.calculus.numeric import expanded_size, numeric_form, precise_number
from gradstep.calculus.render import pretty
from gradstep.calculus.tracer import Step, U, trace
from gradstep.i18n import check_lang, message

MISTAKES = (
    "chain_inner_forgotten",
    "product_rule_as_product",
    "power_not_lowered",
    "quotient_sign",
    "quotient_order",
    "constant_kept",
)
_APPLIES = {
    "chain_inner_forgotten": ("chain",),
    "product_rule_as_product": ("product",),
    "power_not_lowered": ("power",),
    "quotient_sign": ("quotient",),
    "quotient_order": ("quotient",),
    "constant_kept": ("constant",),
}


@dataclass(frozen=True)
class AnswerCheck:
    """The verdict on a learner's derivative (``to_dict`` is the ``--json`` form)."""

    expression: sympy.Expr
    answer: sympy.Expr
    expected: sympy.Expr
    correct: bool
    mistake: str | None = None
    step: Step | None = None

    def explain(self, lang: str = "en") -> str:
        """Why the answer is right or wrong, in ``lang``."""
        check_lang(lang)
        if self.correct:
            return message("calculus.check.correct", lang, expected=pretty(self.expected))
        key = self.mistake or "unknown"
        fields: dict[str, Any] = {"expected": pretty(self.expected), "answer": pretty(self.answer)}
        if self.step is not None:
            fields["step"] = pretty(self.step.expression)
            fields["inner"] = pretty(self.step.part("inner") or self.step.expression)
        return message(f"calculus.check.{key}", lang, **fields)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "correct": self.correct,
            "expected": str(self.expected),
            "mistake": self.mistake,
            "explanation": self.explain(lang),
            "step": None if self.step is None else str(self.step.expression),
        }


def same_function(a: sympy.Expr, b: sympy.Expr, symbols: list[sympy.Symbol]) -> bool:
    """Equal as functions: the difference simplifies to 0, or vanishes at random points."""
    if a == b or (expanded_size(a - b) <= EXPAND_LIMIT and sympy.expand(a - b) == 0):
        return True
    rng = random.Random(1)
    hits = 0
    for _ in range(24):
        point = {s: sympy.Rational(rng.randint(-250, 250), 97) for s in symbols}
        va, vb = (precise_number(numeric_form(e).subs(point)) for e in (a, b))
        if va is None or vb is None:
            continue
        if abs(va - vb) > 1e-8 * (1 + abs(vb)):
            return False
        hits += 1
        if hits >= 8:
            return True
    return hits >= 3


def _replay(step: Step, kind: str, target: int | None, counter: list[int]) -> sympy.Expr:
    """The derivative rebuilt from the step tree, making mistake ``kind`` at step ``target``
    (walk order) or at every applicable step when ``target`` is None."""
    index = counter[0]
    counter[0] += 1
    hit = step.rule in _APPLIES[kind] and (target is None or target == index)
    subs = [_replay(s, kind, target, counter) for s in step.substeps]
    rule, e = step.rule, step.expression
    if rule == "constant":
        return e if hit else sympy.S.Zero
    if rule == "sum":
        return sympy.Add(*subs)
    if rule == "constant_multiple":
        return step.part("constant") * subs[0]
    if rule == "product":
        factors = [s.expression for s in step.substeps]
        if hit:
            return sympy.Mul(*subs)
        return sympy.Add(*(sympy.Mul(*(subs[i] if j == i else f for j, f in enumerate(factors)))
                           for i in range(len(factors))))  # fmt: skip
    if rule == "quotient":
        top, bottom = step.part("numerator"), step.part("denominator")
        dt, db = subs
        if hit and kind == "quotient_sign":
            return (dt * bottom + top * db) / bottom**2
        if hit:
            return (top * db - dt * bottom) / bottom**2
        return (dt * bottom - top * db) / bottom**2
    if rule == "chain":
        outer = subs[0].subs(U, step.part("inner"))
        return outer if hit else outer * subs[1]
    if rule == "power" and hit:
        var = U if e.has(U) else e.base
        return e.exp * sympy.Pow(var, e.exp)
    return step.result


def _find_mistake(root: Step, answer: sympy.Expr, symbols: list) -> tuple[str | None, Step | None]:
    steps = root.walk()
    for kind in MISTAKES:
        places = [i for i, s in enumerate(steps) if s.rule in _APPLIES[kind]]
        for target in [*places, None] if places else []:
            wrong = _replay(root, kind, target, [0])
            if same_function(wrong, answer, symbols):
                return kind, _shown(root, steps[target if target is not None else places[0]])
    return None, None


def _shown(root: Step, step: Step) -> Step:
    """The step to name: a rule applied to the outer function g(u) of a chain is shown as
    the chain step itself ((2x + 1)³, not u³)."""
    if not step.expression.has(U):
        return step
    for parent in root.walk():
        if any(sub is step for sub in parent.substeps):
            return parent
    return step


def check_answer(
    expr: str | sympy.Expr,
    answer: str | sympy.Expr,
    wrt: str | None = None,
    time_limit: float | None = None,
) -> AnswerCheck:
    """Is ``answer`` the derivative of ``expr`` (with respect to ``wrt``)? If not, why not.

    ``time_limit`` (seconds, default none): run in a child process stopped at the limit,
    raising ``TimeLimitError`` (an ``InputError``), as :func:`derivative` does.
    """
    if time_limit is not None:
        from gradstep.calculus.solver import call_limited

        return call_limited(check_answer, (expr, answer, wrt), time_limit)
    expression, given = to_expression(expr), to_expression(answer)
    symbols = sorted_symbols(expression)
    x = (
        find_variable(expression, wrt)
        if wrt
        else (symbols[0] if symbols else sympy.Symbol("x", real=True))
    )
    root = checked_trace(expression, x)
    expected = tidy(root.result)
    all_symbols = sorted(set(symbols) | given.free_symbols | {x}, key=lambda s: s.name)
    if same_function(expected, given, all_symbols):
        return AnswerCheck(expression, given, expected, True)
    mistake, step = _find_mistake(root, given, all_symbols)
    if mistake is None and _has_hidden_denominator(expression):
        # x²/eˣ is stored as x²·e^(−x), a product: read e^(−x) back as the denominator eˣ
        # so that quotient-rule mistakes (quotient_sign, quotient_order) are recognised
        mistake, step = _find_mistake(trace(expression, x, read_denominators=True), given,
                                      all_symbols)  # fmt: skip
    return AnswerCheck(expression, given, expected, False, mistake, step)


def _has_hidden_denominator(expr: sympy.Expr) -> bool:
    """A product with a factor e^(−u) or a^(−u) (u not a number): a quotient in disguise."""
    for node in sympy.preorder_traversal(expr):
        if not node.is_Mul:
            continue
        for f in node.args:
            if isinstance(f, sympy.exp) and f.args[0].could_extract_minus_sign():
                return True
            if f.is_Pow and not f.exp.is_Number and f.exp.could_extract_minus_sign():
                return True
    return False
