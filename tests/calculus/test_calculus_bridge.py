"""The bridge: a formula as a function over Tensors agrees with SymPy, values and gradients."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import gradstep as gs
from gradstep.calculus import parse, to_tensor_function
from gradstep.calculus.functions import to_elementary
from gradstep.errors import InputError

FORMULAS = [
    ("x^2 + y^2", (-3, 3)),
    ("sin(x) cos(3x)", (-3, 3)),
    ("e^x - 6x", (-2, 2)),
    ("x^3 - 3x", (-2, 2)),
    ("sigmoid(w1 x + b)", (-2, 2)),
    ("relu(x - 0.1) + softplus(y)", (0.2, 2)),
    ("|x - 5| + x^4", (0.1, 2)),
    ("ln(x^2 + 1) / (y^2 + 1)", (-2, 2)),
    ("tan(x) + sec(x) + csc(x + 3) + cot(x + 3)", (-0.5, 0.5)),
    ("asin(x/3) + acos(x/3) + atan(x) + acot(x + 3)", (-0.9, 0.9)),
    ("sinh(x) + cosh(y) + tanh(x y) + asinh(x) + atanh(y/3)", (-1, 1)),
    ("2^x + x^x", (0.2, 2)),
    ("sqrt(x^2 + 1) + max(x, y) + min(x, 2y)", (-2, 2)),
    ("(2x - 1 - 3)^2", (-5, 5)),
]


def _sympy_values(text: str, names: list[str], points: np.ndarray) -> tuple[np.ndarray, list]:
    expr = parse(text)
    symbols = [sympy.Symbol(n, real=True) for n in names]
    f = sympy.lambdify(symbols, to_elementary(expr), "numpy")
    grads = [sympy.lambdify(symbols, to_elementary(sympy.diff(expr, s)), "numpy") for s in symbols]
    return np.asarray(f(*points)), [np.broadcast_to(g(*points), points[0].shape) for g in grads]


@pytest.mark.parametrize(("text", "interval"), FORMULAS)
def test_bridge_values_and_autodiff_match_sympy_at_random_points(text: str, interval) -> None:
    f = to_tensor_function(text)
    rng = np.random.default_rng(7)
    points = rng.uniform(*interval, size=(len(f.variables), 16))
    tensors = [gs.tensor(p, requires_grad=True) for p in points]
    out = f(*tensors)
    out.sum().backward()
    values, grads = _sympy_values(text, f.variables, points)
    np.testing.assert_allclose(out.data, values, rtol=1e-10, atol=1e-12)
    for tensor, expected in zip(tensors, grads, strict=True):
        np.testing.assert_allclose(tensor.grad.data, expected, rtol=1e-9, atol=1e-12)


def test_bridge_variables_in_natural_order() -> None:
    assert to_tensor_function("w10 + w2 + b + y + x + z").variables == [
        "b",
        "w2",
        "w10",
        "x",
        "y",
        "z",
    ]


def test_bridge_broadcasts_many_points_at_once() -> None:
    f = to_tensor_function("x^2 + y^2")
    out = f(gs.tensor([6.0, 1.0, 0.0]), gs.tensor([9.0, 2.0, 0.0]))
    assert out.shape == (3,)
    assert out.tolist() == [117.0, 5.0, 0.0]


def test_bridge_constant_and_missing_variable_keep_the_shape() -> None:
    assert to_tensor_function("3").variables == []
    assert to_tensor_function("3")().item() == 3.0
    f = to_tensor_function(sympy.Symbol("x", real=True) * 0 + sympy.Symbol("y", real=True))
    assert f(gs.tensor([1.0, 2.0])).tolist() == [1.0, 2.0]


def test_bridge_descent_step_on_the_lessons_bowl() -> None:
    f = to_tensor_function("x^2 + y^2")
    x, y = gs.tensor(6.0, requires_grad=True), gs.tensor(9.0, requires_grad=True)
    f(x, y).backward()
    assert (6.0 - 0.1 * x.grad.item(), 9.0 - 0.1 * y.grad.item()) == pytest.approx((4.8, 7.2))


def test_bridge_rejects_wrong_argument_count_and_non_formulas() -> None:
    with pytest.raises(InputError, match="takes 2"):
        to_tensor_function("x + y")(gs.tensor(1.0))
    with pytest.raises(InputError):
        to_tensor_function(42)  # type: ignore[arg-type]
