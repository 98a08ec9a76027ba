"""What the tour does when a check differs or an example breaks, and with bad input."""

from __future__ import annotations

import json

import pytest

from gradstep.report import tour as tour_module
from gradstep.report.checks import above, at_least, at_most, below, close, equal
from gradstep.report.results import ExampleResult


def _example(number: int, got: float):
    def run(ctx):
        check = close(ctx.t("check.x1"), 56.0, got)
        return ExampleResult(number, ctx.t(f"e{number}.title"), ctx.t(f"e{number}.question"),
                             ("line <b>&",), (), (check,))  # fmt: skip

    return run


def _broken(ctx):
    raise RuntimeError("the engine broke")


@pytest.fixture
def fake_examples(monkeypatch: pytest.MonkeyPatch):
    examples = ((1, _example(1, 56.0)), (2, _example(2, 55.5)), (3, _broken))
    monkeypatch.setattr(tour_module, "EXAMPLES", examples)


def test_a_differing_check_exits_1_and_shows_both_values(fake_examples, tmp_path, cli):
    result = cli("--out", str(tmp_path), "--quick")
    assert result.exit_code == 1
    assert "✗" in result.stdout and "56" in result.stdout and "55.5" in result.stdout
    assert str(tmp_path / "report.html") in result.stdout
    md = (tmp_path / "report.md").read_text("utf-8")
    assert "| ✗ |" in md and "| 56 | 55.5 |" in md


def test_a_broken_example_is_a_failed_check_not_a_traceback(fake_examples, tmp_path, cli):
    result = cli("--out", str(tmp_path), "--json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    third = payload["examples"][2]
    assert third["id"] == 3 and third["checks"][0]["ok"] is False
    assert "RuntimeError: the engine broke" in third["checks"][0]["got"]
    assert [c["ok"] for e in payload["examples"][:2] for c in e["checks"]] == [True, False]


def test_html_escapes_what_the_library_wrote(fake_examples, tmp_path, cli):
    cli("--out", str(tmp_path))
    html = (tmp_path / "report.html").read_text("utf-8")
    assert "line &lt;b&gt;&amp;" in html and "line <b>&" not in html


def test_json_mode_prints_only_json(fake_examples, tmp_path, cli):
    result = cli("--out", str(tmp_path), "--json")
    json.loads(result.stdout)  # strict JSON, no progress bar or summary mixed in


def test_unknown_language_exits_2_with_one_line(tmp_path, cli):
    result = cli("--out", str(tmp_path), "--lang", "fr")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "fr" in result.stderr


def test_out_that_is_a_file_exits_2_and_leaves_it_alone(tmp_path, cli):
    target = tmp_path / "taken.txt"
    target.write_text("keep me")
    result = cli("--out", str(target), "--quick")
    assert result.exit_code == 2 and "error: " in result.stderr and "Traceback" not in result.stderr
    assert target.read_text() == "keep me"


def test_check_helpers_decide_on_the_exact_value():
    assert close("x", 56, 56.00000000000001).ok
    assert not close("x", 56, 56.1).ok
    assert close("x", 56, 56.00000000000001).got == 56.0
    assert not close("x", 1.0, float("nan")).ok
    assert not close("x", 1.0, None).ok
    assert equal("v", "converged", "converged").ok and not equal("v", True, False).ok
    assert below("r", 1e-2, 1e-7).ok and not below("r", 1e-2, 0.5).ok
    assert at_most("d", 0.02, 0.020000000000000018).ok and not at_most("d", 0.02, 0.03).ok
    assert above("r", 40, 46.9).ok and at_least("a", 0.97, 0.97).ok
    assert below("r", 1e-2, 0.5).to_dict() == {"what": "r", "expected": "< 0.01", "got": 0.5,
                                               "ok": False}  # fmt: skip
