"""``explain`` beyond the one-neuron lesson: a value used twice, vectors, the data form."""

from __future__ import annotations

import math

import pytest

import gradstep as gs


def test_explain_a_value_used_twice_adds_both_paths_with_numbers_that_add_up() -> None:
    x = gs.tensor(3.0, requires_grad=True, name="x")
    square = x * x
    square.name = "s"
    y = square + x
    y.name = "y"
    report = gs.explain(y)
    s_step = next(step for step in report.steps if step.name == "s")
    assert s_step.local == {"x": "6"}  # ∂(x·x)/∂x = 2x, both factors counted
    line = next(line for line in report.lines if line.startswith("∂y/∂x"))
    assert line == "∂y/∂x = ∂y/∂y · ∂y/∂x + ∂y/∂s · ∂s/∂x = 1 · 1 + 1 · 6 = 7"


def test_explain_gradients_equal_backward_on_a_vector_graph() -> None:
    w = gs.tensor([0.5, -1.0, 2.0], requires_grad=True, name="w")
    loss = (gs.tanh(w) * w).sum()
    loss.name = "L"
    report = gs.explain(loss)
    loss.backward()
    w_step = next(step for step in report.steps if step.name == "w")
    shown = [float(v) for v in w_step.gradient.strip("[]").split(",")]
    assert shown == pytest.approx(w.grad.tolist(), rel=1e-3)


def test_explain_names_unnamed_nodes_in_order_and_to_dict_has_stable_keys() -> None:
    x = gs.tensor(2.0, requires_grad=True)
    report = gs.explain(gs.exp(x) * 3.0)
    data = report.to_dict()
    assert set(data) == {"root", "lang", "kinks", "steps"}
    assert set(data["steps"][0]) == {
        "name",
        "op",
        "inputs",
        "value",
        "local",
        "gradient",
        "terms",
        "kink",
    }
    assert [step["name"] for step in data["steps"]] == ["v3", "v2", "v1"]
    assert data["steps"][-1]["op"] is None  # the input
    assert float(data["steps"][-1]["gradient"]) == pytest.approx(3 * 7.389056, rel=1e-5)


def test_explain_after_a_freeing_backward_says_what_to_do() -> None:
    x = gs.tensor(2.0, requires_grad=True)
    y = gs.sigmoid(3 * x)
    y.backward()
    with pytest.raises(gs.GradientError, match=r"explain: .*before y\.backward\(\)"):
        gs.explain(y)
    x.grad = None
    z = gs.sigmoid(3 * x)
    z.backward(retain_graph=True)
    s = 1 / (1 + math.exp(-6.0))
    assert "sigmoid" in str(gs.explain(z)) and x.grad.item() == pytest.approx(3 * s * (1 - s))
