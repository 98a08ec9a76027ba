"""Critical points of functions of several variables with kinks (|u|, relu, max, roots).

Expected points and kinds are derived by hand (the reasoning is in each test) and the
kinds are re-checked here by sampling f around the point with NumPy, independently of
the code under test.
"""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
import sympy

from gradstep.calculus import critical_points, parse
from gradstep.calculus.extrema_nd import smooth_critical_points
from gradstep.calculus.kinks_nd import kink_nodes
from gradstep.calculus.numeric import numeric_form


def _points(result) -> list[tuple[tuple[float, ...], str, str]]:
    return [(tuple(round(v, 9) + 0.0 for _, v in p.point), p.kind, p.method) for p in result]


def _kinks(result) -> list[tuple[dict, str]]:
    return [(d["point"], d["reason"]) for d in result.to_dict()["nondifferentiable_points"]]


def _around(text: str, p: tuple[float, ...], r: float = 1e-3) -> np.ndarray:
    """f(p + r·d) − f(p) for 360 directions d (NumPy, not the code under test)."""
    expr = parse(text)
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    f = sympy.lambdify(symbols, numeric_form(expr), "numpy")
    angles = np.linspace(0, 2 * np.pi, 360, endpoint=False)
    xs, ys = p[0] + r * np.cos(angles), p[1] + r * np.sin(angles)
    return np.asarray(f(xs, ys), dtype=float) - float(f(*p))


def test_abs_of_x_minus_1_plus_y_squared_has_its_minimum_at_1_0() -> None:
    # f ≥ 0 = f(1, 0); pieces ±(x − 1) + y² have ∂f/∂x = ±1 ≠ 0; on x = 1, f = y² is
    # stationary at y = 0 only, and |x − 1| has no x-derivative there
    result = critical_points("|x-1| + y^2")
    assert _points(result) == [((1.0, 0.0), "minimum", "nondifferentiable")]
    assert _kinks(result) == [({"x": 1.0, "y": 0.0}, "kink")]
    assert result.complete is True
    assert np.all(_around("|x-1| + y^2", (1.0, 0.0)) > 0)


def test_cone_has_its_minimum_at_the_apex_where_the_gradient_does_not_exist() -> None:
    # sqrt(x² + y²) = r: ∇ = (x, y)/r ≠ 0 away from 0, and at 0 the slope is 1 in every
    # direction (not linear in the direction): a kink, the minimum
    result = critical_points("sqrt(x^2 + y^2)")
    assert _points(result) == [((0.0, 0.0), "minimum", "nondifferentiable")]
    assert _kinks(result) == [({"x": 0.0, "y": 0.0}, "kink")]
    assert result.complete is True


@pytest.mark.parametrize(
    ("text", "kind", "sign"),
    [("|x| + |y|", "minimum", 1), ("-|x| - |y|", "maximum", -1), ("|x| - |y|", "saddle", 0)],
)
def test_two_absolute_values_meet_at_the_origin(text: str, kind: str, sign: int) -> None:
    # the pieces ±x ± y have constant gradients (±1, ±1) ≠ 0; on x = 0 (or y = 0) f is
    # ±|y| (±|x|), stationary nowhere off 0; the two kink lines cross at 0. |x| − |y|:
    # f(t, 0) = |t| > 0 and f(0, t) = −|t| < 0 in every neighbourhood, so 0 is not an
    # extremum: a saddle (the module's meaning: above in some directions, below in others)
    result = critical_points(text)
    assert _points(result) == [((0.0, 0.0), kind, "nondifferentiable")]
    assert _kinks(result) == [({"x": 0.0, "y": 0.0}, "kink")]
    around = _around(text, (0.0, 0.0))
    if sign:
        assert np.all(sign * around > 0)
    else:
        assert around.min() < 0 < around.max()


def test_max_of_x_and_y_has_no_critical_point_and_names_its_kink_line() -> None:
    # pieces x and y have gradients (1, 0), (0, 1); on x = y, f = x increases: no point
    result = critical_points("max(x, y)")
    assert list(result) == []
    assert result.nondifferentiable_points == ()
    assert "x − y = 0" in result.note("en") and "x − y = 0" in result.note("vi")


