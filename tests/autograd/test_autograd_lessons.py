"""The lessons' worked numbers through the engine, and ``explain`` on the lessons' one-neuron
backprop example (∂L/∂w = ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂w), each number derived by hand below."""

from __future__ import annotations

import math

import numpy as np
import pytest

import gradstep as gs


def derivative(f, x: float) -> float:
    t = gs.tensor(x, requires_grad=True)
    f(t).backward()
    return t.grad.item()


@pytest.mark.parametrize(("x", "slope"), [(5.0, 10.0), (1.0, 2.0), (0.0, 0.0), (-3.0, -6.0)])
def test_slope_table_of_x_squared(x: float, slope: float) -> None:
    assert derivative(lambda t: t**2, x) == slope
    assert gs.grad(lambda t: t * t)(x).item() == slope


def test_slope_table_of_x_squared_vectorised() -> None:
    x = gs.tensor([5.0, 1.0, 0.0, -3.0], requires_grad=True)
    (x**2).sum().backward()
    assert x.grad.tolist() == [10.0, 2.0, 0.0, -6.0]


@pytest.mark.parametrize("x", [-2.0, 0.0, 1.5, 2.0, 3.0, 10.0])
def test_chain_rule_example_two_x_minus_four_squared_has_derivative_8x_minus_16(x: float) -> None:
    def composite(t: gs.Tensor) -> gs.Tensor:
        inner = 2.0 * t - 1.0  # f(x) = 2x − 1
        return (inner - 3.0) ** 2  # g(f) = (f − 3)²

    assert derivative(composite, x) == pytest.approx(8 * x - 16, abs=1e-12)
    assert derivative(lambda t: (2.0 * t - 4.0) ** 2, x) == pytest.approx(8 * x - 16, abs=1e-12)


def test_sigmoid_derivative_peaks_at_a_quarter_at_zero() -> None:
    xs = gs.tensor(np.linspace(-6.0, 6.0, 121), requires_grad=True)
    gs.sigmoid(xs).sum().backward()
    slopes = xs.grad.numpy()
    assert slopes[60] == 0.25 and xs.numpy()[60] == 0.0
    assert slopes.argmax() == 60
    assert slopes[0] < 0.0025 and slopes[-1] < 0.0025  # vanishes as |x| grows


def test_tanh_derivative_at_zero_is_one_and_vanishes_far_out() -> None:
    assert derivative(gs.tanh, 0.0) == 1.0
    assert derivative(gs.tanh, 5.0) < 2e-4


def test_relu_derivative_is_zero_left_of_zero_and_one_right() -> None:
    x = gs.tensor([-3.0, -0.5, -1e-9, 1e-9, 0.5, 3.0], requires_grad=True)
    gs.relu(x).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]


def test_power_rule_x_cubed_and_a_times_x_to_the_n() -> None:
    assert derivative(lambda t: t**3, 2.0) == 12.0  # 3x²
    assert derivative(lambda t: 5.0 * t**4, 2.0) == 160.0  # n·a·xⁿ⁻¹ = 4·5·8


def test_gradient_descent_first_step_on_x_squared_from_70() -> None:
    x = gs.tensor(70.0, requires_grad=True)
    (x**2).backward()
    assert x.grad.item() == 140.0
    with gs.no_grad():
        x -= 0.1 * x.grad
    assert x.item() == pytest.approx(56.0, abs=1e-12)


def test_two_d_bowl_first_step_from_six_nine_lands_on_four_eight_seven_two() -> None:
    p = gs.tensor([6.0, 9.0], requires_grad=True)
    (p**2).sum().backward()
    assert p.grad.tolist() == [12.0, 18.0]
    with gs.no_grad():
        p -= 0.1 * p.grad
    np.testing.assert_allclose(p.numpy(), [4.8, 7.2], rtol=1e-15)


# ------------------------------------------------------------ one neuron, by hand
X_IN, W, B, Y = 2.0, 0.5, 0.1, 1.0
Z = W * X_IN + B  # 1.1
Y_HAT = 1.0 / (1.0 + math.exp(-Z))  # σ(1.1) ≈ 0.750260
DL_DYHAT = 2.0 * (Y_HAT - Y)  # L = (ŷ − y)²
DYHAT_DZ = Y_HAT * (1.0 - Y_HAT)
DZ_DW = X_IN
DL_DW = DL_DYHAT * DYHAT_DZ * DZ_DW
DL_DB = DL_DYHAT * DYHAT_DZ


