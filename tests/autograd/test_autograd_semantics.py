"""Engine semantics: .grad accumulation and clearing, no_grad, the optimizer's in-place
idiom, retain_graph, create_graph, in-place edits detected, clear errors, deep graphs."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import gradstep as gs
from gradstep.errors import DTypeError, GradientError, GradstepError, InPlaceError, ShapeError


# ------------------------------------------------------------------- .grad and seeds
def test_grad_is_a_tensor_of_the_parameter_shape_and_dtype() -> None:
    w = gs.tensor(np.ones((2, 3), dtype=np.float32), requires_grad=True)
    (w * 3.0).sum().backward()
    assert isinstance(w.grad, gs.Tensor)
    assert w.grad.shape == (2, 3) and w.grad.dtype == gs.float32
    assert not w.grad.requires_grad
    np.testing.assert_array_equal(w.grad.numpy(), np.full((2, 3), 3.0))


def test_grad_accumulates_across_backward_calls() -> None:
    x = gs.tensor([1.0, -2.0], requires_grad=True)
    (x**2).sum().backward()
    (3.0 * x).sum().backward()
    assert x.grad.tolist() == [2.0 + 3.0, -4.0 + 3.0]


def test_setting_grad_to_none_clears_it() -> None:
    x = gs.tensor(2.0, requires_grad=True)
    (x**2).backward()
    x.grad = None
    (x**3).backward()
    assert x.grad.item() == 12.0


def test_grad_of_a_broadcast_parameter_is_summed_back_to_its_shape() -> None:
    b = gs.tensor([1.0, 2.0, 3.0], requires_grad=True)
    s = gs.tensor(5.0, requires_grad=True)
    (gs.ones((4, 3)) * b + s).sum().backward()
    assert b.grad.tolist() == [4.0, 4.0, 4.0]
    assert s.grad.shape == () and s.grad.item() == 12.0


def test_a_value_used_twice_gets_both_contributions() -> None:
    x = gs.tensor(3.0, requires_grad=True)
    (x * x + x).backward()  # d/dx (x² + x) = 2x + 1
    assert x.grad.item() == 7.0


def test_backward_with_a_seed_gradient_on_a_non_scalar_output() -> None:
    x = gs.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (x**2).backward(gs.tensor([1.0, 0.0, -1.0]))
    assert x.grad.tolist() == [2.0, 0.0, -6.0]


def test_backward_seed_is_copied_not_aliased() -> None:
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    seed = np.array([1.0, 1.0])
    (x * 1.0).backward(seed)
    x.grad.data[0] = 99.0  # must not write through to the caller's array
    assert seed.tolist() == [1.0, 1.0]


def test_backward_on_a_non_scalar_without_a_seed_is_a_clear_error() -> None:
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(GradientError, match=r"shape \(2,\), not a single number.*\.sum\(\)"):
        (x * 2.0).backward()


def test_backward_with_a_seed_of_the_wrong_shape_names_both_shapes() -> None:
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(ShapeError, match=r"\(3,\).*\(2,\)"):
        (x * 2.0).backward(np.ones(3))


def test_backward_on_a_tensor_without_a_graph_is_a_clear_error() -> None:
    with pytest.raises(GradientError, match="does not require grad"):
        gs.tensor(1.0).backward()


def test_retain_grad_keeps_the_gradient_of_an_intermediate() -> None:
    x = gs.tensor(2.0, requires_grad=True)
    h = (x * 3.0).retain_grad()
    (h**2).backward()
    assert h.grad.item() == 12.0 and x.grad.item() == 36.0


def test_gradients_returns_tensors_and_leaves_grad_untouched() -> None:
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    y = gs.tensor(3.0, requires_grad=True)
    gx, gy = gs.gradients([(x * y).sum()], [x, y])
    assert gx.tolist() == [3.0, 3.0] and gy.item() == 3.0
    assert x.grad is None and y.grad is None


def test_mixed_float32_and_float64_promote_values_but_keep_each_grad_dtype() -> None:
    a = gs.tensor([1.0, 2.0], dtype=gs.float32, requires_grad=True)
    b = gs.tensor([3.0, 4.0], dtype="float64", requires_grad=True)
    out = (a * b).sum()
    assert out.dtype == gs.float64  # NumPy's promotion
    out.backward()
    assert a.grad.dtype == gs.float32 and b.grad.dtype == gs.float64
    assert a.grad.tolist() == [3.0, 4.0] and b.grad.tolist() == [1.0, 2.0]


def test_numpy_arrays_keep_their_dtype_when_dtype_is_none() -> None:
    assert gs.tensor(np.zeros(2, dtype=np.float32)).dtype == gs.float32
    assert gs.tensor([1.0]).dtype == gs.float64
    assert gs.tensor([1.0], dtype=np.float32).dtype == gs.float32


# --------------------------------------------------------------- no_grad and updates
def test_no_grad_records_nothing() -> None:
    w = gs.tensor([1.0], requires_grad=True)
    with gs.no_grad():
        y = w * 2.0
        assert not gs.is_grad_enabled()
    assert gs.is_grad_enabled()
    assert not y.requires_grad and y.is_leaf
    with pytest.raises(GradientError):
        y.sum().backward()


def test_sgd_step_in_place_inside_no_grad_keeps_the_same_leaf() -> None:
    w = gs.tensor([1.0, -2.0], dtype=gs.float32, requires_grad=True)
    before = w
    (w**2).sum().backward()
    with gs.no_grad():
        w -= 0.1 * w.grad
    w.grad = None
    assert w is before and w.requires_grad and w.is_leaf and w.grad is None
    assert w.dtype == gs.float32
    np.testing.assert_allclose(w.numpy(), [0.8, -1.6], rtol=1e-6)
    (w**2).sum().backward()  # the updated leaf trains on
    np.testing.assert_allclose(w.grad.numpy(), [1.6, -3.2], rtol=1e-6)


@pytest.mark.parametrize("op", ["-=", "+=", "*=", "/="])
def test_in_place_update_of_a_grad_leaf_outside_no_grad_is_a_clear_error(op: str) -> None:
    w = gs.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(InPlaceError, match=r"in-place update of a leaf.*no_grad"):
        exec(f"w {op} 0.5", {}, {"w": w})
    assert w.tolist() == [1.0, 2.0]


def test_item_assignment_into_a_grad_leaf_outside_no_grad_is_a_clear_error() -> None:
    w = gs.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(InPlaceError, match="no_grad"):
        w[0] = 5.0
    with gs.no_grad():
        w[0] = 5.0
    assert w.tolist() == [5.0, 2.0]


def test_numpy_view_of_a_graph_tensor_is_read_only() -> None:
    w = gs.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(ValueError):
        w.numpy()[0] = 3.0


def test_in_place_on_a_non_leaf_outside_no_grad_rebinds_and_keeps_gradients_right() -> None:
    a = gs.tensor([1.0, 2.0], requires_grad=True)
    b = a * 2.0
    c = b * b
    b += 1.0  # out of place: c still saw the old b
    c.sum().backward()
    assert a.grad.tolist() == [8.0, 16.0]  # d/da (2a)² = 8a


def test_no_grad_is_restored_after_an_exception_and_enable_grad_overrides_it() -> None:
    w = gs.tensor([1.0], requires_grad=True)
    with pytest.raises(KeyError), gs.no_grad():
        raise KeyError("boom")
    assert gs.is_grad_enabled()
    with gs.no_grad(), gs.enable_grad():
        assert (w * 2.0).requires_grad


def test_no_grad_is_per_thread() -> None:
    seen: list[bool] = []
    with gs.no_grad():
        worker = threading.Thread(target=lambda: seen.append(gs.is_grad_enabled()))
        worker.start()
        worker.join()
    assert seen == [True]


# ----------------------------------------------------- in-place edits of saved values
def test_changing_a_saved_leaf_after_the_graph_saved_it_is_detected() -> None:
    w = gs.tensor([1.0, 2.0], requires_grad=True)
    loss = (w * w).sum()
    with gs.no_grad():
        w -= 0.1
    with pytest.raises(InPlaceError, match=r"input 0 \(2,\) of 'mul' was changed in place"):
        loss.backward()


def test_changing_a_saved_output_in_place_is_detected() -> None:
    x = gs.tensor([0.5, 1.0], requires_grad=True)
    y = gs.exp(x)  # exp's rule uses its output
    with gs.no_grad():
        y *= 2.0
    with pytest.raises(InPlaceError, match="'exp'"):
        y.sum().backward()


def test_item_assignment_into_a_saved_tensor_is_detected() -> None:
    x = gs.tensor([0.5, 1.0], requires_grad=True)
    loss = (gs.sin(x)).sum()
    with gs.no_grad():
        x[1] = 0.0
    with pytest.raises(InPlaceError, match="changed in place"):
        loss.backward()


def test_an_update_after_backward_does_not_disturb_the_next_step() -> None:
    w = gs.tensor([1.0, 2.0], requires_grad=True)
    for _ in range(3):
        loss = (w * w).sum()
        loss.backward()
        with gs.no_grad():
            w -= 0.25 * w.grad
        w.grad = None
    assert w.tolist() == [0.125, 0.25]


# -------------------------------------------------------- retain_graph, create_graph
def test_second_backward_through_a_freed_graph_is_a_clear_error() -> None:
    x = gs.tensor(2.0, requires_grad=True)
    y = gs.exp(x) * x
    y.backward()
    with pytest.raises(GradientError, match=r"already freed.*retain_graph=True"):
        y.backward()


def test_a_retained_graph_still_detects_an_update_between_backwards() -> None:
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    with gs.no_grad():
        x += 1.0
    with pytest.raises(InPlaceError):
        y.backward()


def test_a_shared_subgraph_freed_by_one_backward_is_a_clear_error_for_the_next() -> None:
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    y = gs.exp(x)
    first, second = y.sum(), (y * 3.0).sum()
    first.backward()
    with pytest.raises(GradientError, match="already freed"):
        second.backward()


def test_retain_graph_allows_a_second_backward() -> None:
    x = gs.tensor(2.0, requires_grad=True)
    y = x**3
    y.backward(retain_graph=True)
    y.backward()
    assert x.grad.item() == 2 * 12.0


def test_create_graph_gives_a_differentiable_grad_for_higher_derivatives() -> None:
    x = gs.tensor(2.0, requires_grad=True)
    (x**4).backward(create_graph=True)
    first = x.grad
    assert first.item() == 32.0 and first.requires_grad  # 4x³
    x.grad = None
    first.backward(create_graph=True)
    second = x.grad
    assert second.item() == 48.0  # 12x²
    x.grad = None
    second.backward()
    assert x.grad.item() == 48.0  # 24x


def test_gradients_with_create_graph_give_the_hessian_row_by_row() -> None:
    p = gs.tensor([1.0, 2.0], requires_grad=True)
    f = p[0] ** 2 * p[1] + p[1] ** 3
    (g,) = gs.gradients([f], [p], create_graph=True)
    rows = [gs.gradients([g[i]], [p], retain_graph=True)[0].tolist() for i in range(2)]
    assert rows == [[4.0, 2.0], [2.0, 12.0]]  # [[2y, 2x], [2x, 6y]]


# -------------------------------------------------------------------------- errors
def test_requires_grad_on_an_integer_tensor_is_a_dtype_error() -> None:
    with pytest.raises(DTypeError, match=r"floating dtype, got int64"):
        gs.tensor([1, 2], requires_grad=True)
    with pytest.raises(DTypeError):
        gs.tensor([1, 2]).requires_grad_()


def test_matmul_inner_dimension_mismatch_names_the_op_and_both_shapes() -> None:
    with pytest.raises(ShapeError) as info:
        gs.zeros((32, 10)) @ gs.zeros((5, 3))
    assert str(info.value).startswith(
        "matmul: (32, 10) @ (5, 3) — inner dimensions 10 and 5 differ"
    )


def test_matmul_of_a_scalar_is_a_clear_error() -> None:
    with pytest.raises(ShapeError, match=r"matmul: \(\) @ \(3,\)"):
        gs.tensor(2.0) @ gs.ones(3)


@pytest.mark.parametrize(
    ("name", "f"),
    [
        ("add", lambda a, b: a + b),
        ("mul", lambda a, b: a * b),
        ("sub", lambda a, b: a - b),
        ("div", lambda a, b: a / b),
        ("maximum", gs.maximum),
        ("where", lambda a, b: gs.where(True, a, b)),
    ],
)
def test_broadcast_failure_names_the_op_and_both_shapes(name: str, f) -> None:
    a = gs.zeros((2, 3), requires_grad=True)
    with pytest.raises(ShapeError) as info:
        f(a, gs.zeros((4,)))
    message = str(info.value)
    assert message.startswith(f"{name}") and "(2, 3)" in message and "(4,)" in message
    assert "broadcast" in message


def test_bad_axis_names_the_op_and_the_valid_range() -> None:
    with pytest.raises(ShapeError, match=r"sum: axis 2 is out of range.*2 dimension"):
        gs.ones((2, 3)).sum(axis=2)


def test_every_engine_error_is_a_gradstep_error() -> None:
    for exc in (ShapeError, GradientError, InPlaceError, DTypeError):
        assert issubclass(exc, GradstepError)


# ----------------------------------------------------------------------- deep graphs
def test_a_chain_of_five_thousand_ops_backpropagates_without_recursion() -> None:
    x = gs.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(2500):
        y = y * 1.0001 + 0.0  # 5000 ops
    y.backward()
    assert x.grad.item() == pytest.approx(1.0001**2500, rel=1e-12)


def test_a_deep_chain_of_unary_ops_works_through_grad_too() -> None:
    def f(x: gs.Tensor) -> gs.Tensor:
        for _ in range(5000):
            x = gs.tanh(x)
        return x

    g = gs.grad(f)(0.1)
    # d/dx of tanh∘…∘tanh: the product of 1 − tanh² at each step (checked in NumPy)
    value, expected = 0.1, 1.0
    for _ in range(5000):
        value = np.tanh(value)
        expected *= 1.0 - value**2
    assert g.item() == pytest.approx(expected, rel=1e-9)


def test_in_place_edit_through_a_detached_alias_is_detected() -> None:
    x = gs.tensor([0.5, 1.0], requires_grad=True)
    y = gs.exp(x)  # exp's rule uses its output
    alias = y.detach()
    alias += 1.0
    with pytest.raises(InPlaceError):
        y.sum().backward()


def test_in_place_edit_of_the_original_is_seen_by_a_graph_that_saved_its_detached_copy() -> None:
    w = gs.tensor([0.5, 1.0], requires_grad=True)
    x = gs.tensor([2.0, 3.0])
    frozen = x.detach()
    y = (w * frozen).sum()  # mul's rule needs frozen's values
    x += 1.0  # the same memory
    with pytest.raises(InPlaceError):
        y.backward()


@pytest.mark.parametrize(
    "view",
    [
        lambda a: a[:2],  # basic slicing
        lambda a: a[::2],
        lambda a: a.reshape(3, 1),
        lambda a: a.T,
        lambda a: a[None],
        lambda a: gs.broadcast_to(a, (2, 3)),
    ],
)
def test_in_place_edit_of_a_tensor_is_seen_by_a_graph_that_saved_a_view_of_it(view) -> None:
    w = gs.tensor([0.5, 1.0, 2.0], requires_grad=True)
    a = gs.tensor([2.0, 3.0, 4.0])
    v = view(a)  # NumPy returns a view: v shares a's memory
    y = (w[: v.shape[-1]] * v).sum()
    a += 1.0  # changes v's values, which mul saved
    with pytest.raises(InPlaceError):
        y.backward()


def test_in_place_edit_through_a_view_is_seen_by_a_graph_that_saved_its_base() -> None:
    w = gs.tensor([0.5, 1.0], requires_grad=True)
    a = gs.tensor([2.0, 3.0])
    y = (w * a).sum()
    v = a[:1]
    v *= 10.0  # a[0] is now 20
    with pytest.raises(InPlaceError):
        y.backward()


def test_in_place_edit_of_a_grad_leaf_is_seen_through_its_sliced_view() -> None:
    w = gs.tensor([0.5, 1.0, 2.0], requires_grad=True)
    head = w[:2]
    y = (head * head).sum()
    with gs.no_grad():
        w -= 0.1  # the optimizer idiom, but before backward
    with pytest.raises(InPlaceError):
        y.backward()


def test_a_copy_made_by_integer_indexing_is_not_an_alias() -> None:
    w = gs.tensor([0.5, 1.0], requires_grad=True)
    a = gs.tensor([2.0, 3.0])
    picked = a[[1, 0]]  # advanced indexing copies
    y = (w * picked).sum()
    a += 1.0
    y.backward()
    assert w.grad.tolist() == [3.0, 2.0]


def test_detach_of_a_detached_tensor_keeps_the_first_memory_owner() -> None:
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    twice = x.detach().detach()  # was a "truth value is ambiguous" error
    assert twice.tolist() == [1.0, 2.0] and not twice.requires_grad
    y = (x * x).sum()
    twice += 1.0  # the same memory as x
    with pytest.raises(InPlaceError):
        y.backward()


def test_no_grad_and_enable_grad_work_as_decorators() -> None:
    w = gs.tensor([1.0, 2.0], requires_grad=True)

    @gs.no_grad()
    def frozen(x: gs.Tensor) -> gs.Tensor:
        return x * 2.0

    @gs.no_grad
    def frozen_bare(x: gs.Tensor) -> gs.Tensor:
        return x * 2.0

    @gs.enable_grad()
    def recorded(x: gs.Tensor) -> gs.Tensor:
        return x * 2.0

    assert gs.is_grad_enabled()  # decorating changes nothing
    assert not frozen(w).requires_grad and not frozen_bare(w).requires_grad
    assert frozen(w).tolist() == [2.0, 4.0]
    with gs.no_grad():
        assert recorded(w).requires_grad
        assert not gs.is_grad_enabled()
    assert gs.is_grad_enabled()


def test_set_grad_enabled_switches_at_once_as_a_block_and_as_a_decorator() -> None:
    w = gs.tensor(1.0, requires_grad=True)
    try:
        gs.set_grad_enabled(False)
        assert not gs.is_grad_enabled() and not (w * 2.0).requires_grad
        gs.set_grad_enabled(True)
        assert gs.is_grad_enabled() and (w * 2.0).requires_grad
        with gs.set_grad_enabled(False):
            assert not (w * 2.0).requires_grad
        assert gs.is_grad_enabled()

        @gs.set_grad_enabled(False)
        def frozen(x: gs.Tensor) -> gs.Tensor:
            return x * 2.0

        assert gs.is_grad_enabled()
        assert not frozen(w).requires_grad and gs.is_grad_enabled()
    finally:
        gs.set_grad_enabled(True)


def test_ops_that_save_nothing_can_be_walked_twice_as_in_pytorch() -> None:
    x = gs.tensor([1.0, 2.0], requires_grad=True)
    h = (x * 2.0 + 1.0).reshape(2, 1)[:, 0]  # mul by a number, add, reshape, index: no saves
    h.sum().backward()
    (h * h).sum().backward()  # through h again: 2h·2 = 4(2x + 1)
    assert x.grad.tolist() == [2.0 + 12.0, 2.0 + 20.0]
    y = gs.exp(h).sum()  # exp saves its output: freed by the first walk
    y.backward()
    with pytest.raises(GradientError, match="'exp' was already freed"):
        y.backward()
