"""The replayed formula gives the engine's values and gradients bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from gradstep.descent import make_objective
from gradstep.descent.compiled import compile_expression
from gradstep.descent.replay import NotReplayable, Replay

FORMULAS = [
    "x^2 + 10 y^2",
    "(1 - x)^2 + 100 (y - x^2)^2",
    "|x| + x*y - y",
    "exp(x) + exp(-x) + y^2 + z^2",
    "x^4 - 3x^2 + x",
    "sigmoid(x) - relu(y) + log(x^2 + 1)",
    "sqrt(x^2 + 1) / (y^2 + 2) - 2^x",
    "-x*y*z + sin(x) cos(y) tanh(z)",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_replay_matches_the_engine_bit_for_bit_at_other_points_and_widths(formula):
    objective = make_objective(formula)
    n = len(objective.variables)
    rng = np.random.default_rng(0)
    replay = objective.evaluator(rng.normal(size=(n, 7)))
    assert isinstance(replay, Replay)
    for width in (50, 3, 1):  # the batch shrinks as runs stop
        points = rng.normal(size=(n, width)) * 3
        f, g = replay(points)
        f_engine, g_engine = objective.value_and_grad(points)
        np.testing.assert_array_equal(f, f_engine)
        np.testing.assert_array_equal(g, g_engine)


def test_a_formula_with_an_op_that_is_not_elementwise_uses_the_engine():
    objective = make_objective("atan(x) + y^2")  # the bridge's atan: not replayed
    points = np.ones((2, 4))
    assert objective.evaluator(points) == objective.value_and_grad


def test_python_functions_and_single_runs_use_the_engine():
    objective = make_objective(lambda x: x * x)
    assert objective.evaluator(np.ones((1, 4))) == objective.value_and_grad
    formula = make_objective("x^2")
    assert formula.evaluator(np.ones((1, 1))) == formula.value_and_grad


def test_recording_refuses_a_batch_of_one():
    with pytest.raises(NotReplayable):
        Replay.record(lambda x: x * x, np.ones((1, 1)))


def test_an_input_the_formula_ignores_gets_a_zero_gradient():
    x = sympy.Symbol("x")
    replay = Replay.record(compile_expression(x**2, ["x", "y"]), np.ones((2, 3)))
    f, g = replay(np.array([[1.0, 2.0, 3.0], [5.0, 6.0, 7.0]]))
    assert f.tolist() == [1.0, 4.0, 9.0]
    assert g.tolist() == [[2.0, 4.0, 6.0], [0.0, 0.0, 0.0]]
