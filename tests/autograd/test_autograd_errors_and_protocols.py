"""Clear errors (op named, shapes or dtypes given) where NumPy would raise its own, and the
Python protocols a learner reaches for: ==, !=, format(), round()."""

from __future__ import annotations

import numpy as np
import pytest

import gradstep as gs
from gradstep.errors import DTypeError, GradstepError, ShapeError


@pytest.mark.parametrize("data", [[[1, 2], [3]], [[1.0, 2.0], [3.0]], [[1.0], [2.0, 3.0], [4.0]]])
def test_ragged_nested_lists_are_a_clear_error(data: list) -> None:
    with pytest.raises(ShapeError, match="ragged"):
        gs.tensor(data)
    with pytest.raises(ShapeError, match="ragged"):
        gs.tensor(data, requires_grad=True)


def test_strings_are_not_numbers() -> None:
    with pytest.raises(DTypeError, match="tensor: cannot make a tensor of <U3"):
        gs.tensor("abc")


def test_an_in_place_float_update_of_an_integer_tensor_is_a_clear_error() -> None:
    t = gs.tensor([1, 2])
    with pytest.raises(DTypeError, match=r"\+=: cannot update a int64 tensor \(2,\)"):
        t += 0.5
    assert t.tolist() == [1, 2]


def test_an_in_place_update_with_a_shape_that_does_not_fit_is_a_clear_error() -> None:
    t = gs.tensor([1.0, 2.0])
    with pytest.raises(ShapeError, match=r"\*=: cannot update a tensor of shape \(2,\)"):
        t *= np.ones(3)


@pytest.mark.parametrize(
    ("call", "pattern"),
    [
        (lambda: gs.tensor([1, 2]) ** -1, r"pow: cannot apply it to int64 \(2,\)"),
        (lambda: -gs.tensor([True, False]), r"neg: cannot apply it to bool \(2,\)"),
        (lambda: gs.tensor([1, 2]) ** gs.tensor([-1, 2]), r"power: .*int64 \(2,\) and int64"),
    ],
)
def test_numpy_failures_inside_an_op_name_the_op_and_operands(call, pattern: str) -> None:
    with pytest.raises(GradstepError, match=pattern):
        call()


@pytest.mark.parametrize("axis", [(0, 0), (1, -2), [0, 2, -1]])
def test_an_axis_named_twice_is_a_clear_error(axis: tuple) -> None:
    x = gs.ones((2, 3, 4))
    for reduce in (gs.sum, gs.mean, gs.max, gs.var, gs.logsumexp):
        with pytest.raises(ShapeError, match="names the same axis twice"):
            reduce(x, axis=axis)


@pytest.mark.parametrize("axis", [0, -1, (0,), (-1,)])
def test_a_scalar_takes_axis_0_or_minus_1_like_numpy(axis) -> None:
    for reduce, value, slope in [
        (gs.sum, 2.0, 1.0),
        (gs.mean, 2.0, 1.0),
        (gs.max, 2.0, 1.0),
        (gs.logsumexp, 2.0, 1.0),
        (gs.var, 0.0, 0.0),
    ]:
        x = gs.tensor(2.0, requires_grad=True)
        y = reduce(x, axis=axis)
        assert y.shape == () and y.item() == float(np.sum(np.array(value)))
        y.backward()
        assert x.grad.item() == slope
    x = gs.tensor(2.0, requires_grad=True)
    assert gs.softmax(x, axis=-1).item() == 1.0 and gs.log_softmax(x, axis=0).item() == 0.0
    assert x.squeeze(-1).shape == ()
    with pytest.raises(ShapeError, match="out of range"):
        gs.sum(x, axis=1)


def test_concatenating_scalars_is_a_clear_error_that_points_to_stack() -> None:
    with pytest.raises(ShapeError, match=r"concatenate: 0-d.*gs\.stack"):
        gs.concatenate([gs.tensor(1.0), gs.tensor(2.0)])


def test_indexing_with_an_empty_list_selects_nothing() -> None:
    x = gs.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = x[[]]
    assert y.shape == (0, 2)
    (y.sum() + x.sum()).backward()
    assert x.grad.tolist() == [[1.0, 1.0], [1.0, 1.0]]


def test_mean_over_an_empty_axis_has_an_empty_gradient() -> None:
    x = gs.ones((2, 0), requires_grad=True)
    with np.errstate(invalid="ignore"), pytest.warns(RuntimeWarning):
        y = x.mean(axis=1)  # NumPy's mean of nothing: nan, with its warning
    assert np.isnan(y.numpy()).all()
    y.sum().backward()
    assert x.grad.shape == (2, 0)


def test_equality_compares_elements_and_carries_no_gradient() -> None:
    a = gs.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = gs.tensor([1.0, 0.0, 3.0])
    eq, ne = a == b, a != b
    assert eq.tolist() == [True, False, True] and ne.tolist() == [False, True, False]
    assert not eq.requires_grad and eq.dtype == np.dtype(bool)
    assert (a == 2.0).tolist() == [False, True, False]
    assert (2.0 == a).tolist() == [False, True, False]  # noqa: SIM300 - the reflected side
    assert (a != np.array([1.0, 2.0, 0.0])).tolist() == [False, False, True]
    assert (a == None) is False  # noqa: E711 - identity, as in PyTorch
    assert a in [a] and len({a, b}) == 2  # hashing stays by identity


def test_format_and_round_of_a_one_element_tensor() -> None:
    loss = gs.tensor(0.123456, requires_grad=True)
    assert f"{loss:.3f}" == "0.123" and f"{gs.tensor([2.5]):.1f}" == "2.5"
    assert f"{gs.tensor([1.0, 2.0])}" == str(gs.tensor([1.0, 2.0]))
    assert round(gs.tensor(2.567), 2) == 2.57 and round(gs.tensor(2.5)) == 2
