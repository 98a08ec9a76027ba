"""Each verdict on known cases: converged, diverged, oscillating, stalled, max_steps."""

from __future__ import annotations

import numpy as np
import pytest

import gradstep as gs
from gradstep.descent import descend, sweep

ROSENBROCK = "(1 - x)^2 + 100 (y - x^2)^2"


@pytest.mark.parametrize("lr", [0.05, 0.1, 0.3, 0.5, 0.9])
def test_x_squared_converges_for_stable_learning_rates(lr):
    run = descend("x^2", 70, lr)
    assert run.verdict == "converged"
    assert abs(run.final_point["x"]) < 1e-6


def test_x_squared_with_overshooting_rate_still_converges_and_says_so():
    run = descend("x^2", 70, 0.9)  # x ← −0.8·x: overshoots each time, still settles
    assert run.verdict == "converged"
    assert "overshoot" in run.reason


@pytest.mark.parametrize("lr", [1.05, 1.1, 1.5, 3.0])
def test_x_squared_diverges_above_the_edge_of_stability(lr):
    run = descend("x^2", 70, lr)
    assert run.verdict == "diverged"
    assert "growing amplitude" in run.reason
    assert "biên độ ngày càng lớn" in descend("x^2", 70, lr, lang="vi").reason


def test_x_squared_exactly_at_the_edge_oscillates():
    run = descend("x^2", 70, 1.0, steps=200)  # x ← −x forever
    assert run.verdict == "oscillating"
    np.testing.assert_allclose(np.abs(run.points[:, 0]), 70.0)


def test_small_rate_runs_out_of_steps_while_progressing():
    run = descend("x^2", 70, 0.001, steps=300)
    assert run.verdict == "max_steps"
    assert run.steps_taken == 300
    assert np.all(np.diff(run.values) < 0)


@pytest.mark.parametrize("x0", [0.75, 3.33, -2.0])
def test_absolute_value_with_fixed_step_oscillates_around_zero(x0):
    run = descend("|x|", x0, 0.1, steps=400)
    assert run.verdict == "oscillating"
    assert abs(run.final_point["x"]) <= 0.1 + 1e-12
    np.testing.assert_allclose(run.step_sizes[-20:], 0.1, rtol=1e-9)


def test_rosenbrock_converges_with_momentum():
    run = descend(ROSENBROCK, {"x": -1.5, "y": 2}, 0.001, steps=4000, optimizer="momentum")
    assert run.verdict == "converged"
    np.testing.assert_allclose(run.points[-1], [1.0, 1.0], atol=1e-4)


def test_rosenbrock_with_large_rate_diverges_without_crashing():
    run = descend(ROSENBROCK, {"x": -1.5, "y": 2}, 0.01)
    assert run.verdict == "diverged"
    assert run.steps_taken < 50


def test_rosenbrock_with_small_rate_is_still_going_when_steps_run_out():
    run = descend(ROSENBROCK, {"x": -1.5, "y": 2}, 0.0005, steps=500)
    assert run.verdict == "max_steps"


def test_narrow_bowl_at_the_edge_of_stability_oscillates_across_the_valley():
    # f = x² + 10y²: η = 0.1 gives y ← (1 − 0.1·20)·y = −y while x settles
    run = descend("x^2 + 10 y^2", {"x": 3.0, "y": 1.0}, 0.1, steps=400)
    assert run.verdict == "oscillating"
    np.testing.assert_allclose(np.abs(run.points[-10:, 1]), 1.0)


def test_maximum_stalls_and_is_not_called_converged():
    run = descend("-x^2", 0.0, 0.1)
    assert run.verdict == "stalled"
    assert "maximum" in run.reason
    assert "cực đại" in descend("-x^2", 0.0, 0.1, lang="vi").reason


def test_saddle_stalls_when_approached_along_its_stable_axis():
    run = descend("x^2 - y^2", {"x": 1.0, "y": 0.0}, 0.1)
    assert run.verdict == "stalled"
    assert "saddle" in run.reason
    assert abs(run.final_point["x"]) < 1e-5


def test_flat_inflection_stalls():
    run = descend("x^3", 0.0, 0.1)
    assert run.verdict == "stalled"
    assert "inflection" in run.reason


def test_monkey_saddle_with_zero_hessian_stalls():
    run = descend("x^3 - 3 x y^2", {"x": 0.0, "y": 0.0}, 0.1)
    assert run.verdict == "stalled"


@pytest.mark.parametrize(("f", "x0"), [("sigmoid(x)", -20.0), ("tanh(x)", 15.0), ("relu(x)", -3.0)])
def test_plateau_stalls(f, x0):
    run = descend(f, x0, 0.1)
    assert run.verdict == "stalled"
    assert "plateau" in run.reason


def test_constant_python_function_is_a_plateau():
    run = descend(lambda x: 0.0 * x + 5.0, 1.0, 0.1)
    assert run.verdict == "stalled"


