"""Turning steps into words: formulas as a learner writes them, sentences from the catalogues.

``pretty(3*x**2 - 1)`` is ``3x² − 1``; :func:`step_lines` renders a :class:`Step` tree
as indented lines in English or Vietnamese (all words from ``calculus.toml``).
"""

from __future__ import annotations

import re

import sympy

from gradstep.calculus.tracer import Step, U
from gradstep.i18n import message

_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def pretty(expr: sympy.Expr) -> str:
    """A formula as a learner writes it: ``2x`` for 2*x, ``x²``, ``·`` and ``−``.

    >>> pretty(sympy.Symbol("x") ** 2 * 3 - 1)
    '3x² − 1'
    """
    text = sympy.sstr(expr, order="grlex") if isinstance(expr, sympy.Basic) else str(expr)
    text = re.sub(r"\*\*(-?\d+)(?![\d.])", lambda m: m.group(1).translate(_SUP), text)
    text = text.replace("**", "^")
    text = re.sub(r"(?<![\w.])(\d+)\*(?=[A-Za-z](?![A-Za-z(])|\()", r"\1", text)
    text = text.replace("*", "·").replace(" - ", " − ")
    return _bars(re.sub(r"^-", "−", text))


def _bars(text: str) -> str:
    """``Abs(u)`` written as ``|u|``."""
    start = text.find("Abs(")
    while start != -1:
        depth, end = 0, start + 3
        for end in range(start + 3, len(text)):
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            if depth == 0:
                break
        text = f"{text[:start]}|{text[start + 4 : end]}|{text[end + 1 :]}"
        start = text.find("Abs(")
    return text


def _wrap(text: str) -> str:
    simple = re.fullmatch(r"[\w.]+(\(.*\))?|\|.*\|", text) and "+" not in text
    return text if simple and " " not in text else f"({text})"


def _substitute(expr: sympy.Expr, inner: sympy.Expr) -> str:
    """``expr`` (a formula in u) with u replaced by the inner formula as written, unevaluated."""
    placeholder = sympy.Symbol("__INNER__")
    text = pretty(expr.subs(U, placeholder)).replace("(__INNER__)", f"({pretty(inner)})")
    text = text.replace("__INNER__", _wrap(pretty(inner)))
    return re.sub(r"(?<![\w.])(\d+)·\(", r"\1(", text)


def rule_name(rule: str, lang: str) -> str:
    """The name of a rule in ``lang`` (e.g. power → "power rule" / "quy tắc lũy thừa")."""
    return message(f"calculus.rule.{rule}", lang)


def step_line(step: Step, lang: str, var: str = "x") -> str:
    """One sentence for one step (without its sub-steps)."""
    name = rule_name(step.rule, lang)
    if step.rule == "chain":
        outer, inner = step.part("outer"), step.part("inner")
        d_outer = step.part("outer_derivative")
        d_inner = step.substeps[1].result
        combined = f"{_substitute(d_outer, inner)}·{_wrap(pretty(d_inner))}"
        return message(
            "calculus.explain.chain",
            lang,
            rule=name,
            outer=pretty(outer),
            inner=pretty(inner),
            outer_derivative=pretty(d_outer),
            inner_derivative=pretty(d_inner),
            combined=combined,
            result=pretty(step.result),
            var=var,
        )
    return message(
        "calculus.explain.step",
        lang,
        rule=name,
        expression=pretty(step.expression),
        result=pretty(step.result),
        var="u" if step.expression.has(U) else var,
    )


def step_lines(step: Step, lang: str, var: str = "x", depth: int = 0) -> list[str]:
    """The step and its sub-steps as indented lines, outermost first."""
    lines = ["  " * depth + step_line(step, lang, var)]
    for sub in step.substeps:
        lines.extend(step_lines(sub, lang, var, depth + 1))
    return lines
