"""Symbolic, autodiff and finite-difference gradients agree along descent runs."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from gradstep.calculus import parse
from gradstep.descent import descend, make_objective

CASES = [
    ("x^2 + y^2", {"x": 6.0, "y": 9.0}, 0.1),
    ("(1 - x)^2 + 100 (y - x^2)^2", {"x": -1.5, "y": 2.0}, 0.0005),
    ("sin(x) + 0.1 x^2", {"x": 2.0}, 0.2),
    ("log(1 + exp(x - y)) + 0.5 (x^2 + y^2)", {"x": 1.0, "y": -2.0}, 0.3),
    ("x^4 - 2 x^2 + 0.5 x", {"x": 1.5}, 0.01),
]


def _symbolic_gradient(expr: str, variables: tuple[str, ...]):
    formula = parse(expr)
    by_name = {s.name: s for s in formula.free_symbols}
    symbols = [by_name[v] for v in variables]
    return sympy.lambdify(symbols, [sympy.diff(formula, s) for s in symbols], "numpy")


def _finite_difference(run, point: np.ndarray, h: float = 1e-6) -> np.ndarray:
    obj = run.objective
    grads = []
    for i in range(len(point)):
        e = np.zeros(len(point))
        e[i] = h
        up, down = obj.values((point + e)[:, None]), obj.values((point - e)[:, None])
        grads.append((up[0] - down[0]) / (2 * h))
    return np.array(grads)


@pytest.mark.parametrize(("expr", "x0", "lr"), CASES)
def test_gradients_along_the_run_match_sympy_and_finite_differences(expr, x0, lr):
    run = descend(expr, x0, lr, steps=60)
    symbolic = _symbolic_gradient(expr, run.variables)
    for point, grad in zip(run.points[::7], run.gradients[::7], strict=True):
        expected = np.array(symbolic(*point), dtype=float)
        np.testing.assert_allclose(grad, expected, rtol=1e-10, atol=1e-10)
        numeric = _finite_difference(run, point)
        np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(("expr", "x0", "lr"), CASES)
def test_each_gd_step_is_minus_learning_rate_times_the_gradient(expr, x0, lr):
    run = descend(expr, x0, lr, steps=30)
    np.testing.assert_allclose(
        np.diff(run.points, axis=0), -lr * run.gradients[:-1], rtol=1e-12, atol=1e-15
    )
    np.testing.assert_allclose(
        run.step_sizes, lr * np.linalg.norm(run.gradients[:-1], axis=1), rtol=1e-9
    )


@settings(max_examples=25, deadline=None)
@given(
    st.floats(-3, 3),
    st.floats(-3, 3),
    st.floats(0.1, 2.0),
)
def test_batched_gradient_equals_sympy_at_random_points(x, y, a):
    expr = f"{a} * x^2 * y + sin(x * y) - exp(-y^2)"
    obj = make_objective(expr)
    pts = np.array([[x, y + 0.5, -x], [y, x, 0.25]])
    _, grads = obj.value_and_grad(pts)
    sx, sy = sympy.symbols("x y")
    formula = a * sx**2 * sy + sympy.sin(sx * sy) - sympy.exp(-(sy**2))
    fn = sympy.lambdify([sx, sy], [sympy.diff(formula, sx), sympy.diff(formula, sy)], "numpy")
    for j in range(pts.shape[1]):
        np.testing.assert_allclose(grads[:, j], fn(*pts[:, j]), rtol=1e-9, atol=1e-12)


def test_hessian_by_double_backward_matches_sympy():
    obj = make_objective("x^3 y + y^2")
    pts = np.array([[1.0, 2.0], [3.0, -1.0]])
    hess = obj.hessian(pts)
    for j, (x, y) in enumerate(pts.T):
        expected = [[6 * x * y, 3 * x**2], [3 * x**2, 2.0]]
        np.testing.assert_allclose(hess[j], expected, rtol=1e-12)
