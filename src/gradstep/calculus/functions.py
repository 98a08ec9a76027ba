"""The activation functions of deep learning as SymPy functions: relu, sigmoid, softplus.

Each is a real SymPy ``Function`` with its derivative rule (``fdiff``), so ``sympy.diff``
knows them and the tracer can name the rule it applies:

- relu(x) = max(0, x), relu′(x) = Heaviside(x) (undefined at 0; SymPy's H(0) = ½ is
  never shown as a value, the point is reported instead);
- sigmoid(x) = 1/(1 + e⁻ˣ), sigmoid′ = sigmoid·(1 − sigmoid);
- softplus(x) = ln(1 + eˣ), softplus′ = sigmoid.

:func:`to_elementary` rewrites them into exp/log/Max so that NumPy (lambdify) and any
SymPy can read the result.

>>> from typing import Any

from typing import Any

import sympy
>>> x = sympy.Symbol("x", real=True)
>>> sympy.diff(softplus(x), x)
sigmoid(x)
"""

from __future__ import annotations

from typing import Any

import sympy


def _latex_call(name: str, call: sympy.Function, printer: Any) -> str:
    return name + r"\left(" + printer._print(call.args[0]) + r"\right)"


class relu(sympy.Function):
    """max(0, x): the rectified linear unit."""

    nargs = 1

    @classmethod
    def eval(cls, arg: sympy.Expr) -> sympy.Expr | None:
        if arg.is_Number:
            return sympy.Max(0, arg)
        if arg.is_nonnegative:
            return arg
        if arg.is_nonpositive:
            return sympy.S.Zero
        return None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sympy.Heaviside(self.args[0])

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_rewrite_as_Max(self, arg: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return sympy.Max(0, arg)

    def _latex(self, printer: Any) -> str:
        return _latex_call(r"\operatorname{relu}", self, printer)


class sigmoid(sympy.Function):
    """σ(x) = 1/(1 + e⁻ˣ): the logistic function."""

    nargs = 1

    @classmethod
    def eval(cls, arg: sympy.Expr) -> sympy.Expr | None:
        if arg.is_zero:
            return sympy.Rational(1, 2)
        return None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sigmoid(self.args[0]) * (1 - sigmoid(self.args[0]))

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_real else None

    def _eval_rewrite_as_exp(self, arg: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return 1 / (1 + sympy.exp(-arg))

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        return (1 / (1 + sympy.exp(-self.args[0])))._eval_evalf(prec)

    def _latex(self, printer: Any) -> str:
        return _latex_call(r"\sigma", self, printer)


class softplus(sympy.Function):
    """ln(1 + eˣ): a smooth relu."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sigmoid(self.args[0])

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_real else None

    def _eval_rewrite_as_exp(self, arg: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return sympy.log(1 + sympy.exp(arg))

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        return sympy.log(1 + sympy.exp(self.args[0]))._eval_evalf(prec)

    def _latex(self, printer: Any) -> str:
        return _latex_call(r"\operatorname{softplus}", self, printer)


ACTIVATIONS = (relu, sigmoid, softplus)


def to_elementary(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with relu, sigmoid and softplus written with Max, exp and log.

    >>> x = sympy.Symbol("x", real=True)
    >>> to_elementary(sigmoid(x))
    1/(1 + exp(-x))
    """
    return (
        expr.replace(relu, lambda a: sympy.Max(0, a))
        .replace(sigmoid, lambda a: 1 / (1 + sympy.exp(-a)))
        .replace(softplus, lambda a: sympy.log(1 + sympy.exp(a)))
    )
