"""Loss shapes, MSE vs MAE fits (with CSV data), and activation derivatives."""

from __future__ import annotations

import numpy as np
import pytest

from gradstep.descent.losses import activation_curves, compare_losses, load_csv, loss_shapes
from gradstep.errors import InputError


def test_loss_shape_slopes_are_2x_sign_and_zero():
    xs = np.array([-1.5, -0.5, 0.5, 1.5])
    square, absolute, step = loss_shapes(xs)
    np.testing.assert_allclose(square.slopes, 2 * xs)
    np.testing.assert_allclose(absolute.slopes, np.sign(xs))  # never shrink: always ±1
    np.testing.assert_allclose(step.values, [0, 0, 1, 1])
    np.testing.assert_allclose(step.slopes, 0)  # no useful derivative


def test_mse_converges_to_the_mean_mae_chatters_around_the_median():
    data = [1.0, 2.0, 2.5, 3.0, 9.0]
    cmp = compare_losses(data, learning_rate=0.1, steps=100)
    assert cmp.mse.optimum == pytest.approx(np.mean(data))
    assert cmp.mae.optimum == np.median(data)
    assert cmp.mse.run.verdict == "converged"
    assert cmp.mse.run.final_point["c"] == pytest.approx(3.5, abs=1e-5)
    mse_steps = cmp.mse.run.step_sizes
    assert np.all(mse_steps[1:] < mse_steps[:-1])  # MSE: steps shrink
    assert cmp.mae.run.verdict == "oscillating"
    tail = cmp.mae.run.step_sizes[-20:]
    np.testing.assert_allclose(tail, tail[0])  # MAE: equal steps ...
    assert abs(cmp.mae.run.final_point["c"] - 2.5) <= tail[0] + 1e-12  # ... around the median


def test_mae_gradient_of_a_constant_fit_is_the_mean_sign():
    data = np.array([1.0, 2.0, 4.0])
    run = compare_losses(list(data), steps=1, start=0.0).mae.run
    assert run.gradients[0, 0] == pytest.approx(np.mean(np.sign(0.0 - data)))


def test_line_fit_optimum_matches_least_squares():
    xs, ys = np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.1, 3.9, 6.2, 8.1])
    cmp = compare_losses((xs, ys), learning_rate=0.02, steps=400)
    expected = np.linalg.lstsq(xs[:, None], ys, rcond=None)[0][0]
    assert cmp.mse.optimum == pytest.approx(expected)
    assert cmp.mse.run.final_point["w"] == pytest.approx(expected, abs=1e-5)
    assert cmp.mse.model == "line"


def test_csv_one_column_with_header(tmp_path):
    path = tmp_path / "prices.csv"
    path.write_text("price\n1\n2\n2.5\n3\n9\n")
    np.testing.assert_allclose(load_csv(path), [1, 2, 2.5, 3, 9])
    cmp = compare_losses(csv_path=path)
    assert cmp.mae.optimum == 2.5


def test_csv_two_columns_fit_a_line(tmp_path):
    path = tmp_path / "xy.csv"
    path.write_text("x,y\n1,2\n2,4\n3,6\n")
    xs, ys = load_csv(path)
    np.testing.assert_allclose(ys, 2 * xs)
    assert compare_losses(csv_path=path, learning_rate=0.05).mse.optimum == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("a\n1\nxyz\n", "line 3: 'xyz'"),
        ("1,2\n3\n", "line 2: expected 2 column"),
        ("only,header\n", "no numbers"),
    ],
)
def test_csv_errors_name_the_line(tmp_path, text, match):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(InputError, match=match):
        load_csv(path)


def test_missing_csv_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        compare_losses(csv_path=tmp_path / "nope.csv")


def test_activation_derivatives_match_the_lesson():
    relu, sigmoid, tanh = activation_curves(np.array([-3.0, -1.0, 0.0, 1.0, 3.0]))
    np.testing.assert_allclose(relu.slopes, [0, 0, 0, 1, 1])  # 0 left, 1 right, 0 at the kink
    s = 1 / (1 + np.exp(-sigmoid.xs))
    np.testing.assert_allclose(sigmoid.slopes, s * (1 - s))
    assert sigmoid.slopes[2] == pytest.approx(0.25) and sigmoid.slopes.argmax() == 2
    np.testing.assert_allclose(tanh.slopes, 1 - np.tanh(tanh.xs) ** 2)
    assert tanh.slopes[2] == pytest.approx(1.0)