@pytest.mark.parametrize(("f", "x0"), [("x^2", 0.0), ("(x - 3)^2 + 1", 3.0), ("|x|", 0.0)])
def test_starting_at_a_minimum_converges_in_zero_steps(f, x0):
    run = descend(f, x0, 0.1)
    assert run.verdict == "converged"
    assert run.steps_taken == 0


def test_local_minimum_of_a_double_well_converges():
    run = descend("x^4 - 2 x^2 + 0.5 x", 1.5, 0.01, steps=5000)
    assert run.verdict == "converged"
    assert run.gradients[-1, 0] == pytest.approx(0, abs=1e-6)


def test_nan_from_log_of_negative_is_a_diverged_result_not_a_crash():
    run = descend("log(x)", 0.05, 1.0)  # x ← 0.05 − 1/0.05 < 0: log is NaN there
    assert run.verdict == "diverged"
    assert "NaN" in run.reason


def test_unbounded_below_diverges_falling():
    run = descend("-x^2", 1.0, 0.1)
    assert run.verdict == "diverged"
    assert "−∞" in run.reason


def test_sweep_verdicts_equal_single_runs():
    rates = [0.0005, 0.01, 0.1, 0.5, 1.0, 1.1, 2.0]
    result = sweep("x^2 + 3 y^2", {"x": 2.0, "y": -1.0}, rates, steps=300)
    for lr, run in zip(rates, result.runs, strict=True):
        single = descend("x^2 + 3 y^2", {"x": 2.0, "y": -1.0}, lr, steps=300)
        assert run.verdict == single.verdict
        assert run.steps_taken == single.steps_taken
        if np.isfinite(single.final_value):
            assert run.final_value == pytest.approx(single.final_value, rel=1e-12, abs=1e-300)


def test_python_function_of_tensors_descends_like_the_formula():
    run = descend(lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2, [-1.5, 2.0], 0.0005, steps=50)
    ref = descend(ROSENBROCK, {"x": -1.5, "y": 2.0}, 0.0005, steps=50)
    np.testing.assert_allclose(run.points, ref.points, rtol=1e-12)
    assert run.variables == ("x", "y")


def test_python_function_using_engine_ops_in_a_sweep():
    def f(w):
        return gs.log(1 + gs.exp(-w)) + 0.05 * w**2

    result = sweep(f, 3.0, [0.1, 1.0, 100.0], steps=3000)
    assert [r.verdict for r in result.runs][:2] == ["converged", "converged"]
    assert result.runs[2].verdict in {"diverged", "oscillating"}


def test_slow_convergence_with_tiny_values_is_not_called_a_plateau():
    # f ≈ 6e-13 and shrinking by 1.5 % a step: still closing in on the minimum
    run = descend("x^2 + 10 y^2", {"x": 3.0, "y": 2.0}, 0.00752477, steps=1000)
    assert run.verdict in {"max_steps", "converged"}


def test_crawling_on_a_plateau_with_gradient_above_tol_stalls():
    run = descend("sigmoid(x)", -30.0, 0.1, steps=200, tol=0.0)
    assert run.verdict == "stalled"


@pytest.mark.parametrize(("f", "x0"), [("tanh(x)", 5.0), ("sigmoid(x)", 10.0), ("x^3", 1.0)])
def test_crawling_down_with_no_minimum_ahead_stalls_when_steps_run_out(f, x0):
    # tanh/sigmoid far out: a slope of 1e-4 that never ends in a minimum; x³ from 1:
    # x ← x − 0.3x², creeping towards the flat inflection at 0 (x ≈ 1/(0.3k))
    run = descend(f, x0, 0.1)
    assert run.steps_taken == 1000
    assert run.verdict == "stalled"
    assert "no minimum" in run.reason
    single = [descend(f, x0, lr).verdict for lr in (0.1, 0.2)]
    assert [r.verdict for r in sweep(f, x0, [0.1, 0.2]).runs] == single


def test_x_cubed_from_one_follows_its_closed_form_before_stalling():
    run = descend("x^3", 1.0, 0.1)
    x = 1.0
    for _ in range(1000):
        x -= 0.1 * 3 * x * x
    assert run.points[-1, 0] == pytest.approx(x, rel=1e-12)
    assert run.gradients[-1, 0] == pytest.approx(3 * x * x, rel=1e-12)


@pytest.mark.parametrize(
    ("f", "x0", "lr", "steps"),
    [
        ("x^4", 2.0, 0.01, 20000),  # gradient 6e-5 at the end, but the minimum is just ahead
        ("x^4 + y^4", {"x": 1.0, "y": 2.0}, 0.01, 5000),
        ("x^2 + 10 y^2", {"x": 3.0, "y": 2.0}, 0.00752477, 1000),
    ],
)
def test_slow_runs_with_a_minimum_ahead_are_still_max_steps(f, x0, lr, steps):
    run = descend(f, x0, lr, steps=steps)
    assert float(np.abs(run.gradients[-1]).max()) < 1e-3
    assert run.verdict in {"max_steps", "converged"}
