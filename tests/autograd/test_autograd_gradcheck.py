"""``gradcheck``: passes correct gradients, catches wrong ones (a function whose autodiff
gradient differs from its numeric one), names the worst element, and reports kinks."""

from __future__ import annotations

import numpy as np
import pytest

import gradstep as gs


def smooth(x: gs.Tensor, y: gs.Tensor) -> gs.Tensor:
    return gs.tanh(x @ y) * gs.exp(-(y**2)).sum()


def detached_square(x: gs.Tensor) -> gs.Tensor:
    """x·x with one factor cut off the graph: autodiff says x, the true slope is 2x."""
    return (x.detach() * x).sum()


def test_gradcheck_passes_a_correct_gradient_of_several_inputs() -> None:
    rng = np.random.default_rng(0)
    result = gs.gradcheck(smooth, [rng.standard_normal((2, 3)), gs.tensor(rng.random(3))])
    assert result.ok and bool(result)
    assert result.checked == 6 + 3 + 3 + 3  # every element, plus 3 random directions each
    assert result.kinks == []
    assert result.worst is not None and result.worst.abs_error < 1e-8
    assert str(result).startswith("gradcheck passed")


def test_gradcheck_detects_a_wrong_gradient_and_names_the_worst_element() -> None:
    x = np.array([0.5, -1.0, 2.0])
    result = gs.gradcheck(detached_square, [x], directions=0)  # elements only
    assert not result.ok and not bool(result)
    worst = result.worst
    assert worst.input == 0 and worst.index == (2,)  # the largest |x| has the largest error
    assert worst.numeric == pytest.approx(2 * worst.analytic, rel=1e-6)
    assert worst.rel_error == pytest.approx(0.5, rel=1e-6)
    text = str(result)
    assert text.startswith("gradcheck FAILED") and "input 0 (2,)" in text


def test_gradcheck_detects_a_gradient_lost_through_numpy() -> None:
    def sin_times_x(x: gs.Tensor) -> gs.Tensor:
        return x * gs.tensor(np.sin(x.numpy()))  # sin(x) treated as a constant

    result = gs.gradcheck(sin_times_x, [gs.tensor([0.3, 1.1])])
    assert not result.ok
    assert abs(result.worst.numeric - result.worst.analytic) > 1e-3


def test_gradcheck_blames_the_input_whose_gradient_is_wrong() -> None:
    def f(x: gs.Tensor, y: gs.Tensor) -> gs.Tensor:
        return (x * y * y.detach()).sum()  # right for x, half the truth for y

    result = gs.gradcheck(f, [np.array([1.0, 2.0]), np.array([3.0, -4.0])])
    assert not result.ok and result.worst.input == 1


def test_gradcheck_reports_kinks_instead_of_failing_on_them() -> None:
    result = gs.gradcheck(lambda x: gs.abs(x).sum() + gs.relu(x).sum(), [np.array([0.0, 1.5])])
    assert result.ok
    assert [k.index for k in result.kinks if k.index != "direction"] == [(0,)]
    assert f"{len(result.kinks)} kink(s)" in str(result)
    assert result.to_dict()["kinks"] == len(result.kinks)


def test_gradcheck_does_not_fail_a_random_direction_through_a_kink() -> None:
    # relu is lopsided at 0: a direction through it has no derivative; it is a kink.
    for seed in range(5):
        assert gs.gradcheck(lambda x: gs.relu(x).sum(), [np.array([0.0, 1.5])], seed=seed).ok


def test_gradcheck_result_to_dict_has_stable_keys() -> None:
    data = gs.gradcheck(detached_square, [np.array([3.0])]).to_dict()
    assert set(data) == {"ok", "worst", "checked", "kinks"}
    assert set(data["worst"]) == {"input", "index", "analytic", "numeric", "abs_error", "rel_error"}
    assert data["ok"] is False and data["worst"]["index"] == [0]


def test_gradcheck_runs_in_float64_for_float32_inputs() -> None:
    x = gs.tensor([0.3, -0.7], dtype=gs.float32)
    assert gs.gradcheck(lambda t: (gs.sigmoid(t) * t).sum(), [x]).ok


def test_gradcheck_checks_a_non_scalar_output_through_a_random_weighting() -> None:
    assert gs.gradcheck(lambda x: gs.softmax(x, axis=-1), [np.array([[0.1, 0.5, -0.3]])]).ok
    bad = gs.gradcheck(lambda x: x * x.detach(), [np.array([[0.1, 0.5, -0.3]])])
    assert not bad.ok


def test_a_wrong_custom_primitive_fails_and_the_worst_element_is_named() -> None:
    from gradstep.autograd.ops._apply import apply1
    from gradstep.autograd.primitive import PRIMITIVES, primitive

    # a square whose rule says 3x (the true slope is 2x): the error grows with |x|
    name = "audit_wrong_square"
    bad = PRIMITIVES.get(name) or primitive(
        name, lambda c, x: x * x, lambda ops, c, g, out, x, needs: (g * 3.0 * x,), "wrong"
    )
    x = np.array([0.1, -0.2, 3.0])
    result = gs.gradcheck(lambda t: apply1(bad, t), [x])
    assert not result.ok
    assert result.worst is not None and result.worst.index == (2,)  # an element, not a direction
    assert result.worst.analytic == pytest.approx(1.5 * result.worst.numeric, rel=1e-6)
    assert "worst at input 0 (2,)" in str(result)
