"""The names the parser knows: functions (with their number of arguments) and constants.

Anything else followed by ``(`` is an unknown function (rejected); any other name is a
real variable (``x``, ``y``, ``w1``, ``b``, ``theta``).
"""

from __future__ import annotations

from collections.abc import Callable

import sympy

from gradstep.calculus.functions import relu, sigmoid, softplus

CONSTANTS: dict[str, sympy.Expr] = {"e": sympy.E, "pi": sympy.pi}


def _log(x: sympy.Expr, base: sympy.Expr | None = None) -> sympy.Expr:
    return sympy.log(x) if base is None else sympy.log(x) / sympy.log(base)


_ONE: dict[str, Callable[..., sympy.Expr]] = {
    "exp": sympy.exp,
    "ln": sympy.log,
    "sqrt": sympy.sqrt,
    "abs": sympy.Abs,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "sec": sympy.sec,
    "csc": sympy.csc,
    "cot": sympy.cot,
    "asin": sympy.asin,
    "acos": sympy.acos,
    "atan": sympy.atan,
    "asec": sympy.asec,
    "acsc": sympy.acsc,
    "acot": sympy.acot,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "tanh": sympy.tanh,
    "asinh": sympy.asinh,
    "acosh": sympy.acosh,
    "atanh": sympy.atanh,
    "sigmoid": sigmoid,
    "relu": relu,
    "softplus": softplus,
    "sign": sympy.sign,
    "step": sympy.Heaviside,
    "heaviside": sympy.Heaviside,
}
for _name in ("sin", "cos", "tan", "sec", "csc", "cot"):
    _ONE[f"arc{_name}"] = _ONE[f"a{_name}"]
for _name in ("sinh", "cosh", "tanh"):
    _ONE[f"arc{_name}"] = _ONE[f"ar{_name}"] = _ONE[f"a{_name}"]

FUNCTIONS: dict[str, Callable[..., sympy.Expr]] = {
    **_ONE,
    "log": _log,
    "max": sympy.Max,
    "min": sympy.Min,
}

_ARITY = {"log": (1, 2), "max": (2, 8), "min": (2, 8)}


def check_arity(name: str, count: int) -> str:
    """'' when ``count`` arguments suit ``name``, else the expected count in words."""
    low, high = _ARITY.get(name, (1, 1))
    if low <= count <= high:
        return ""
    return str(low) if low == high else f"{low} to {high}"