def test_relu_plus_y_squared_is_a_continuum_not_a_grid() -> None:
    # for x < 0, f = y²: ∇f = (0, 2y) = 0 on the whole half-line y = 0, x < 0 (non-strict
    # minima); at (0, 0) the x-slope jumps from 0 to 1 (a kink, f ≥ 0 = f(0, 0))
    result = critical_points("relu(x) + y^2")
    assert result.complete is False
    assert _points(result) == [((0.0, 0.0), "minimum", "nondifferentiable")]
    assert _kinks(result) == [({"x": 0.0, "y": 0.0}, "kink")]
    assert "y = 0, x < 0" in result.note("en") and "continuum" in result.note("en")
    assert "y = 0, x < 0" in result.note("vi") and "liên tục" in result.note("vi")
    assert np.all(_around("relu(x) + y^2", (0.0, 0.0)) >= 0)


def test_a_kink_line_of_minima_is_a_continuum() -> None:
    # |x − y| = 0 on the whole line x = y: every point there is a (non-strict) minimum
    result = critical_points("|x - y|")
    assert list(result) == [] and result.complete is False
    assert "{x = y}" in result.note("en")


def test_abs_of_a_sum_of_squares_is_smooth() -> None:
    # |x² + y²| = x² + y² (never negative): Hessian 2I at 0, no kink anywhere
    result = critical_points("|x^2 + y^2|")
    assert _points(result) == [((0.0, 0.0), "minimum", "exact")]
    assert result.nondifferentiable_points == () and result.complete is True
    assert dict(result[0].evidence)["hessian_eigenvalues"] == [2.0, 2.0]


def test_a_kink_where_the_gradient_exists_is_an_ordinary_point() -> None:
    # |x|³ has derivative 3x|x|, 0 at 0: ∇f(0, 0) = 0 exists; f ≥ 0 = f(0, 0)
    result = critical_points("|x|^3 + y^2")
    assert _points(result) == [((0.0, 0.0), "minimum", "exact")]
    assert result.nondifferentiable_points == ()


def test_a_cusp_and_three_variables() -> None:
    # (x² + y²)^(1/3) = r^(2/3): slope r^(−1/3) → +∞ in every direction: a cusp, minimum
    result = critical_points("(x^2 + y^2)^(1/3)")
    assert _points(result) == [((0.0, 0.0), "minimum", "nondifferentiable")]
    assert _kinks(result) == [({"x": 0.0, "y": 0.0}, "cusp")]
    # three kink planes meet at 0 only: the vertex of the octahedron |x| + |y| + |z|
    result = critical_points("|x| + |y| + |z|")
    assert _points(result) == [((0.0, 0.0, 0.0), "minimum", "nondifferentiable")]


@pytest.mark.parametrize(
    "text", ["x^2 + y^2", "x^2 - y^2", "x^4 + y^4", "x^3 - 3x + y^2", "exp(x*y)"]
)
def test_smooth_functions_take_the_smooth_path_unchanged(text: str) -> None:
    expr = parse(text)
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    assert kink_nodes(expr, symbols) == []
    assert (
        critical_points(text).to_dict()
        == smooth_critical_points(expr, symbols, None, 2.0)[0].to_dict()
    )


def test_many_kinks_stop_quickly_with_a_note() -> None:
    start = time.monotonic()
    result = critical_points("|x| + |y| + |x-1| + |y-1| + |x+y|")
    assert time.monotonic() - start < 30
    assert result.complete is False and "5" in result.note("en")


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_cli_extrema_with_kinks(lang: str) -> None:
    from typer.testing import CliRunner

    from gradstep.cli.app import _register_commands, app
    from gradstep.i18n import message

    _register_commands()
    result = CliRunner().invoke(app, ["extrema", "|x-1|+y^2", "--lang", lang])
    assert result.exit_code == 0, result.output
    assert message("calculus.kind.minimum", lang) in result.output
    assert message("calculus.nondiff.kink", lang) in result.output
    result = CliRunner().invoke(app, ["extrema", "relu(x)+y^2", "--lang", lang, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["complete"] is False
    assert data["nondifferentiable_points"] == [
        {"point": {"x": 0.0, "y": 0.0}, "exact": "[0, 0]", "reason": "kink"}
    ]
