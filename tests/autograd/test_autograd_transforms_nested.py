"""Transforms that close over the argument of an outer transform (or over any tensor that
requires grad) stay connected to it, and jacobian/hessian take a tuple ``argnums`` — each
against hand-derived derivatives."""

from __future__ import annotations

import numpy as np
import pytest

import gradstep as gs


def test_grad_of_an_inner_grad_that_closes_over_the_outer_argument() -> None:
    # d/dy [d/dx (x y)] = d/dy y = 1 (the inner x is a constant 2.0)
    assert gs.grad(lambda y: gs.grad(lambda x: x * y)(2.0))(3.0).item() == 1.0
    # d/dx (x² y) = 2xy = 4y at x = 2, so d/dy = 4
    assert gs.grad(lambda y: gs.grad(lambda x: x * x * y)(2.0))(3.0).item() == 4.0


@pytest.mark.parametrize(("x", "y"), [(0.7, 1.3), (-0.4, 2.1)])
def test_closed_over_inner_grad_matches_the_mixed_partial(x: float, y: float) -> None:
    # g(y) = d/dx [sin(xy) y] = y² cos(xy); g'(y) = 2y cos(xy) − x y² sin(xy)
    got = gs.grad(lambda b: gs.grad(lambda a: gs.sin(a * b) * b)(x))(y).item()
    want = 2 * y * np.cos(x * y) - x * y**2 * np.sin(x * y)
    assert got == pytest.approx(want, rel=1e-12)


def test_inner_jacobian_jvp_hessian_and_hvp_close_over_the_outer_argument() -> None:
    x = np.array([1.0, 2.0])
    # J = y·I, its sum 2y: d/dy = 2
    assert gs.grad(lambda y: gs.jacobian(lambda v: v * y)(x).sum())(1.3).item() == 2.0
    # J·t for (x y)² with t = 1: 2 x y²; summed 2y²(1 + 2) = 6y²; d/dy = 12 y
    got = gs.grad(lambda y: gs.jvp(lambda v: (v * y) ** 2, (x,), (np.ones(2),))[1].sum())(1.3)
    assert got.item() == pytest.approx(12 * 1.3, rel=1e-12)
    # H of Σ x³ y is diag(6 x y); summed 6y(1 + 2) = 18 y; d/dy = 18
    hess = gs.grad(lambda y: gs.hessian(lambda v: (v**3 * y).sum())(x).sum())(1.3)
    hv = gs.grad(lambda y: gs.hvp(lambda v: (v**3 * y).sum(), x, np.ones(2)).sum())(1.3)
    assert hess.item() == pytest.approx(18.0) and hv.item() == pytest.approx(18.0)


def test_a_grad_closing_over_a_tensor_that_requires_grad_stays_connected_to_it() -> None:
    y = gs.tensor(3.0, requires_grad=True)
    g = gs.grad(lambda x: x * x * y)(2.0)  # 2xy = 12
    assert g.item() == 12.0
    g.backward()
    assert y.grad is not None and y.grad.item() == 4.0  # d(2xy)/dy at x = 2


def test_a_plain_grad_result_is_not_connected_to_anything() -> None:
    g = gs.grad(lambda x: x**3)(2.0)
    assert g.item() == 12.0 and not g.requires_grad
    inner_done = gs.grad(lambda y: gs.grad(lambda x: x * x * y)(2.0))(3.0)
    assert not inner_done.requires_grad


def test_jacobian_with_a_tuple_of_argnums_gives_one_jacobian_per_argument() -> None:
    a, b = np.array([1.0, 2.0]), np.array([3.0, 4.0, 5.0])
    ja, jb = gs.jacobian(lambda x, y: x[:, None] * y, (0, 1))(a, b)
    assert ja.shape == (2, 3, 2) and jb.shape == (2, 3, 3)
    want_a = np.zeros((2, 3, 2))
    want_b = np.zeros((2, 3, 3))
    for i in range(2):
        for j in range(3):
            want_a[i, j, i] = b[j]
            want_b[i, j, j] = a[i]
    np.testing.assert_array_equal(ja.numpy(), want_a)
    np.testing.assert_array_equal(jb.numpy(), want_b)


def test_jacobian_of_a_function_returning_a_tuple() -> None:
    x = np.array([1.0, 2.0])
    j_sq, j_sum = gs.jacobian(lambda v: (v**2, v.sum()))(x)
    np.testing.assert_array_equal(j_sq.numpy(), np.diag(2 * x))
    np.testing.assert_array_equal(j_sum.numpy(), np.ones(2))


def test_hessian_with_a_tuple_of_argnums_gives_every_block() -> None:
    # f = x² y³: fxx = 2y³, fxy = 6xy², fyy = 6x²y
    x, y = 2.0, 3.0
    (hxx, hxy), (hyx, hyy) = gs.hessian(lambda a, b: a**2 * b**3, argnums=(0, 1))(x, y)
    assert [hxx.item(), hxy.item(), hyx.item(), hyy.item()] == [
        2 * y**3,
        6 * x * y**2,
        6 * x * y**2,
        6 * x**2 * y,
    ]


def test_hessian_blocks_of_vector_arguments_have_both_shapes() -> None:
    a, b = np.array([1.0, 2.0]), np.array([0.5, -1.0, 2.0])
    blocks = gs.hessian(lambda u, v: (u[:, None] ** 2 * v).sum(), argnums=(0, 1))(a, b)
    assert [[blk.shape for blk in row] for row in blocks] == [[(2, 2), (2, 3)], [(3, 2), (3, 3)]]
    # ∂²/∂uᵢ∂vⱼ of Σ uᵢ² vⱼ is 2uᵢ; ∂²/∂uᵢ² is 2 Σ v
    np.testing.assert_allclose(blocks[0][1].numpy(), np.repeat(2 * a[:, None], 3, axis=1))
    np.testing.assert_allclose(blocks[0][0].numpy(), np.diag([2 * b.sum()] * 2))
    np.testing.assert_array_equal(blocks[1][1].numpy(), np.zeros((3, 3)))
