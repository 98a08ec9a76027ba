"""Making tensors and reading them: creation functions, seeded randomness, dtypes by name,
properties, and clear errors for bad data."""

from __future__ import annotations

import numpy as np
import pytest

import gradstep as gs
from gradstep.errors import DTypeError


@pytest.mark.parametrize("dtype", [gs.float32, np.float32, "float32", np.dtype("float32")])
def test_dtypes_are_accepted_as_gradstep_numpy_or_string_names(dtype: object) -> None:
    assert gs.tensor([1.0], dtype=dtype).dtype == gs.float32
    assert gs.zeros(2, dtype=dtype).dtype == gs.float32


def test_an_unknown_dtype_name_is_a_clear_error() -> None:
    with pytest.raises(DTypeError, match=r"unknown dtype 'floot32'.*gs.float32"):
        gs.tensor([1.0], dtype="floot32")


def test_creation_functions_give_numpy_equal_values_and_float64_by_default() -> None:
    assert gs.zeros((2, 3)).numpy().tolist() == np.zeros((2, 3)).tolist()
    assert gs.ones(3).dtype == gs.float64 and gs.ones(3).tolist() == [1.0, 1.0, 1.0]
    assert gs.full((2,), 7.5).tolist() == [7.5, 7.5]
    assert gs.arange(0.0, 1.0, 0.25).tolist() == [0.0, 0.25, 0.5, 0.75]
    assert gs.linspace(0.0, 1.0, 5).tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    np.testing.assert_array_equal(gs.eye(3).numpy(), np.eye(3))
    assert gs.zeros_like(gs.ones(2, dtype=gs.float32)).dtype == gs.float32


def test_creation_with_requires_grad_makes_trainable_leaves() -> None:
    w = gs.ones((2,), dtype=gs.float32, requires_grad=True)
    assert w.requires_grad and w.is_leaf and w.grad is None
    (w * 3.0).sum().backward()
    assert w.grad.tolist() == [3.0, 3.0]


def test_seeded_random_tensors_are_reproducible() -> None:
    assert gs.randn(2, 3, seed=1).tolist() == gs.randn((2, 3), seed=1).tolist()
    assert gs.Generator(4).rand(5).tolist() == gs.Generator(4).rand(5).tolist()
    assert gs.randn(3, seed=1).tolist() != gs.randn(3, seed=2).tolist()
    gs.manual_seed(9)
    first = gs.randn(3).tolist()
    gs.manual_seed(9)
    assert gs.randn(3).tolist() == first
    u = gs.rand(1000, seed=0).numpy()
    assert u.min() >= 0.0 and u.max() < 1.0 and abs(u.mean() - 0.5) < 0.05
    assert gs.Generator(0).randn(4, dtype=gs.float32).dtype == gs.float32


def test_tensor_properties_and_conversions() -> None:
    data = np.arange(6.0).reshape(2, 3)
    x = gs.tensor(data)
    assert x.shape == (2, 3) and x.ndim == 2 and x.dtype == gs.float64 and x.size == 6
    assert x.T.numpy().tolist() == data.T.tolist()
    assert x.numpy().tolist() == data.tolist()
    assert gs.tensor([[2.5]]).item() == 2.5 and isinstance(gs.tensor(2).item(), int)
    assert float(gs.tensor(1.5)) == 1.5 and len(x) == 2


def test_tensor_copies_its_input_data() -> None:
    data = np.array([1.0, 2.0])
    x = gs.tensor(data)
    data[0] = 99.0
    assert x.tolist() == [1.0, 2.0]


def test_detach_keeps_values_and_drops_the_graph() -> None:
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    y = (x * 2.0).detach()
    assert y.tolist() == [2.0, 4.0] and not y.requires_grad and y.is_leaf


def test_item_of_many_elements_and_truth_of_a_vector_are_clear_errors() -> None:
    with pytest.raises(ValueError, match=r"2 elements, shape \(2,\).*\.sum\(\)"):
        gs.tensor([1.0, 2.0]).item()
    with pytest.raises(ValueError, match="ambiguous"):
        bool(gs.tensor([1.0, 2.0]))


def test_bad_data_is_a_clear_error() -> None:
    with pytest.raises(DTypeError, match="Python objects"):
        gs.tensor(["a", None])
    with pytest.raises(ValueError, match="negative sizes"):
        gs.zeros((-1,))


def test_repr_shows_values_dtype_and_gradient_state() -> None:
    assert repr(gs.tensor([1.0, 2.0], requires_grad=True)) == (
        "tensor([1., 2.], requires_grad=True)"
    )
    assert "dtype=float32" in repr(gs.ones(2, dtype=gs.float32))
    assert "op=" in repr(gs.tensor([1.0], requires_grad=True) * 2.0)


def test_zeros_and_ones_take_sizes_as_separate_arguments_too() -> None:
    assert gs.zeros(2, 3).shape == (2, 3) and gs.ones(2, 3, 4).shape == (2, 3, 4)
    np.testing.assert_array_equal(gs.ones(2, 3).numpy(), np.ones((2, 3)))
    assert gs.zeros(2, 3, dtype="float32").dtype == np.float32
    assert gs.zeros((2, 3), gs.float32).dtype == np.float32  # dtype by position still works
    w = gs.ones((2,), None, True)
    assert w.requires_grad and w.shape == (2,)
    with pytest.raises(TypeError, match="not both"):
        gs.zeros((2, 3), 4)
