"""Bad input to descend/sweep: clear InputErrors that say what and how to fix it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gradstep.calculus import ParseError
from gradstep.descent import descend, sweep
from gradstep.errors import InputError


@pytest.mark.parametrize("lr", [0, -0.1, math.nan, math.inf, "0.1", True])
def test_learning_rate_must_be_positive_and_finite(lr):
    with pytest.raises(InputError, match="learning rate"):
        descend("x^2", 1.0, lr)


@pytest.mark.parametrize("lrs", [[], [0.1, -1.0], [0.1, math.nan]])
def test_sweep_rejects_bad_learning_rates(lrs):
    with pytest.raises(InputError, match="learning rate"):
        sweep("x^2", 1.0, lrs)


def test_start_point_missing_a_variable():
    with pytest.raises(InputError, match="missing y"):
        descend("x^2 + y^2", {"x": 1.0}, 0.1)


def test_start_point_naming_an_unknown_variable():
    with pytest.raises(InputError, match=r"z.*not a variable.*x, y"):
        descend("x^2 + y^2", {"x": 1.0, "y": 2.0, "z": 3.0}, 0.1)


def test_single_number_for_two_variables():
    with pytest.raises(InputError, match="NAME=VALUE"):
        descend("x^2 + y^2", 1.0, 0.1)


@pytest.mark.parametrize("x0", [math.nan, math.inf, {"x": math.nan}, [math.inf]])
def test_start_point_must_be_finite(x0):
    with pytest.raises(InputError, match="finite"):
        descend("x^2", x0, 0.1)


def test_wrong_length_sequence():
    with pytest.raises(InputError, match="2 variables"):
        descend("x^2 + y^2", [1.0, 2.0, 3.0], 0.1)


def test_parser_errors_are_input_errors():
    with pytest.raises(ParseError):
        descend("x^^2", 1.0, 0.1)
    assert issubclass(ParseError, InputError)


@pytest.mark.parametrize(("steps", "tol"), [(-1, 1e-6), (2.5, 1e-6), (10, -1.0), (10, math.nan)])
def test_steps_and_tolerance_are_checked(steps, tol):
    with pytest.raises(InputError):
        descend("x^2", 1.0, 0.1, steps=steps, tol=tol)


def test_sweep_with_a_function_that_does_not_broadcast_says_how_to_fix_it():
    def f(x):
        return (x**2).sum()

    with pytest.raises(InputError, match="elementwise"):
        sweep(f, 1.0, [0.1, 0.2])


def test_function_returning_a_number_is_explained():
    with pytest.raises(InputError, match="must return a Tensor"):
        descend(lambda x: "no", 1.0, 0.1)


def test_zero_steps_returns_the_start_only():
    run = descend("x^2", 3.0, 0.1, steps=0)
    assert run.steps_taken == 0
    np.testing.assert_allclose(run.points, [[3.0]])
    assert run.verdict in {"max_steps", "converged"}


def test_to_dict_has_exactly_the_documented_keys_and_round_trips_json():
    import json

    run = descend("x^2 + y^2", {"x": 6, "y": 9}, 0.1, steps=3)
    data = run.to_dict()
    assert list(data) == [
        "expression",
        "optimizer",
        "learning_rate",
        "verdict",
        "reason",
        "steps_taken",
        "path",
        "values",
        "gradients",
        "final",
    ]
    assert data["path"][1] == pytest.approx({"x": 4.8, "y": 7.2})
    assert data["gradients"][0] == {"x": 12.0, "y": 18.0}
    assert set(data["final"]) == {"point", "value"}
    assert json.loads(json.dumps(data)) == data
    result = sweep("x^2", 70, [0.1, 1.1]).to_dict()
    assert list(result) == ["runs"]
    assert list(result["runs"][0]) == ["learning_rate", "verdict", "steps_taken", "final"]


def test_diverged_run_to_dict_holds_infinite_values_without_crashing():
    run = descend("exp(x^2)", 3.0, 1.0)
    assert run.verdict == "diverged"
    assert isinstance(run.to_dict()["final"]["value"], float)


def test_more_steps_than_anyone_can_wait_for_is_an_input_error():
    with pytest.raises(InputError, match="at most"):
        descend("x^2", 1.0, 0.1, steps=10**20)


def test_long_runs_keep_every_step_of_the_history():
    # x ← (1 − 2η)·x for x²: the whole path is known in closed form, across the point
    # where the history has to make room (1024 rows)
    run = descend("x^2", 70.0, 0.001, steps=3000, tol=0.0)
    assert run.steps_taken == 3000
    k = np.arange(3001)
    np.testing.assert_allclose(run.points[:, 0], 70.0 * 0.998**k, rtol=1e-11)
    np.testing.assert_allclose(run.gradients[:, 0], 140.0 * 0.998**k, rtol=1e-11)
    np.testing.assert_allclose(run.values, (70.0 * 0.998**k) ** 2, rtol=1e-11)


def test_a_huge_step_budget_costs_nothing_when_the_run_stops_early():
    run = descend("x^2", 70.0, 0.1, steps=10**9)
    assert run.verdict == "converged" and run.steps_taken < 100


def test_a_function_of_one_vector_gets_the_start_point_as_a_vector() -> None:
    """f(v) = v·v from (6, 9) with η = 0.1: v ← 0.8 v, the lesson's (4.8, 7.2); the same
    numbers as the function of two variables, and the sweep agrees run by run."""
    run = descend(lambda v: (v**2).sum(), np.array([6.0, 9.0]), 0.1, 200)
    assert run.variables == ("v[0]", "v[1]")
    assert run.to_dict()["path"][1] == pytest.approx({"v[0]": 4.8, "v[1]": 7.2})
    assert run.verdict == "converged"
    pair = descend(lambda x, y: x**2 + y**2, [6.0, 9.0], 0.1, 200)
    np.testing.assert_allclose(run.points, pair.points, rtol=0, atol=1e-15)
    rates = [0.001, 0.1, 1.1]
    vector = sweep(lambda v: (v**2).sum(), [6.0, 9.0], rates, steps=100)
    scalar = sweep(lambda x, y: x**2 + y**2, [6.0, 9.0], rates, steps=100)
    assert [r.verdict for r in vector.runs] == [r.verdict for r in scalar.runs]
    assert [r.steps_taken for r in vector.runs] == [r.steps_taken for r in scalar.runs]


@pytest.mark.parametrize(("text", "x0"), [("ln(x)", -1.0), ("1/x", 0.0), ("sqrt(x)", -4.0)])
def test_a_start_outside_the_domain_is_bad_input(text: str, x0: float) -> None:
    with pytest.raises(InputError, match="not defined at the start point"):
        descend(text, x0, 0.1, 10)
    with pytest.raises(InputError, match="không xác định"):
        sweep(text, x0, [0.1, 0.2], steps=10, lang="vi")
