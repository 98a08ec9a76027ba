"""Edge cases the spec table's random draws do not reach: numerical stability at extreme
inputs, special exponents, every indexing form, in-place work on ``.grad``, dtypes of
Python-scalar mixes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import gradstep as gs

EXTREME = np.array([1000.0, 0.0, -1000.0, 30.0, -30.0])


# ----------------------------------------------------------------- numerical stability
@pytest.mark.parametrize(
    ("name", "ours", "theirs"),
    [
        pytest.param("sigmoid", lambda x: gs.sigmoid(x), lambda t, x: t.sigmoid(x), id="sigmoid"),
        pytest.param(
            "softplus",
            lambda x: gs.softplus(x),
            lambda t, x: t.nn.functional.softplus(x),
            id="softplus",
        ),
        pytest.param("tanh", lambda x: gs.tanh(x), lambda t, x: t.tanh(x), id="tanh"),
        pytest.param(
            "softmax", lambda x: gs.softmax(x), lambda t, x: t.softmax(x, dim=-1), id="softmax"
        ),
        pytest.param(
            "log_softmax",
            lambda x: gs.log_softmax(x),
            lambda t, x: t.log_softmax(x, dim=-1),
            id="log_softmax",
        ),
        pytest.param(
            "logsumexp",
            lambda x: gs.logsumexp(x),
            lambda t, x: t.logsumexp(x, dim=0),
            id="logsumexp",
        ),
    ],
)
def test_extreme_inputs_give_finite_values_and_gradients_like_torch(
    name: str, ours: Any, theirs: Any, torch: Any
) -> None:
    x = gs.tensor(EXTREME, requires_grad=True)
    t = torch.tensor(EXTREME, requires_grad=True)
    weights = np.linspace(-1.0, 1.0, EXTREME.size)
    y, ty = ours(x), theirs(torch, t)
    (y * gs.tensor(weights[: y.size].reshape(y.shape))).sum().backward()
    (ty * torch.tensor(weights[: ty.numel()].reshape(ty.shape))).sum().backward()
    assert np.all(np.isfinite(y.numpy())) and np.all(np.isfinite(x.grad.numpy()))
    np.testing.assert_allclose(y.numpy(), ty.detach().numpy(), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(x.grad.numpy(), t.grad.numpy(), rtol=1e-10, atol=1e-300)


def test_cross_entropy_with_huge_logits_is_finite_and_exact() -> None:
    z = gs.tensor([[1000.0, -1000.0, 0.0], [0.0, 0.0, 0.0]], requires_grad=True)
    loss = gs.cross_entropy(z, [1, 2])
    loss.backward()
    assert loss.item() == pytest.approx((2000.0 + np.log(3.0)) / 2, rel=1e-15)
    third = 1.0 / 3.0
    expected = np.array([[1.0, -1.0, 0.0], [third, third, third - 1.0]]) / 2
    np.testing.assert_allclose(z.grad.numpy(), expected, rtol=1e-14, atol=1e-300)


def test_cross_entropy_matches_its_unfused_definition_and_accepts_float_labels() -> None:
    rng = np.random.default_rng(4)
    logits, labels = rng.standard_normal((5, 4)), np.array([0, 3, 3, 1, 2])
    fused_z, plain_z = gs.tensor(logits, requires_grad=True), gs.tensor(logits, requires_grad=True)
    fused = gs.cross_entropy(fused_z, labels.astype(np.float64))
    plain = -gs.log_softmax(plain_z, axis=1)[np.arange(5), labels].mean()
    fused.backward()
    plain.backward()
    assert fused.item() == pytest.approx(plain.item(), rel=1e-14)
    np.testing.assert_allclose(fused_z.grad.numpy(), plain_z.grad.numpy(), rtol=1e-12)


def test_cross_entropy_rejects_bad_targets_clearly() -> None:
    z = gs.zeros((2, 3))
    with pytest.raises(gs.errors.ShapeError, match=r"target 3 is not a class index.*0 to 2"):
        gs.cross_entropy(z, [0, 3])
    with pytest.raises(gs.errors.ShapeError, match=r"targets must be \(2,\)"):
        gs.cross_entropy(z, [0])


def test_logsumexp_ignores_minus_infinity_entries() -> None:
    x = gs.tensor([-np.inf, 0.0, np.log(3.0)], requires_grad=True)
    y = gs.logsumexp(x)
    y.backward()
    assert y.item() == pytest.approx(np.log(4.0), rel=1e-15)
    np.testing.assert_allclose(x.grad.numpy(), [0.0, 0.25, 0.75], rtol=1e-15)


# ------------------------------------------------------------------- powers
def test_x_to_the_zero_has_derivative_zero_everywhere_including_zero() -> None:
    x = gs.tensor([0.0, 2.0, -1.0], requires_grad=True)
    (x**0).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize(("n", "expected"), [(1, [1.0, 1.0]), (2, [0.0, 4.0]), (3, [0.0, 12.0])])
def test_integer_powers_at_zero_follow_the_power_rule(n: int, expected: list[float]) -> None:
    x = gs.tensor([0.0, 2.0], requires_grad=True)
    (x**n).sum().backward()
    assert x.grad.tolist() == expected


def test_power_with_a_tensor_exponent_uses_zero_for_d_by_db_at_nonpositive_base() -> None:
    a = gs.tensor([-2.0, 0.0, 2.0], requires_grad=True)
    b = gs.tensor([2.0, 2.0, 2.0], requires_grad=True)
    (a**b).sum().backward()
    assert a.grad.tolist() == [-4.0, 0.0, 4.0]
    assert b.grad.tolist()[:2] == [0.0, 0.0]
    assert b.grad.tolist()[2] == pytest.approx(4.0 * np.log(2.0), rel=1e-15)
    assert "ln a" in gs.explain((a**b).sum()).kinks[0]


# ----------------------------------------------------------------- indexing forms
INDEXES = {
    "newaxis_and_int": (None, slice(None), 1),
    "ellipsis_int_array_repeats": (Ellipsis, np.array([1, 1, 0])),
    "int_arrays_and_slice": (np.array([0, 0, 1]), slice(1, None)),
    "negative_ints": (np.array([-1, -2, -1]),),
    "int": (1,),
    "negative_step_free_slice": (slice(None, None, 2),),
}


@pytest.mark.parametrize("key", list(INDEXES))
def test_indexing_forms_match_torch_values_and_gradients(key: str, torch: Any) -> None:
    index = INDEXES[key]
    data = np.arange(12.0).reshape(2, 3, 2) / 7.0
    x = gs.tensor(data, requires_grad=True)
    t = torch.tensor(data, requires_grad=True)
    t_index = tuple(torch.as_tensor(i) if isinstance(i, np.ndarray) else i for i in index)
    y, ty = x[index], t[t_index]
    np.testing.assert_array_equal(y.numpy(), ty.detach().numpy())
    (y * y).sum().backward()
    (ty * ty).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), t.grad.numpy(), rtol=1e-15)


def test_indexing_with_a_boolean_tensor_from_a_comparison() -> None:
    x = gs.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = x[x > 2.0]
    (y * y).sum().backward()
    assert y.tolist() == [3.0, 4.0]
    assert x.grad.tolist() == [[0.0, 0.0], [6.0, 8.0]]


def test_indexing_with_a_list_and_an_integer_tensor_adds_repeats() -> None:
    x = gs.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (x[[0, 0, 2]].sum() + x[gs.tensor([2, 2])].sum()).backward()
    assert x.grad.tolist() == [2.0, 0.0, 3.0]


# ------------------------------------------------------------- matmul batch vectors
@pytest.mark.parametrize(
    ("a_shape", "b_shape"),
    [((3,), (2, 3, 4)), ((2, 4, 3), (3,)), ((1, 2, 3), (5, 3, 2)), ((3,), (3,))],
)
def test_matmul_with_vectors_and_broadcast_batches_matches_torch(
    a_shape: tuple, b_shape: tuple, torch: Any
) -> None:
    rng = np.random.default_rng(5)
    a_np, b_np = rng.standard_normal(a_shape), rng.standard_normal(b_shape)
    a, b = gs.tensor(a_np, requires_grad=True), gs.tensor(b_np, requires_grad=True)
    ta, tb = torch.tensor(a_np, requires_grad=True), torch.tensor(b_np, requires_grad=True)
    out, t_out = a @ b, ta @ tb
    np.testing.assert_allclose(out.numpy(), t_out.detach().numpy(), rtol=1e-12)
    w = rng.standard_normal(out.shape)
    (out * gs.tensor(w)).sum().backward()
    (t_out * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), ta.grad.numpy(), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(b.grad.numpy(), tb.grad.numpy(), rtol=1e-10, atol=1e-14)
    assert a.grad.shape == a_shape and b.grad.shape == b_shape


# ------------------------------------------------------------------ reductions
def test_var_with_ddof_one_matches_torch_unbiased_variance(torch: Any) -> None:
    data = np.array([[1.0, 4.0, 2.0], [0.5, -1.0, 3.0]])
    x, t = gs.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    gs.var(x, axis=1, ddof=1).sum().backward()
    torch.var(t, dim=1, correction=1).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), t.grad.numpy(), rtol=1e-13)


def test_tensor_methods_match_the_functions() -> None:
    data = np.arange(6.0).reshape(2, 3)
    x = gs.tensor(data)
    assert x.sum(axis=0).tolist() == data.sum(axis=0).tolist()
    assert x.mean(axis=1, keepdims=True).shape == (2, 1)
    assert x.max().item() == 5.0 and x.min(axis=1).tolist() == [0.0, 3.0]
    assert x.T.shape == (3, 2) and x.permute(1, 0).shape == (3, 2)
    assert x.reshape(3, 2).shape == (3, 2) and x.reshape((6,)).shape == (6,)
    assert x.unsqueeze(0).shape == (1, 2, 3) and x.unsqueeze(0).squeeze(0).shape == (2, 3)


# ------------------------------------------------------------- in-place on .grad
def test_grad_can_be_scaled_and_zeroed_in_place_inside_no_grad() -> None:
    w = gs.tensor([1.0, 2.0], requires_grad=True)
    b = gs.tensor([1.0, 2.0], requires_grad=True)
    w.sum().backward()  # the rule of sum broadcasts: .grad must still own its memory
    (b * 1.0).sum().backward()
    with gs.no_grad():
        w.grad *= 0.5  # e.g. gradient clipping
        b.grad.zero_()
    assert w.grad.tolist() == [0.5, 0.5] and b.grad.tolist() == [0.0, 0.0]


def test_grads_of_two_leaves_never_share_memory() -> None:
    a = gs.tensor([1.0, 2.0], requires_grad=True)
    b = gs.tensor([3.0, 4.0], requires_grad=True)
    c = gs.tensor([5.0, 6.0], requires_grad=True)
    (a + b + c).sum().backward()
    with gs.no_grad():
        a.grad *= 10.0
    assert b.grad.tolist() == [1.0, 1.0] and c.grad.tolist() == [1.0, 1.0]


# --------------------------------------------------------------- scalars and dtypes
@pytest.mark.parametrize(
    "f",
    [
        lambda x: gs.maximum(x, 0.0),
        lambda x: gs.minimum(0.5, x),
        lambda x: gs.where(x > 0.0, x, 0.0),
        lambda x: gs.where(x > 0.0, 1.0, x),
        lambda x: 1.0 - x / 3.0 + 2.0**x,
        lambda x: gs.clip(x, -0.5, 0.5) * 2,
        lambda x: gs.concatenate([x, gs.tensor([1.0], dtype=gs.float32)]),
    ],
)
def test_python_scalars_never_promote_a_float32_graph(f: Any) -> None:
    x = gs.tensor([0.25, -1.5], dtype=gs.float32, requires_grad=True)
    y = f(x)
    assert y.dtype == gs.float32
    y.sum().backward()
    assert x.grad.dtype == gs.float32
