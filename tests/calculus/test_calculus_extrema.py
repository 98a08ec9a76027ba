"""Critical points: exactly the known points with their kinds, the SymPy traps, never hanging."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from gradstep.calculus import critical_points
from gradstep.calculus.extrema import DEFAULT_TIME_LIMIT

E = math.e
ONE_VARIABLE = [
    ("x^2", None, [(0, "minimum")]),
    ("x^3 - 3x", None, [(-1, "maximum"), (1, "minimum")]),
    ("x^4", None, [(0, "minimum")]),
    ("x^3", None, [(0, "inflection")]),
    ("-x^2", None, [(0, "maximum")]),
    ("(x - 2)^2 + 1", None, [(2, "minimum")]),
    ("x^4 - 2x^2", None, [(-1, "minimum"), (0, "maximum"), (1, "minimum")]),
    ("x^5", None, [(0, "inflection")]),
    ("-x^4", None, [(0, "maximum")]),
    ("x^6", None, [(0, "minimum")]),
    ("x e^(-x)", None, [(1, "maximum")]),
    ("x^2 e^(-x)", None, [(0, "minimum"), (2, "maximum")]),
    ("|x|", None, [(0, "minimum")]),
    ("|x - 3|", None, [(3, "minimum")]),
    ("-|x|", None, [(0, "maximum")]),
    ("x^(2/3)", None, [(0, "minimum")]),
    ("e^x", None, []),
    ("x", None, []),
    ("ln(x^2 + 1)", None, [(0, "minimum")]),
    ("1/(x^2 + 1)", None, [(0, "maximum")]),
    ("x + 1/x", None, [(-1, "maximum"), (1, "minimum")]),
    ("e^x - 3x^2", None, [(0.204481449, "maximum"), (2.833147892, "minimum")]),
    (
        "sin(x)",
        (0, 10),
        [(math.pi / 2, "maximum"), (3 * math.pi / 2, "minimum"), (5 * math.pi / 2, "maximum")],
    ),
    ("cos(x)", (-4, 4), [(-math.pi, "minimum"), (0, "maximum"), (math.pi, "minimum")]),
    ("x^1000 - x", None, [(1000 ** (-1 / 999), "minimum")]),
    ("x^2 + 2x", (0, 5), []),
    ("sigmoid(x)", None, []),
    ("softplus(x)", None, []),
    ("tanh(x)", None, []),
    ("(x^2 - 1)^2", None, [(-1, "minimum"), (0, "maximum"), (1, "minimum")]),
    ("x^3 - 6x^2 + 9x + 1", None, [(1, "maximum"), (3, "minimum")]),
    ("x^4 - 4x^3", None, [(0, "inflection"), (3, "minimum")]),
    ("2x^3 + 3x^2 - 12x", None, [(-2, "maximum"), (1, "minimum")]),
    ("sqrt(x^2 + 1)", None, [(0, "minimum")]),
    ("x ln(x)", None, [(1 / E, "minimum")]),
    (
        "|x| + sin(x)",
        None,
        [
            (-2 * math.pi, "inflection"),
            (0, "minimum"),
            (math.pi, "inflection"),
            (3 * math.pi, "inflection"),
        ],
    ),
    # kinks are critical points (f′ does not exist there) even without an extremum
    ("|x - 1| + |x + 1| + x^2", None, [(-1, "inflection"), (0, "minimum"), (1, "inflection")]),
]


def _check(result, expected) -> None:
    got = [(p.point[0][1], p.kind) for p in result]
    assert len(got) == len(expected), got
    for (x, kind), (want_x, want_kind) in zip(got, expected, strict=True):
        assert x == pytest.approx(want_x, abs=1e-6)
        assert kind == want_kind


@pytest.mark.parametrize(("text", "domain", "expected"), ONE_VARIABLE)
def test_critical_points_of_one_variable(text, domain, expected) -> None:
    _check(critical_points(text, domain=domain), expected)


SEVERAL = [
    ("x^2 + y^2", [((0, 0), "minimum")]),
    ("x^2 - y^2", [((0, 0), "saddle")]),
    ("x^3 - 3x + y^2", [((-1, 0), "saddle"), ((1, 0), "minimum")]),
    ("-x^2 - y^2", [((0, 0), "maximum")]),
    ("x y", [((0, 0), "saddle")]),
    ("(x - 1)^2 + (y + 2)^2 + (z - 3)^2", [((1, -2, 3), "minimum")]),
    ("x^4 + y^4", [((0, 0), "minimum")]),
    ("x^2 + x y + y^2", [((0, 0), "minimum")]),
    ("e^x + y^2 - 6x", [((math.log(6), 0), "minimum")]),
]


@pytest.mark.parametrize(("text", "expected"), SEVERAL)
def test_critical_points_of_several_variables(text, expected) -> None:
    result = critical_points(text)
    got = [(tuple(v for _, v in p.point), p.kind) for p in result]
    assert len(got) == len(expected)
    for (point, kind), (want, want_kind) in zip(got, expected, strict=True):
        assert point == pytest.approx(want, abs=1e-9)
        assert kind == want_kind
        assert "hessian_eigenvalues" in dict(result[0].evidence)


def test_second_derivative_and_sign_evidence() -> None:
    x4 = critical_points("x^4")[0]
    assert dict(x4.evidence) == {"derivative_order": 4, "derivative_value": 24.0}
    kink = critical_points("|x|")[0]
    assert dict(kink.evidence)["left_slope_sign"] == "-"
    assert dict(kink.evidence)["right_slope_sign"] == "+"
    assert kink.method == "nondifferentiable"
    minimum = critical_points("x^3 - 3x")[1]
    assert dict(minimum.evidence)["second_derivative"] == pytest.approx(6.0)


def test_kink_is_both_a_critical_and_a_nondifferentiable_point() -> None:
    result = critical_points("|x|")
    payload = result.to_dict()
    assert payload["nondifferentiable_points"][0]["point"] == {"x": 0.0}
    assert payload["critical_points"][0]["kind"] == "minimum"


def test_exact_solver_misses_are_found_numerically_and_reported() -> None:
    result = critical_points("e^x - 3x^2")  # e^x = 6x has two real roots
    assert all(p.method == "numeric" for p in result)
    assert result.complete is False and "numeric" in result.note("en").lower()


def test_periodic_families_are_given_as_patterns() -> None:
    result = critical_points("sin(x)")
    assert [p.kind for p in result] == ["maximum", "minimum"]
    assert all("n" in p.pattern for p in result)
    assert result.complete is True


def test_sin_x_cos_3x_matches_a_dense_numeric_scan_within_the_domain() -> None:
    start = time.perf_counter()
    result = critical_points("sin(x) cos(3x)", domain=(0, 3))
    assert time.perf_counter() - start < DEFAULT_TIME_LIMIT + 5
    grid = np.linspace(0, 3, 200001)
    slope = np.cos(grid) * np.cos(3 * grid) - 3 * np.sin(grid) * np.sin(3 * grid)
    changes = np.nonzero(np.diff(np.sign(slope)))[0]
    assert [p.point[0][1] for p in result] == pytest.approx(grid[changes], abs=1e-4)


def test_constant_function_is_answered_sensibly() -> None:
    result = critical_points("5")
    assert len(result) == 0 and result.complete
    assert "constant" in result.note("en")
    assert "hằng" in result.note("vi")


def test_every_input_is_answered_within_the_time_limit() -> None:
    for text in ("x^999 + x^500 - x", "sin(x)^7 cos(3x)^5 + x"):
        start = time.perf_counter()
        result = critical_points(text, time_limit=0.5)
        assert time.perf_counter() - start < 8
        assert isinstance(result.note("en"), str)


def test_bad_domain_is_an_input_error() -> None:
    from gradstep.errors import InputError

    with pytest.raises(InputError):
        critical_points("x^2", domain=(3, 1))
