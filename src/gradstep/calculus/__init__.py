"""Symbolic calculus on SymPy: safe parsing, derivative steps, answer checking, extrema.

>>> from gradstep.calculus import parse
>>> parse("x^2 + 2x")
x**2 + 2*x
"""

from gradstep.calculus.bridge import TensorFunction, to_tensor_function
from gradstep.calculus.functions import relu, sigmoid, softplus
from gradstep.calculus.parser import ParseError, parse

__all__ = [
    "ParseError",
    "TensorFunction",
    "parse",
    "relu",
    "sigmoid",
    "softplus",
    "to_tensor_function",
]
