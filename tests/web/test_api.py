"""The JSON API answers exactly what the CLI's --json prints, the lessons' numbers come out,
and bad input gets a 4xx with a sentence (never a 500)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.web.conftest import make_app, need_web

need_web()


def cli_json(*args: str) -> Any:
    from typer.testing import CliRunner

    from gradstep.cli.app import _register_commands, app

    _register_commands()
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("path", "body", "cli"),
    [
        ("/api/diff", {"expression": "(2x - 4)^2", "at": {"x": 5}},
         ["diff", "(2x - 4)^2", "--at", "x=5"]),
        ("/api/diff", {"expression": "x^2 y + y^3"}, ["diff", "x^2 y + y^3"]),
        ("/api/diff", {"expression": "x^4", "order": 2}, ["diff", "x^4", "--order", "2"]),
        ("/api/diff", {"expression": "|x|"}, ["diff", "|x|"]),
        ("/api/extrema", {"expression": "x^3 - 3x"}, ["extrema", "x^3 - 3x"]),
        ("/api/extrema", {"expression": "x^2 - y^2"}, ["extrema", "x^2 - y^2"]),
        ("/api/extrema", {"expression": "sin(x)", "domain": [-4, 4], "lang": "vi"},
         ["extrema", "sin(x)", "--domain", "-4,4", "--lang", "vi"]),
        ("/api/check", {"expression": "sin(x^2)", "answer": "cos(x^2)"},
         ["check", "sin(x^2)", "--answer", "cos(x^2)"]),
        ("/api/check", {"expression": "x^3", "answer": "3x^2", "lang": "vi"},
         ["check", "x^3", "--answer", "3x^2", "--lang", "vi"]),
        ("/api/descend", {"expression": "x^2", "x0": {"x": 70}, "learning_rate": 0.1},
         ["descend", "x^2", "--x0", "70", "--lr", "0.1"]),
        ("/api/descend", {"expression": "x^2 + y^2", "x0": {"x": 6, "y": 9},
                          "learning_rate": 0.1, "steps": 50, "optimizer": "adam", "lang": "vi"},
         ["descend", "x^2 + y^2", "--x0", "x=6,y=9", "--lr", "0.1", "--steps", "50",
          "--optimizer", "adam", "--lang", "vi"]),
        ("/api/descend", {"expression": "x^2", "x0": 1, "learning_rate": 5, "steps": 40},
         ["descend", "x^2", "--x0", "1", "--lr", "5", "--steps", "40"]),
        ("/api/sweep", {"expression": "x^2", "x0": {"x": 70}, "learning_rates": [0.001, 0.1, 1.1]},
         ["sweep", "x^2", "--x0", "70", "--lr", "0.001,0.1,1.1"]),
    ],
)  # fmt: skip
def test_api_answers_the_same_json_as_the_cli(
    client: Any, path: str, body: dict, cli: list
) -> None:
    response = client.post(path, json=body)
    assert response.status_code == 200, response.text
    assert response.json() == cli_json(*cli)


def test_descend_gives_the_lessons_first_step_70_to_56(client: Any) -> None:
    run = client.post(
        "/api/descend", json={"expression": "x^2", "x0": {"x": 70}, "learning_rate": 0.1}
    ).json()
    assert run["path"][1]["x"] == pytest.approx(56.0)
    assert run["gradients"][0]["x"] == pytest.approx(140.0)
    assert run["verdict"] == "converged"


def test_descend_2d_first_step_lands_on_4_8_and_7_2(client: Any) -> None:
    body = {"expression": "x^2 + y^2", "x0": {"x": 6, "y": 9}, "learning_rate": 0.1}
    run = client.post("/api/descend", json=body).json()
    assert run["path"][1] == pytest.approx({"x": 4.8, "y": 7.2})
    assert run["final"]["point"] == pytest.approx({"x": 0.0, "y": 0.0}, abs=1e-5)


def test_sweep_verdicts_crawl_converge_and_blow_up(client: Any) -> None:
    body = {"expression": "x^2", "x0": 70, "learning_rates": [0.001, 0.1, 1.1]}
    runs = client.post("/api/sweep", json=body).json()["runs"]
    assert [r["verdict"] for r in runs] == ["max_steps", "converged", "diverged"]


def test_plot_samples_match_the_function(client: Any) -> None:
    one = client.post("/api/plot", json={"expression": "x^2 - 1", "x_range": [-2, 2]}).json()
    assert one["variables"] == ["x"]
    for x, v in zip(one["x"], one["values"], strict=True):
        assert v == pytest.approx(x * x - 1)
    body = {"expression": "x^2 + 3y", "x_range": [-1, 1], "y_range": [0, 2]}
    two = client.post("/api/plot", json=body).json()
    j, i = 7, 11
    assert two["values"][j][i] == pytest.approx(two["x"][i] ** 2 + 3 * two["y"][j])


def test_plot_outside_the_domain_gives_null_not_nan(client: Any) -> None:
    out = client.post("/api/plot", json={"expression": "ln(x)", "x_range": [-1, 1]})
    assert out.status_code == 200
    values = out.json()["values"]
    assert values[0] is None and values[-1] == pytest.approx(0.0)


def test_parse_error_is_422_with_the_sentence_and_the_column(client: Any) -> None:
    response = client.post("/api/diff", json={"expression": "x^^2"})
    assert response.status_code == 422
    assert response.json()["column"] == 3
    assert "unexpected '^'" in response.json()["detail"]
    for path in ("/api/diff", "/api/extrema"):
        vi = client.post(path, json={"expression": "x^^2", "lang": "vi"})
        assert vi.status_code == 422 and vi.json()["column"] == 3
        assert "không mong đợi '^'" in vi.json()["detail"]


@pytest.mark.parametrize(
    ("path", "body", "words"),
    [
        ("/api/diff", {"expression": ""}, "expression"),
        ("/api/diff", {"expression": "x", "order": 0}, "order"),
        ("/api/diff", {"expression": "x", "colour": "red"}, "colour is not a field"),
        ("/api/diff", {"expression": "x" * 501}, "at most 500 characters"),
        ("/api/diff", {"expression": "x^2", "at": {"y": 1}}, "missing x"),
        ("/api/descend", {"expression": "x^2", "x0": 1, "learning_rate": 0}, "learning_rate"),
        ("/api/descend", {"expression": "x^2", "x0": {"y": 1}, "learning_rate": 0.1}, "y"),
        ("/api/descend", {"expression": "x^2", "x0": 1, "learning_rate": 0.1, "steps": 10**6},
         "steps"),
        ("/api/descend", {"expression": "x^2", "x0": 1, "learning_rate": 0.1, "optimizer": "sgd2"},
         "optimizer"),
        ("/api/sweep", {"expression": "x^2", "x0": 1, "learning_rates": []}, "learning_rates"),
        ("/api/sweep", {"expression": "x^2", "x0": 1, "learning_rates": [0.1] * 20,
                        "steps": 10000}, "learning_rates × steps"),
        ("/api/extrema", {"expression": "x^2", "domain": [3, 1]}, "a < b"),
        ("/api/check", {"expression": "x^2"}, "answer is missing"),
        ("/api/plot", {"expression": "x+y+z"}, "one or two variables"),
    ],
)  # fmt: skip
def test_bad_input_is_a_4xx_with_a_sentence(client: Any, path: str, body: dict, words: str) -> None:
    response = client.post(path, json=body)
    assert 400 <= response.status_code < 500, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and words in detail


def test_nan_and_not_json_are_rejected_with_a_sentence(client: Any) -> None:
    nan = '{"expression": "x^2", "x0": NaN, "learning_rate": 0.1}'
    json_type = {"content-type": "application/json"}
    response = client.post("/api/descend", content=nan, headers=json_type)
    assert response.status_code == 422 and "finite" in response.json()["detail"]
    response = client.post("/api/diff", content="x^2", headers=json_type)
    assert response.status_code == 422 and "JSON" in response.json()["detail"]


def test_messages_come_in_english_and_vietnamese(client: Any) -> None:
    en = client.get("/api/messages/en").json()
    vi = client.get("/api/messages/vi").json()
    assert en["calculus.rule.chain"] == "chain rule"
    assert vi["calculus.rule.chain"] == "quy tắc chuỗi"
    assert vi["web.page.descent"] == "Hạ gradient"
    assert set(en) == set(vi)
    assert client.get("/api/messages/fr").status_code == 422


def test_openapi_schema_lists_every_endpoint(client: Any) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for name in ("diff", "extrema", "check", "descend", "sweep", "plot"):
        assert f"/api/{name}" in paths


def test_a_client_without_lifespan_on_the_default_host_still_gets_answers() -> None:
    """TestClient(app) used without ``with`` never runs the lifespan (no worker pool) and
    sends Host "testserver": each job then gets a worker of its own, and the answer is
    the lesson's first step (70 - 0.1 * 2 * 70 = 56)."""
    need_web()
    from fastapi.testclient import TestClient

    bare = TestClient(make_app())
    reply = bare.post(
        "/api/descend",
        json={"expression": "x^2", "x0": {"x": 70}, "learning_rate": 0.1, "steps": 1},
    )
    assert reply.status_code == 200, reply.text
    assert reply.json()["path"][1]["x"] == pytest.approx(56.0)
    bad = bare.post("/api/diff", json={"expression": "x^^2"})
    assert bad.status_code == 422 and bad.json()["column"] == 3
