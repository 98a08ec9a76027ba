"""Tokenizer of the safe parser: text -> tokens with their column, nothing is evaluated.

Accepted characters: ASCII letters, digits, ``_`` in names, ``. + - * / ^ ( ) | ,``,
spaces, and these people-typed symbols: ``−`` (minus), ``·`` ``×`` (times), ``÷``,
``π``, superscripts ``⁰¹²³⁴⁵⁶⁷⁸⁹⁻`` (``x²``, ``x⁻¹``). Anything else (quotes, ``;``,
``=``, ``[``, unicode look-alikes such as Cyrillic ``х``) is a :class:`ParseError`.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

from gradstep.errors import InputError
from gradstep.i18n import message

MAX_LENGTH = 1000
MAX_DIGITS = 30
MAX_NAME = 24

SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4",
    "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-",
}  # fmt: skip
SYMBOLS = {"−": "-", "–": "-", "·": "*", "×": "*", "∙": "*", "÷": "/", "π": "pi"}
SINGLE = set("+-*/^()|,")


class ParseError(InputError):
    """Text that is not a formula gradstep accepts: says where (column, caret) and why.

    ``str(err)`` is one line in English (for the CLI); ``err.message(lang)`` is that line in
    ``lang`` (``"en"`` or ``"vi"``); ``err.caret`` is the text with a ``^`` under the
    column; ``err.hint`` is how to fix it (``err.hint_in(lang)`` in ``lang``);
    ``err.details(lang)`` is all of it. ``err.key`` names the catalogue entry
    (``calculus.parse.<key>``), ``None`` for a reason given as plain text.
    """

    def __init__(
        self,
        text: str,
        column: int,
        reason: str,
        hint: str = "",
        key: str | None = None,
        fields: dict[str, object] | None = None,
    ) -> None:
        self.text, self.column, self.reason, self.hint = text, column, reason, hint
        self.key, self.fields = key, dict(fields or {})
        self.caret = f"{text}\n{' ' * max(column - 1, 0)}^" if len(text) <= 200 else ""
        super().__init__(self.message("en"))

    def reason_in(self, lang: str = "en") -> str:
        """Why the text was refused, in ``lang``."""
        if self.key is None:
            return self.reason
        return message(f"calculus.parse.{self.key}", lang, **self.fields)

    def hint_in(self, lang: str = "en") -> str:
        """How to fix it, in ``lang``."""
        if self.key is None:
            return self.hint
        return message(f"calculus.parse.hint_{self.key}", lang, **self.fields)

    def message(self, lang: str = "en") -> str:
        """One line in ``lang``: the reason, the column, the hint."""
        where = message("calculus.parse.where", lang, column=self.column)
        hint = self.hint_in(lang)
        return f"{self.reason_in(lang)} ({where})" + (f"; {hint}" if hint else "")

    def details(self, lang: str = "en") -> str:
        """The full message: the reason, the text with a caret under the column, the hint."""
        return "\n".join(filter(None, [self.message(lang), self.caret]))

    def __reduce__(self) -> tuple[object, ...]:  # picklable (it crosses process boundaries)
        return (
            type(self),
            (self.text, self.column, self.reason, self.hint, self.key, self.fields),
        )


@dataclass(frozen=True)
class Token:
    kind: str  # "num", "name", "op", "sup", "end"
    text: str
    column: int  # 1-based


def _error(text: str, column: int, key: str, **fields: object) -> ParseError:
    return ParseError(
        text,
        column,
        message(f"calculus.parse.{key}", "en", **fields),
        message(f"calculus.parse.hint_{key}", "en", **fields),
        key,
        fields,
    )


def _read_while(text: str, i: int, accept: object) -> int:
    while i < len(text) and accept(text[i]):  # type: ignore[operator]
        i += 1
    return i


def _digit(c: str) -> bool:
    return c in "0123456789"


def _number(text: str, i: int) -> tuple[Token, int]:
    end = _read_while(text, i, _digit)
    if text[end : end + 1] == "." and _digit(text[end + 1 : end + 2] or "x"):
        end = _read_while(text, end + 1, _digit)
    exponent = re.match(r"[eE][+-]?\d+(?!\.)", text[end:])
    if exponent:  # scientific notation, as in Python: 1e3, 2.5e-3 (1e-3x is 0.001·x)
        end += exponent.end()
    if text[end : end + 1] == "." and _digit(text[end + 1 : end + 2] or "x"):
        raise _error(text, end + 1, "bad_number")  # 1.5.2
    raw = text[i:end]
    if len(raw) > MAX_DIGITS:
        raise _error(text, i + 1, "too_many_digits", limit=MAX_DIGITS)
    return Token("num", "0" + raw if raw.startswith(".") else raw, i + 1), end


def _name(text: str, i: int) -> tuple[Token, int]:
    end = _read_while(text, i, lambda c: c.isascii() and (c.isalnum() or c == "_"))
    name = text[i:end]
    if "__" in name or name.startswith("_") or name.endswith("_"):
        raise _error(text, i + 1, "dunder", name=name)
    if len(name) > MAX_NAME:
        raise _error(text, i + 1, "long_name", limit=MAX_NAME)
    if keyword.iskeyword(name):  # "import os", "return x", "None": code, not a formula
        raise _error(text, i + 1, "keyword", name=name)
    return Token("name", name, i + 1), end


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens; raise :class:`ParseError` on any character not allowed."""
    if len(text) > MAX_LENGTH:
        raise _error(text[:80] + "…", 1, "too_long", limit=MAX_LENGTH, length=len(text))
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
        elif _digit(c) or (c == "." and _digit(text[i + 1 : i + 2] or "x")):
            token, i = _number(text, i)
            tokens.append(token)
        elif c.isascii() and (c.isalpha() or c == "_"):
            token, i = _name(text, i)
            tokens.append(token)
        elif text.startswith("**", i):
            tokens.append(Token("op", "^", i + 1))
            i += 2
        elif c in SINGLE:
            tokens.append(Token("op", c, i + 1))
            i += 1
        elif c in SYMBOLS:
            mapped = SYMBOLS[c]
            tokens.append(Token("name" if mapped == "pi" else "op", mapped, i + 1))
            i += 1
        elif c in SUPERSCRIPTS:
            end = _read_while(text, i, lambda ch: ch in SUPERSCRIPTS)
            digits = "".join(SUPERSCRIPTS[ch] for ch in text[i:end])
            if not digits.lstrip("-").isdigit() or digits.count("-") > 1:
                raise _error(text, i + 1, "bad_superscript")
            tokens.append(Token("sup", digits, i + 1))
            i = end
        else:
            key = "attribute" if c == "." else "lookalike" if c.isalpha() else "bad_char"
            raise _error(text, i + 1, key, char=c, code=f"U+{ord(c):04X}")
    tokens.append(Token("end", "", len(text) + 1))
    return tokens