def one_neuron() -> tuple[gs.Tensor, gs.Tensor, gs.Tensor]:
    """wx = w·x, z = wx + b, ŷ = σ(z), L = (ŷ − y)²; nodes named as the lessons name them."""
    x = gs.tensor(X_IN, name="x")
    w = gs.tensor(W, requires_grad=True, name="w")
    b = gs.tensor(B, requires_grad=True, name="b")
    wx = w * x
    wx.name = "wx"
    z = wx + b
    z.name = "z"
    y_hat = gs.sigmoid(z)
    y_hat.name = "ŷ"
    loss = (y_hat - Y) ** 2
    loss.name = "L"
    return loss, w, b


def test_one_neuron_gradient_matches_the_hand_derived_chain_rule() -> None:
    loss, w, b = one_neuron()
    loss.backward()
    assert w.grad.item() == pytest.approx(DL_DW, rel=1e-14)
    assert b.grad.item() == pytest.approx(DL_DB, rel=1e-14)
    assert abs(DL_DW - -0.1871750) < 1e-7  # the number the lesson shows


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def _gradient(report: gs.Explanation, name: str) -> float:
    return float(next(step.gradient for step in report.steps if step.name == name))


def test_explain_one_neuron_prints_each_factor_of_the_chain_rule_with_numbers() -> None:
    loss, _, _ = one_neuron()
    report = gs.explain(loss)
    text = str(report)
    assert report.lines[0] == "Chain rule along the graph"
    assert "Start: ∂L/∂L = 1" in text
    assert f"z = add(wx, b) = {_fmt(Z)}" in text
    assert f"ŷ = sigmoid(z) = {_fmt(Y_HAT)}" in text
    dl_dz = DL_DYHAT * DYHAT_DZ
    assert f"∂L/∂z = ∂L/∂ŷ · ∂ŷ/∂z = {_fmt(DL_DYHAT)} · {_fmt(DYHAT_DZ)} = {_fmt(dl_dz)}" in text
    assert f"∂L/∂w = ∂L/∂wx · ∂wx/∂w = {_fmt(dl_dz)} · {_fmt(DZ_DW)} = {_fmt(DL_DW)}" in text
    assert f"∂L/∂b = ∂L/∂z · ∂z/∂b = {_fmt(dl_dz)} · 1 = {_fmt(DL_DB)}" in text
    assert report.lines[-1] == "No kink was hit: every derivative used exists."
    assert _gradient(report, "ŷ") == pytest.approx(DL_DYHAT, rel=1e-5)
    assert _gradient(report, "z") == pytest.approx(DL_DYHAT * DYHAT_DZ, rel=1e-5)
    assert _gradient(report, "w") == pytest.approx(DL_DW, rel=1e-5)
    assert _gradient(report, "b") == pytest.approx(DL_DB, rel=1e-5)
    product = next(step for step in report.steps if step.name == "wx")
    assert product.local == {"w": _fmt(X_IN)}  # x does not require grad: no local for it


def test_explain_one_neuron_in_vietnamese_uses_the_same_numbers() -> None:
    loss, _, _ = one_neuron()
    english, vietnamese = gs.explain(loss), gs.explain(loss, lang="vi")
    assert vietnamese.lines[0] == "Quy tắc chuỗi dọc theo đồ thị tính toán"
    assert f"w là đầu vào = {_fmt(W)}" in vietnamese.lines
    assert any(line.startswith("∂L/∂w = ∂L/∂wx · ∂wx/∂w = ") for line in vietnamese.lines)
    assert [s.gradient for s in vietnamese.steps] == [s.gradient for s in english.steps]
    assert vietnamese.lines[-1].startswith("Không gặp điểm gãy nào")
    assert vietnamese.to_dict()["lang"] == "vi" and english.to_dict()["root"] == "L"


def test_explain_keeps_the_graph_so_backward_still_works() -> None:
    loss, w, _ = one_neuron()
    gs.explain(loss)
    loss.backward()
    assert w.grad.item() == pytest.approx(DL_DW, rel=1e-14)


def test_explain_rejects_an_unknown_language_and_a_graphless_tensor() -> None:
    loss, _, _ = one_neuron()
    with pytest.raises(Exception, match="fr"):
        gs.explain(loss, lang="fr")
    with pytest.raises(ValueError, match="requires_grad=True"):
        gs.explain(gs.tensor(1.0))
