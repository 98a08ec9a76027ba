"""Every primitive in the spec table against central differences (float64, broadcasting
shapes drawn by Hypothesis), against PyTorch (values, gradients and second derivatives at
rtol 1e-10), and in float32 (values, ``.grad`` and double-backward gradients stay float32).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from opspec import SPEC_IDS, SPECS, OpSpec, as_array, call, numeric_vjp, sample_inputs, to_torch

import gradstep as gs

RTOL, ATOL = 1e-10, 1e-12


def quick(examples: int) -> settings:
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


ops = pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)


def _weights(shape: tuple[int, ...], seed: int, dtype: Any = np.float64) -> np.ndarray:
    return np.random.default_rng(seed + 1).standard_normal(shape).astype(dtype)


def _close(actual: np.ndarray, expected: np.ndarray, what: str) -> None:
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    scale = max(1.0, float(np.max(np.abs(expected), initial=0.0)))
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=ATOL * scale, err_msg=what)


@ops
@quick(12)
@given(data=st.data())
def test_gradient_matches_central_differences(spec: OpSpec, data: st.DataObject) -> None:
    case = data.draw(spec.cases)
    arrays = sample_inputs(spec, case)
    leaves, out = call(spec, case, arrays, requires_grad=True)
    weights = _weights(out.shape, case.seed)
    out.backward(weights)

    def forward(values: list[np.ndarray]) -> np.ndarray:
        return spec.fn(*[gs.tensor(v) for v in values], **case.params).numpy()

    numeric = numeric_vjp(forward, arrays, weights)
    for i, (leaf, expected) in enumerate(zip(leaves, numeric, strict=True)):
        assert leaf.grad is None or leaf.grad.shape == leaf.shape
        np.testing.assert_allclose(
            as_array(leaf.grad, arrays[i]), expected, rtol=1e-6, atol=1e-6, err_msg=f"input {i}"
        )


@pytest.mark.torch
@ops
@quick(8)
@given(data=st.data())
def test_values_and_gradients_match_torch_float64(
    spec: OpSpec, data: st.DataObject, torch: Any
) -> None:
    case = data.draw(spec.cases)
    arrays = sample_inputs(spec, case)
    leaves, out = call(spec, case, arrays, requires_grad=True)
    t_leaves = to_torch(torch, arrays)
    t_out = spec.torch_fn(torch, *t_leaves, **case.params)
    _close(out.numpy(), t_out.detach().numpy(), "value")
    weights = _weights(out.shape, case.seed)
    out.backward(weights)
    t_out.backward(torch.tensor(weights))
    for i, (leaf, t_leaf) in enumerate(zip(leaves, t_leaves, strict=True)):
        _close(as_array(leaf.grad, arrays[i]), as_array(t_leaf.grad, arrays[i]), f"grad {i}")


def _double_backward(spec: OpSpec, case: Any, arrays: list[np.ndarray], dtype: Any) -> tuple:
    """First gradients (create_graph=True) of Σ w·f, then ∂/∂x of Σ v·(those gradients)."""
    leaves, out = call(spec, case, arrays, requires_grad=True)
    weights = gs.tensor(_weights(out.shape, case.seed, dtype))
    first = gs.gradients([(out * weights).sum()], leaves, create_graph=True)
    directions = [_weights(a.shape, case.seed + 7 + i, dtype) for i, a in enumerate(arrays)]
    total = None
    for g, v in zip(first, directions, strict=True):
        if g is not None:
            term = (g * gs.tensor(v)).sum()
            total = term if total is None else total + term
    second = gs.gradients([total], leaves) if total is not None else [None] * len(leaves)
    return first, second, weights.numpy(), directions


def _torch_double_backward(
    torch: Any, spec: OpSpec, case: Any, arrays: list[np.ndarray], w: Any, vs: list
) -> tuple:
    leaves = to_torch(torch, arrays)
    s = (spec.torch_fn(torch, *leaves, **case.params) * torch.tensor(w)).sum()
    first = torch.autograd.grad(s, leaves, create_graph=True, allow_unused=True)
    terms = [
        (g * torch.tensor(v)).sum()
        for g, v in zip(first, vs, strict=True)
        if g is not None and g.requires_grad
    ]
    if not terms:
        return first, [None] * len(leaves)
    second = torch.autograd.grad(sum(terms), leaves, allow_unused=True)
    return first, second


@pytest.mark.torch
@ops
@quick(4)
@given(data=st.data())
def test_second_derivatives_match_torch_double_backward(
    spec: OpSpec, data: st.DataObject, torch: Any
) -> None:
    case = data.draw(spec.cases)
    arrays = sample_inputs(spec, case)
    first, second, w, vs = _double_backward(spec, case, arrays, np.float64)
    t_first, t_second = _torch_double_backward(torch, spec, case, arrays, w, vs)
    for i, a in enumerate(arrays):
        _close(as_array(first[i], a), as_array(t_first[i], a), f"create_graph grad {i}")
        _close(as_array(second[i], a), as_array(t_second[i], a), f"second derivative {i}")


@ops
@quick(4)
@given(data=st.data())
def test_float32_stays_float32_in_values_grads_and_double_backward(
    spec: OpSpec, data: st.DataObject
) -> None:
    case = data.draw(spec.cases)
    arrays = sample_inputs(spec, case, np.float32)
    leaves, out = call(spec, case, arrays, requires_grad=True)
    assert out.dtype == gs.float32, f"value is {out.dtype}"
    reference = spec.fn(*[gs.tensor(a.astype(np.float64)) for a in arrays], **case.params)
    np.testing.assert_allclose(out.numpy(), reference.numpy(), rtol=1e-4, atol=1e-5)
    out.backward(_weights(out.shape, case.seed, np.float32))
    for leaf in leaves:
        if leaf.grad is not None:
            assert isinstance(leaf.grad, gs.Tensor)
            assert leaf.grad.dtype == gs.float32, f".grad is {leaf.grad.dtype}"
            assert leaf.grad.shape == leaf.shape
    first, second, _, _ = _double_backward(spec, case, arrays, np.float32)
    for g in (*first, *second):
        if g is not None:
            assert g.dtype == gs.float32, f"create_graph gradient is {g.dtype}"


@ops
@quick(4)
@given(data=st.data())
def test_create_graph_first_derivatives_equal_plain_backward(
    spec: OpSpec, data: st.DataObject
) -> None:
    case = data.draw(spec.cases)
    arrays = sample_inputs(spec, case)
    leaves, out = call(spec, case, arrays, requires_grad=True)
    out.backward(_weights(out.shape, case.seed))
    first, _, _, _ = _double_backward(spec, case, arrays, np.float64)
    for i, (leaf, g) in enumerate(zip(leaves, first, strict=True)):
        _close(as_array(g, arrays[i]), as_array(leaf.grad, arrays[i]), f"input {i}")


def _first_gradients(spec: OpSpec, case: Any, arrays: list[np.ndarray], w: np.ndarray) -> list:
    leaves, out = call(spec, case, arrays, requires_grad=True)
    found = gs.gradients([(out * gs.tensor(w)).sum()], leaves)
    return [as_array(g, a) for g, a in zip(found, arrays, strict=True)]


@ops
@quick(4)
@given(data=st.data())
def test_second_derivatives_match_differences_of_first_derivatives(
    spec: OpSpec, data: st.DataObject
) -> None:
    """Without PyTorch too: H·v from double backward equals (∇(x + εv) − ∇(x − εv)) / 2ε."""
    case = data.draw(spec.cases)
    arrays = sample_inputs(spec, case)
    _, second, w, vs = _double_backward(spec, case, arrays, np.float64)
    eps = 1e-6
    up = _first_gradients(spec, case, [a + eps * v for a, v in zip(arrays, vs, strict=True)], w)
    down = _first_gradients(spec, case, [a - eps * v for a, v in zip(arrays, vs, strict=True)], w)
    for i, a in enumerate(arrays):
        numeric = (up[i] - down[i]) / (2 * eps)
        np.testing.assert_allclose(
            as_array(second[i], a), numeric, rtol=1e-5, atol=1e-5, err_msg=f"input {i}"
        )
