"""Several variables: the higher-order test at degenerate points, periodic functions in a
domain, kinks. Expected points and kinds are derived by hand and checked numerically here."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import sympy

from gradstep.calculus import critical_points, parse


def _around(text: str, point: tuple[float, ...], radius: float = 0.05) -> np.ndarray:
    """f(p + r·u) − f(p) for random unit u, computed here independently of gradstep."""
    expr = parse(text)
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    f = sympy.lambdify(symbols, expr, "math")
    rng = np.random.default_rng(7)
    out = []
    for _ in range(400):
        u = rng.normal(size=len(point))
        u /= np.linalg.norm(u)
        out.append(f(*(np.array(point) + radius * u)) - f(*point))
    return np.array(out)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("x^4 + y^4", "minimum"),
        ("-x^4 - y^4", "maximum"),
        ("x^4 - y^4", "saddle"),
        ("x^3 + y^2", "saddle"),  # not an extremum: rises along y, falls along −x
        ("x^2 + y^4", "minimum"),
        ("x^2 - y^4", "saddle"),
        ("x^6 + y^6", "minimum"),
        ("3 + x^4 + y^4", "minimum"),
        ("x^4 + y^4 - 10 x^2 y^2", "saddle"),  # positive on the axes, negative on diagonals
        ("x^2 + y^2 + z^4", "minimum"),
        ("x^3 - 3 x y^2", "saddle"),  # the monkey saddle
    ],
)
def test_degenerate_hessian_is_decided_by_higher_order_evidence(text: str, kind: str) -> None:
    result = critical_points(text)
    assert len(result) == 1
    p = result[0]
    assert p.kind == kind and p.method == "exact"
    assert all(v == pytest.approx(0.0, abs=1e-12) for _, v in p.point)
    evidence = dict(p.evidence)
    assert min(abs(e) for e in evidence["hessian_eigenvalues"]) < 1e-9  # the test said nothing
    assert "sphere_test" in evidence
    around = _around(text, tuple(v for _, v in p.point))
    if kind == "minimum":
        assert np.all(around > 0)
    elif kind == "maximum":
        assert np.all(around < 0)
    else:
        assert np.any(around > 0) and np.any(around < 0)


def test_odd_order_along_a_null_direction_is_exact_evidence_of_a_saddle() -> None:
    p = critical_points("x^3 + y^2")[0]
    lines = dict(p.evidence)["null_directions"]
    assert len(lines) == 1 and lines[0]["order"] == 3 and lines[0]["value"] == pytest.approx(6)
    assert [abs(c) for c in lines[0]["direction"]] == [1.0, 0.0]


def test_peano_surface_is_not_called_a_minimum() -> None:
    # a minimum along every line through 0, yet negative between the parabolas y = x², 2x²
    result = critical_points("(y - x^2)(y - 2x^2)")
    assert [p.kind for p in result] == ["degenerate"]
    assert _around("(y - x^2)(y - 2x^2)", (0.0, 0.0), 0.3).min() < 0


def test_periodic_function_in_a_domain_is_complete() -> None:
    result = critical_points("sin(x) + cos(y)", domain=(-4, 4))
    # ∂x = cos x = 0 → x = π/2 + kπ;  ∂y = −sin y = 0 → y = kπ;  within [-4, 4]
    xs = [math.pi / 2 + k * math.pi for k in range(-3, 3) if -4 <= math.pi / 2 + k * math.pi <= 4]
    ys = [k * math.pi for k in range(-2, 3) if -4 <= k * math.pi <= 4]
    expected = {}
    for a, b in itertools.product(xs, ys):
        fxx, fyy = -math.sin(a), -math.cos(b)
        kind = "minimum" if fxx > 0 and fyy > 0 else "maximum" if fxx < 0 and fyy < 0 else "saddle"
        expected[(round(a, 6), round(b, 6))] = kind
    got = {(round(p.point[0][1], 6), round(p.point[1][1], 6)): p.kind for p in result}
    assert got == expected and len(got) == 6
    assert result.complete is True
    assert all(p.method == "exact" for p in result)


def test_product_of_sines_in_a_domain() -> None:
    result = critical_points("sin(x) sin(y)", domain=(-4, 4))
    # cos x sin y = 0 and sin x cos y = 0: (sin x = sin y = 0) or (cos x = cos y = 0)
    zeros = [k * math.pi for k in (-1, 0, 1)]
    halves = [-math.pi / 2, math.pi / 2]
    expected = set(itertools.product(zeros, zeros)) | set(itertools.product(halves, halves))
    got = {tuple(v for _, v in p.point) for p in result}
    assert len(got) == len(expected) == 13
    for point in expected:
        assert any(np.allclose(point, g, atol=1e-9) for g in got)
    assert result.complete is True


def test_periodic_function_without_a_domain_says_it_is_incomplete() -> None:
    result = critical_points("sin(x) + cos(y)")
    assert result.complete is False
    assert "2*pi" in result.note("en") and "--domain" in result.note("en")
    assert "2*pi" in result.note("vi") and "tuần hoàn" in result.note("vi")


def test_kinks_of_several_variables_do_not_crash() -> None:
    # every piece ±x ± y has a constant non-zero gradient and the kink sets x = 0, y = 0
    # meet only at 0, all solved exactly: the list is complete
    result = critical_points("|x| + |y|")
    assert [(tuple(v for _, v in p.point), p.kind) for p in result] == [((0.0, 0.0), "minimum")]
    assert result.complete is True


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_cli_extrema_text_for_several_variables(lang: str) -> None:
    from typer.testing import CliRunner

    from gradstep.cli.app import _register_commands, app
    from gradstep.i18n import message

    _register_commands()
    result = CliRunner().invoke(app, ["extrema", "x^3 + y^2", "--lang", lang])
    assert result.exit_code == 0, result.output
    assert message("calculus.kind.saddle", lang) in result.output
    result = CliRunner().invoke(app, ["extrema", "sin(x) + cos(y)", "--domain", "-2,2"])
    assert result.exit_code == 0, result.output
    assert "pi/2" in result.output and message("calculus.kind.maximum", "en") in result.output


def test_periodic_with_no_critical_point_at_all_is_complete() -> None:
    # ∂/∂x (x + sin y) = 1 is never 0: no critical point in any period
    data = critical_points("x + sin(y)").to_dict()
    assert data["critical_points"] == [] and data["complete"] is True
    assert "periodic" not in data["note"]
