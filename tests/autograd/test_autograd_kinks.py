"""Kink conventions: one documented value per op where the derivative does not exist, and
``explain`` says (in English and Vietnamese) when one was used, and when none was."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

import gradstep as gs


def _grads(f: Callable[..., gs.Tensor], *values: list[float] | float) -> list[np.ndarray]:
    leaves = [gs.tensor(v, requires_grad=True) for v in values]
    f(*leaves).sum().backward()
    return [leaf.grad.numpy() for leaf in leaves]


def test_relu_derivative_at_zero_is_zero() -> None:
    (g,) = _grads(gs.relu, [-1.0, 0.0, 2.0])
    assert g.tolist() == [0.0, 0.0, 1.0]


def test_abs_derivative_at_zero_is_zero() -> None:
    (g,) = _grads(gs.abs, [-1.5, 0.0, 2.0])
    assert g.tolist() == [-1.0, 0.0, 1.0]


def test_leaky_relu_derivative_at_zero_is_the_negative_slope() -> None:
    (g,) = _grads(lambda x: gs.leaky_relu(x, 0.2), [-1.0, 0.0, 3.0])
    np.testing.assert_array_equal(g, [0.2, 0.2, 1.0])


@pytest.mark.parametrize("op", [gs.maximum, gs.minimum], ids=["maximum", "minimum"])
def test_maximum_and_minimum_share_a_tie_half_and_half(op: Callable) -> None:
    ga, gb = _grads(op, [1.0, 2.0, 3.0], [1.0, 5.0, 0.0])
    win_a = [0.0, 0.0, 1.0] if op is gs.maximum else [0.0, 1.0, 0.0]
    assert ga.tolist() == [0.5, *win_a[1:]]
    assert gb.tolist() == [0.5, *(1.0 - np.array(win_a[1:]))]


def test_maximum_tie_with_a_python_scalar_gives_the_tensor_half() -> None:
    (g,) = _grads(lambda x: gs.maximum(x, 0.0), [0.0, -1.0, 1.0])
    assert g.tolist() == [0.5, 0.0, 1.0]


@pytest.mark.parametrize(
    ("op", "values", "expected"),
    [
        (gs.max, [1.0, 3.0, 3.0, 2.0], [0.0, 0.5, 0.5, 0.0]),
        (gs.min, [1.0, 3.0, 1.0, 1.0], [1 / 3, 0.0, 1 / 3, 1 / 3]),
        (gs.max, [7.0], [1.0]),
    ],
)
def test_max_and_min_reductions_share_ties_equally(
    op: Callable, values: list[float], expected: list[float]
) -> None:
    (g,) = _grads(op, values)
    np.testing.assert_allclose(g, expected, rtol=0, atol=1e-15)


def test_max_reduction_ties_are_shared_per_row_along_an_axis() -> None:
    x = gs.tensor([[2.0, 2.0, 1.0], [0.0, 5.0, 4.0]], requires_grad=True)
    gs.max(x, axis=1).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[0.5, 0.5, 0.0], [0.0, 1.0, 0.0]])


def test_clip_on_a_bound_passes_half_the_gradient() -> None:
    (g,) = _grads(lambda x: gs.clip(x, -1.0, 1.0), [-2.0, -1.0, 0.0, 1.0, 2.0])
    assert g.tolist() == [0.0, 0.5, 1.0, 0.5, 0.0]


def test_kink_conventions_hold_in_float32_too() -> None:
    x = gs.tensor([0.0, 1.0], dtype=gs.float32, requires_grad=True)
    (gs.relu(x) + gs.abs(x) + gs.clip(x, 0.0, 1.0)).sum().backward()
    assert x.grad.dtype == gs.float32
    assert x.grad.numpy().tolist() == [0.5, 2.5]


# --------------------------------------------------------------------------- explain
KINKED = [
    ("relu", lambda x: gs.relu(x), "relu′(0) = 0", "relu′(0) = 0"),
    ("abs", lambda x: gs.abs(x), "|x| has no derivative at 0", "|x| không có đạo hàm tại 0"),
    ("leaky_relu", lambda x: gs.leaky_relu(x), "negative slope", "hệ số góc âm"),
    ("maximum", lambda x: gs.maximum(x, 0.0), "shared equally", "chia đều"),
    ("minimum", lambda x: gs.minimum(x, 0.0), "shared equally", "chia đều"),
    ("clip", lambda x: gs.clip(x, 0.0, 1.0), "bound", "biên"),
    ("max", lambda x: gs.max(gs.stack([x, x])), "tie for the max", "lớn nhất"),
    ("min", lambda x: gs.min(gs.stack([x, x])), "tie for the min", "nhỏ nhất"),
]


@pytest.mark.parametrize(("name", "f", "en", "vi"), KINKED, ids=[k[0] for k in KINKED])
def test_explain_reports_the_kink_hit_in_english_and_vietnamese(
    name: str, f: Callable, en: str, vi: str
) -> None:
    x = gs.tensor(0.0, requires_grad=True, name="x")
    out = f(x).sum()
    english, vietnamese = gs.explain(out), gs.explain(out, lang="vi")
    assert len(english.kinks) == 1 and en in english.kinks[0]
    assert len(vietnamese.kinks) == 1 and vi in vietnamese.kinks[0]
    assert any(line.strip().startswith("kink:") and en in line for line in english.lines)
    assert any(line.strip().startswith("điểm gãy:") for line in vietnamese.lines)
    assert [s.op for s in english.steps if s.kink] == [name]


@pytest.mark.parametrize(("name", "f", "en", "vi"), KINKED, ids=[k[0] for k in KINKED])
def test_explain_reports_no_kink_away_from_the_kink(
    name: str, f: Callable, en: str, vi: str
) -> None:
    x = gs.tensor(0.3, requires_grad=True, name="x")
    out = f(x).sum()
    if name in ("max", "min"):  # distinct elements: no tie
        out = (gs.max if name == "max" else gs.min)(gs.stack([x, x * 2.0]))
    english, vietnamese = gs.explain(out), gs.explain(out, lang="vi")
    assert english.kinks == [] and vietnamese.kinks == []
    assert english.lines[-1] == "No kink was hit: every derivative used exists."
    assert vietnamese.lines[-1].startswith("Không gặp điểm gãy nào")


def test_explain_does_not_call_a_smooth_zero_a_kink() -> None:
    x = gs.tensor(0.0, requires_grad=True)
    report = gs.explain((gs.sin(x) * x + gs.sigmoid(x)).sum())
    assert report.kinks == []


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_a_tensor_exponent_of_zero_gives_the_base_a_zero_gradient(dtype: str) -> None:
    # a**0 = 1 is constant in a, so d/da = 0 even at a = 0 (not 0 * 0**-1 = nan)
    a = gs.tensor([0.0, 2.0, -3.0], requires_grad=True, dtype=dtype)
    b = gs.tensor([0.0, 0.0, 2.0], requires_grad=True, dtype=dtype)
    (a**b).sum().backward()
    assert a.grad.tolist() == [0.0, 0.0, -6.0] and a.grad.dtype == np.dtype(dtype)
    # d/db a^b = a^b ln a where a > 0 (ln 2 at a = 2, b = 0); 0 by convention where a <= 0
    assert b.grad.tolist() == pytest.approx([0.0, np.log(2.0), 0.0], rel=1e-6)


def test_a_zero_tensor_exponent_keeps_second_derivatives_finite() -> None:
    a = gs.tensor([0.0, 2.0], requires_grad=True)
    b = gs.tensor([0.0, 3.0], requires_grad=True)
    (ga,) = gs.gradients([(a**b).sum()], [a], create_graph=True)
    assert ga.tolist() == [0.0, 12.0]  # 3·2²
    (h,) = gs.gradients([ga.sum()], [a])
    assert h.tolist() == [0.0, 12.0]  # 3·2·2


def test_max_of_values_with_a_nan_sends_the_gradient_to_the_nan() -> None:
    x = gs.tensor([[1.0, float("nan"), 3.0], [1.0, 2.0, 2.0]], requires_grad=True)
    m = x.max(axis=1)
    assert np.isnan(m.tolist()[0]) and m.tolist()[1] == 2.0
    m.sum().backward()
    assert x.grad.tolist() == [[0.0, 1.0, 0.0], [0.0, 0.5, 0.5]]


def test_clip_takes_array_and_tensor_bounds() -> None:
    x = gs.tensor([1.0, -1.0, 0.2, 0.5], requires_grad=True)
    y = gs.clip(x, np.array([0.0, 0.0, 0.0, 0.0]), gs.tensor([0.5, 0.5, 0.5, 0.5]))
    assert y.tolist() == [0.5, 0.0, 0.2, 0.5]
    y.sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 1.0, 0.5]  # ½ on the bound, as with number bounds
    with pytest.raises(ValueError, match="greater than"):
        gs.clip(x, [1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 1.0, 1.0])


def test_clip_bounds_that_require_grad_receive_their_share() -> None:
    # clip(x, lo, hi) = min(max(x, lo), hi): the bound that is active takes the gradient
    x = gs.tensor([1.0, -1.0, 0.2], requires_grad=True)
    lo = gs.tensor([0.0, 0.0, 0.0], requires_grad=True)
    hi = gs.tensor(0.5, requires_grad=True)
    y = gs.clip(x, lo, hi)
    assert y.tolist() == [0.5, 0.0, 0.2]
    (y * gs.tensor([1.0, 2.0, 3.0])).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 3.0]
    assert lo.grad.tolist() == [0.0, 2.0, 0.0]
    assert hi.grad.item() == 1.0
