"""Functional transforms: grad, value_and_grad, jacobian, jvp, vjp, hessian, hvp — against
hand-derived derivatives and PyTorch, on every kind of argument, and nested."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import gradstep as gs
from gradstep.errors import GradientError

X0 = np.array([0.7, -1.3, 0.4])
V = np.array([0.5, 2.0, -1.0])


def cubic(x: gs.Tensor) -> gs.Tensor:
    """f(x) = x₀²·x₁ + sin(x₂)·x₀ + x₁³."""
    return x[0] ** 2 * x[1] + gs.sin(x[2]) * x[0] + x[1] ** 3


def cubic_gradient(x: np.ndarray) -> np.ndarray:
    return np.array(
        [2 * x[0] * x[1] + np.sin(x[2]), x[0] ** 2 + 3 * x[1] ** 2, np.cos(x[2]) * x[0]]
    )


def cubic_hessian(x: np.ndarray) -> np.ndarray:
    return np.array(
        [
            [2 * x[1], 2 * x[0], np.cos(x[2])],
            [2 * x[0], 6 * x[1], 0.0],
            [np.cos(x[2]), 0.0, -np.sin(x[2]) * x[0]],
        ]
    )


def tanh_square(x: gs.Tensor) -> gs.Tensor:
    """Σ tanh(x)²: H = diag(2 sech²x (1 − 3 tanh²x))."""
    return (gs.tanh(x) ** 2).sum()


def tanh_square_hessian(x: np.ndarray) -> np.ndarray:
    t = np.tanh(x)
    return np.diag(2 * (1 - t**2) * (1 - 3 * t**2))


ARGUMENTS = {
    "tensor": lambda a: gs.tensor(a),
    "tensor_requires_grad": lambda a: gs.tensor(a, requires_grad=True),
    "numpy": lambda a: np.array(a),
    "list": lambda a: list(a),
}
kinds = pytest.mark.parametrize("kind", list(ARGUMENTS))


@kinds
def test_grad_accepts_tensors_with_and_without_requires_grad_and_numpy(kind: str) -> None:
    arg = ARGUMENTS[kind](X0)
    g = gs.grad(cubic)(arg)
    assert isinstance(g, gs.Tensor) and g.shape == (3,) and g.dtype == gs.float64
    np.testing.assert_allclose(g.numpy(), cubic_gradient(X0), rtol=1e-13)
    if isinstance(arg, gs.Tensor):
        assert arg.grad is None  # transforms never write .grad


@kinds
def test_hessian_matches_the_analytic_hessian(kind: str) -> None:
    h = gs.hessian(cubic)(ARGUMENTS[kind](X0))
    assert isinstance(h, gs.Tensor) and h.shape == (3, 3)
    np.testing.assert_allclose(h.numpy(), cubic_hessian(X0), rtol=1e-13, atol=1e-15)


def test_hessian_of_sum_tanh_squared_matches_the_analytic_diagonal() -> None:
    h = gs.hessian(tanh_square)(X0)
    np.testing.assert_allclose(h.numpy(), tanh_square_hessian(X0), rtol=1e-12, atol=1e-15)


def test_hessian_of_the_lessons_saddle_and_bowl() -> None:
    def saddle(p: gs.Tensor) -> gs.Tensor:
        return p[0] ** 2 - p[1] ** 2

    def bowl(p: gs.Tensor) -> gs.Tensor:
        return p[0] ** 2 + p[1] ** 2

    assert gs.hessian(saddle)(gs.tensor([6.0, 9.0])).tolist() == [[2.0, 0.0], [0.0, -2.0]]
    assert gs.hessian(bowl)(gs.tensor([6.0, 9.0])).tolist() == [[2.0, 0.0], [0.0, 2.0]]


def test_hessian_of_a_scalar_function_of_a_scalar_is_the_second_derivative() -> None:
    h = gs.hessian(lambda x: x**4 - 3.0 * x)(2.0)
    assert h.shape == () and h.item() == pytest.approx(12 * 2.0**2, rel=1e-14)


def test_hessian_of_a_network_loss_matches_torch(torch: Any) -> None:
    rng = np.random.default_rng(3)
    w = rng.standard_normal(6)
    x = rng.standard_normal((4, 3))

    def loss(p: Any, lib: Any) -> Any:
        hidden = lib.tanh(x_of(lib) @ p[:3].reshape(3, 1) * p[3])
        return (lib.sigmoid(hidden * p[4] + p[5]) ** 2).sum()

    def x_of(lib: Any) -> Any:
        return gs.tensor(x) if lib is gs else torch.tensor(x)

    ours = gs.hessian(lambda p: loss(p, gs))(w).numpy()
    theirs = torch.autograd.functional.hessian(lambda p: loss(p, torch), torch.tensor(w))
    np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("f", [cubic, tanh_square], ids=["cubic", "tanh_square"])
def test_hessian_matches_torch_functional_hessian(f: Any, torch: Any) -> None:
    def torch_f(x: Any) -> Any:
        if f is cubic:
            return x[0] ** 2 * x[1] + torch.sin(x[2]) * x[0] + x[1] ** 3
        return (torch.tanh(x) ** 2).sum()

    theirs = torch.autograd.functional.hessian(torch_f, torch.tensor(X0)).numpy()
    np.testing.assert_allclose(gs.hessian(f)(X0).numpy(), theirs, rtol=1e-10, atol=1e-14)


def test_jacobian_of_softmax_matches_the_analytic_form_and_torch(torch: Any) -> None:
    j = gs.jacobian(gs.softmax)(X0)
    s = np.exp(X0) / np.exp(X0).sum()
    np.testing.assert_allclose(j.numpy(), np.diag(s) - np.outer(s, s), rtol=1e-13, atol=1e-16)
    theirs = torch.autograd.functional.jacobian(
        lambda x: torch.softmax(x, dim=-1), torch.tensor(X0)
    )
    np.testing.assert_allclose(j.numpy(), theirs.numpy(), rtol=1e-10, atol=1e-16)


def test_jacobian_has_shape_out_shape_plus_arg_shape() -> None:
    a = np.arange(6.0).reshape(2, 3)
    j = gs.jacobian(lambda m: gs.tensor(a) @ m)(np.ones((3, 2)))
    assert j.shape == (2, 2, 3, 2)
    expected = np.einsum("ik,jl->ijkl", a, np.eye(2))  # ∂(AM)_ij/∂M_kl = A_ik δ_jl
    np.testing.assert_array_equal(j.numpy(), expected)


def test_jvp_is_the_jacobian_times_the_tangent() -> None:
    def f(x: gs.Tensor) -> gs.Tensor:
        return gs.stack([x[0] * x[1], gs.exp(x[2]), x.sum()])

    value, tangent = gs.jvp(f, (X0,), (V,))
    j = gs.jacobian(f)(X0).numpy()
    np.testing.assert_allclose(value.numpy(), f(gs.tensor(X0)).numpy(), rtol=1e-15)
    np.testing.assert_allclose(tangent.numpy(), j @ V, rtol=1e-13)


def test_jvp_with_two_primals_adds_both_directions() -> None:
    a, b = np.array([1.0, 2.0]), np.array([3.0, -1.0])
    ta, tb = np.array([0.5, 0.0]), np.array([0.0, 2.0])
    _, tangent = gs.jvp(lambda x, y: x * y, (a, b), (ta, tb))
    np.testing.assert_allclose(tangent.numpy(), ta * b + a * tb)


def test_vjp_is_the_cotangent_times_the_jacobian() -> None:
    value, pullback = gs.vjp(gs.softmax, gs.tensor(X0))
    (cotangent,) = (V,)
    g = pullback(cotangent)
    j = gs.jacobian(gs.softmax)(X0).numpy()
    assert isinstance(g, gs.Tensor)
    np.testing.assert_allclose(g.numpy(), V @ j, rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(pullback(2 * V).numpy(), 2 * (V @ j), rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(value.numpy(), gs.softmax(gs.tensor(X0)).numpy())


@kinds
def test_hvp_is_the_hessian_times_a_vector(kind: str) -> None:
    hv = gs.hvp(cubic, ARGUMENTS[kind](X0), V)
    np.testing.assert_allclose(hv.numpy(), cubic_hessian(X0) @ V, rtol=1e-13)


def test_nested_grad_of_grad_dot_v_is_a_hessian_vector_product() -> None:
    v = gs.tensor(V)
    hv = gs.grad(lambda x: (gs.grad(cubic)(x) * v).sum())(X0)
    np.testing.assert_allclose(hv.numpy(), cubic_hessian(X0) @ V, rtol=1e-13)


def test_hvp_matches_torch_hvp(torch: Any) -> None:
    _, theirs = torch.autograd.functional.hvp(
        lambda x: (torch.tanh(x) ** 2).sum(), torch.tensor(X0), torch.tensor(V)
    )
    ours = gs.hvp(tanh_square, X0, V)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-10)


def test_third_derivative_by_nesting_grad_three_times() -> None:
    d3 = gs.grad(gs.grad(gs.grad(lambda x: x**4 + gs.sin(x))))
    for x in (-1.0, 0.5, 2.0):
        assert d3(x).item() == pytest.approx(24 * x - np.cos(x), rel=1e-12)


def test_value_and_grad_returns_the_value_and_the_gradient() -> None:
    value, g = gs.value_and_grad(cubic)(X0)
    assert value.item() == pytest.approx(cubic(gs.tensor(X0)).item(), rel=1e-15)
    np.testing.assert_allclose(g.numpy(), cubic_gradient(X0), rtol=1e-13)


def test_grad_with_argnums_tuple_returns_one_gradient_per_argument() -> None:
    a, b = np.array([1.0, 2.0]), np.array([3.0, 4.0])
    ga, gb = gs.grad(lambda x, y: (x * y**2).sum(), argnums=(0, 1))(a, b)
    np.testing.assert_array_equal(ga.numpy(), b**2)
    np.testing.assert_array_equal(gb.numpy(), 2 * a * b)
    (g1,) = gs.grad(lambda x, y: (x * y).sum(), argnums=(1,))(a, b)
    np.testing.assert_array_equal(g1.numpy(), a)
    assert gs.grad(lambda x, y: (x * y).sum(), argnums=1)(a, b).tolist() == a.tolist()


def test_grad_of_a_function_that_ignores_its_input_is_zero() -> None:
    g = gs.grad(lambda x: gs.tensor(3.0))(np.array([1.0, 2.0]))
    assert g.tolist() == [0.0, 0.0]


def test_grad_preserves_float32_arguments() -> None:
    g = gs.grad(lambda x: (x**2).sum())(np.array([1.0, 2.0], dtype=np.float32))
    assert g.dtype == gs.float32 and g.tolist() == [2.0, 4.0]
    h = gs.hessian(lambda x: (x**3).sum())(gs.tensor([1.0, 2.0], dtype=gs.float32))
    assert h.dtype == gs.float32 and h.tolist() == [[6.0, 0.0], [0.0, 12.0]]


def test_grad_of_an_integer_argument_differentiates_it_as_float() -> None:
    assert gs.grad(lambda x: x**2)(3).item() == 6.0


def test_grad_of_a_non_scalar_function_is_a_clear_error() -> None:
    with pytest.raises(GradientError, match=r"shape \(3,\).*\.sum\(\).*jacobian"):
        gs.grad(lambda x: x * 2.0)(X0)


def test_grad_with_argnums_out_of_range_is_a_clear_error() -> None:
    with pytest.raises(GradientError, match="argnums 2 is out of range"):
        gs.grad(lambda x: x.sum(), argnums=2)(X0)


def test_transforms_do_not_disturb_an_outer_backward() -> None:
    x = gs.tensor(X0, requires_grad=True)
    g = gs.grad(cubic)(x)  # connected to x: differentiable again
    (g * gs.tensor(V)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), cubic_hessian(X0) @ V, rtol=1e-13)


@pytest.mark.parametrize(
    "compose",
    [
        lambda f, x, v: gs.grad(lambda y: gs.jvp(f, (y,), (v,))[1])(x),  # reverse of forward
        lambda f, x, v: gs.jvp(gs.grad(f), (x,), (v,))[1],  # forward over reverse
        lambda f, x, v: gs.vjp(gs.grad(f), x)[1](v),  # reverse over reverse
    ],
    ids=["grad_of_jvp", "jvp_of_grad", "vjp_of_grad"],
)
def test_every_composition_of_transforms_gives_the_hessian_vector_product(compose: Any) -> None:
    np.testing.assert_allclose(compose(cubic, X0, V).numpy(), cubic_hessian(X0) @ V, rtol=1e-13)


def test_jacobian_and_hessian_with_respect_to_a_later_argument() -> None:
    a, b = np.array([2.0]), np.array([1.0, 3.0])
    h = gs.hessian(lambda p, q: (p * q**3).sum(), argnums=1)(a, b)
    np.testing.assert_array_equal(h.numpy(), np.diag(6 * a[0] * b))
    j = gs.jacobian(lambda p, q: p * q, argnums=1)(np.array([2.0, 3.0]), b)
    np.testing.assert_array_equal(j.numpy(), np.diag([2.0, 3.0]))
