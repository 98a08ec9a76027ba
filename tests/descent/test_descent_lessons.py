"""The lessons' worked examples of gradient descent come out exactly."""

from __future__ import annotations

import numpy as np
import pytest

from gradstep.descent import descend, sweep


def test_x_squared_from_70_first_step_lands_on_56_with_step_14():
    run = descend("x^2", 70, learning_rate=0.1, steps=5)
    assert run.points[0, 0] == 70.0
    assert run.gradients[0, 0] == pytest.approx(140.0)
    assert run.points[1, 0] == pytest.approx(56.0, abs=1e-12)
    assert run.step_sizes[0] == pytest.approx(14.0, abs=1e-12)
    assert run.values[0] == pytest.approx(4900.0)


def test_x_squared_steps_shrink_with_the_slope():
    run = descend("x^2", 70, learning_rate=0.1)
    # step = η·|f'(x)| = 0.1·2|x| = 0.2|x| at every point, so steps shrink by 0.8 each time
    np.testing.assert_allclose(run.step_sizes, 0.2 * np.abs(run.points[:-1, 0]), rtol=1e-12)
    np.testing.assert_allclose(run.step_sizes[1:] / run.step_sizes[:-1], 0.8, rtol=1e-9)
    np.testing.assert_allclose(run.points[:, 0], 70 * 0.8 ** np.arange(len(run.points)), rtol=1e-9)


@pytest.mark.parametrize(("x", "step"), [(5.6, 1.12), (0.7, 0.14)])
def test_x_squared_step_near_the_lessons_points(x, step):
    run = descend("x^2", x, learning_rate=0.1, steps=1)
    assert run.step_sizes[0] == pytest.approx(step, abs=1e-12)
    assert run.gradients[0, 0] == pytest.approx(2 * x)


def test_bowl_from_6_9_first_step_lands_on_4_8_7_2_and_converges_to_origin():
    run = descend("x^2 + y^2", {"x": 6, "y": 9}, learning_rate=0.1)
    np.testing.assert_allclose(run.points[1], [4.8, 7.2], atol=1e-12)
    np.testing.assert_allclose(run.gradients[0], [12.0, 18.0])
    assert run.verdict == "converged"
    np.testing.assert_allclose(run.points[-1], [0.0, 0.0], atol=1e-6)


def test_sweep_on_x_squared_crawls_converges_and_blows_up():
    result = sweep("x^2", 70, [0.001, 0.1, 1.1])
    slow, good, big = result.runs
    assert slow.verdict == "max_steps" and slow.steps_taken == 1000
    assert 0 < slow.final_point["x"] < 70  # still making progress towards 0
    assert good.verdict == "converged" and good.final_point["x"] == pytest.approx(0, abs=1e-6)
    assert big.verdict == "diverged"
    assert "growing amplitude" in big.reason
    assert abs(big.final_point["x"]) > 1e10


def test_learning_rate_1_1_flips_sign_and_grows_by_1_2():
    run = descend("x^2", 70, learning_rate=1.1, steps=10)
    np.testing.assert_allclose(run.points[:, 0], 70 * (-1.2) ** np.arange(11), rtol=1e-12)
    assert run.verdict == "diverged"
    assert "×1.2" in run.reason


def test_steps_to_converge_match_the_geometric_rate():
    # x_k = 70·0.8^k; at rest when |f'(x_k)| = 1.6·0.8^(k-1)·... ≤ tol: count independently
    tol, k, x = 1e-6, 0, 70.0
    previous_step = 0.0
    while not (abs(2 * x) <= tol and previous_step <= tol):
        previous_step = 0.2 * abs(x)
        x *= 0.8
        k += 1
    assert descend("x^2", 70, 0.1, tol=tol).steps_taken == k
    assert sweep("x^2", 70, [0.1], tol=tol).runs[0].steps_taken == k
