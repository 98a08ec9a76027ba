"""Symbolic calculus on SymPy: safe parsing, derivative steps, answer checking, extrema.

>>> from gradstep.calculus import derivative, parse
>>> parse("x^2 + 2x")
x**2 + 2*x
>>> str(derivative("(2x - 1 - 3)^2").result)
'8*x - 16'
"""

from gradstep.calculus.bridge import TensorFunction, to_tensor_function
from gradstep.calculus.check import AnswerCheck, check_answer
from gradstep.calculus.derivation import Derivation, derivative, gradient, hessian_matrix
from gradstep.calculus.extrema import CriticalPoint, CriticalPoints, critical_points
from gradstep.calculus.functions import relu, sigmoid, softplus
from gradstep.calculus.nondiff import NonDifferentiablePoint, nondifferentiable_points
from gradstep.calculus.parser import ParseError, parse
from gradstep.calculus.slope import Slope
from gradstep.calculus.tracer import Step

__all__ = [
    "AnswerCheck",
    "CriticalPoint",
    "CriticalPoints",
    "Derivation",
    "NonDifferentiablePoint",
    "ParseError",
    "Slope",
    "Step",
    "TensorFunction",
    "check_answer",
    "critical_points",
    "derivative",
    "gradient",
    "hessian_matrix",
    "nondifferentiable_points",
    "parse",
    "relu",
    "sigmoid",
    "softplus",
    "to_tensor_function",
]
