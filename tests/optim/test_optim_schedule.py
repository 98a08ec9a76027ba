"""Learning-rate schedules and gradient clipping against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

import gradstep as gs
from gradstep import optim


def _param():
    return gs.zeros(1, requires_grad=True)


@pytest.mark.torch
def test_step_and_cosine_schedules_match_pytorch(torch):
    for ours_make, theirs_make in [
        (lambda o: optim.StepLR(o, 3, 0.5), lambda o: torch.optim.lr_scheduler.StepLR(o, 3, 0.5)),
        (
            lambda o: optim.CosineLR(o, 10, 0.01),
            lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 10, 0.01),
        ),
    ]:
        ours_opt = optim.SGD([_param()], lr=0.2)
        theirs_opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.2)
        ours, theirs = ours_make(ours_opt), theirs_make(theirs_opt)
        for _ in range(10):
            theirs_opt.step()
            theirs.step()
            assert ours.step() == pytest.approx(theirs_opt.param_groups[0]["lr"], rel=1e-12)


@pytest.mark.torch
def test_clip_grad_norm_matches_pytorch(torch):
    g1, g2 = np.array([3.0, 4.0]), np.array([[12.0]])
    a, b = (
        gs.tensor(np.zeros(2), requires_grad=True),
        gs.tensor(np.zeros((1, 1)), requires_grad=True),
    )
    a.grad, b.grad = gs.tensor(g1), gs.tensor(g2)
    ta, tb = torch.zeros(2, requires_grad=True), torch.zeros(1, 1, requires_grad=True)
    ta.grad, tb.grad = torch.tensor(g1), torch.tensor(g2)
    total = optim.clip_grad_norm([a, b], 1.0)
    ref = torch.nn.utils.clip_grad_norm_([ta, tb], 1.0)
    assert total == pytest.approx(13.0) == pytest.approx(ref.item())
    np.testing.assert_allclose(a.grad.numpy(), ta.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(b.grad.numpy(), tb.grad.numpy(), rtol=1e-12)


def test_clip_grad_value_bounds_every_element():
    w = gs.zeros(3, requires_grad=True)
    w.grad = gs.tensor([-5.0, 0.5, 9.0])
    optim.clip_grad_value([w], 1.0)
    assert w.grad.tolist() == [-1.0, 0.5, 1.0]


@pytest.mark.torch
@pytest.mark.parametrize("max_norm", [13.0, 13.0 + 5e-7, 14.0])
def test_clip_grad_norm_at_and_just_above_the_norm_matches_pytorch(torch, max_norm):
    # PyTorch scales by max_norm / (‖g‖ + 1e-6) whenever that is below 1, so a norm equal
    # to max_norm is scaled a hair; a clearly larger max_norm leaves g as it is
    g = np.array([3.0, 4.0, 12.0])
    w = gs.tensor(np.zeros(3), requires_grad=True)
    w.grad = gs.tensor(g.copy())
    tw = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    tw.grad = torch.tensor(g.copy())
    optim.clip_grad_norm([w], max_norm)
    torch.nn.utils.clip_grad_norm_([tw], max_norm)
    np.testing.assert_array_equal(w.grad.numpy(), tw.grad.numpy())
    expected = g * min(1.0, max_norm / (13.0 + 1e-6))
    np.testing.assert_allclose(w.grad.numpy(), expected, rtol=1e-15)
