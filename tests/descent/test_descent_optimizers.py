"""The update rules: hand-derived first steps, and whole runs against torch.optim."""

from __future__ import annotations

import numpy as np
import pytest

from gradstep.descent import Adam, Momentum, descend, get_optimizer
from gradstep.errors import InputError

F = "x^2 + 3 y^2 + x y"
X0 = {"x": 2.0, "y": -1.0}


def test_adam_first_step_is_learning_rate_times_sign_thanks_to_bias_correction():
    # m̂₁ = g, v̂₁ = g², so Δx₁ = −η·g/(|g| + ε) ≈ −η·sign(g) whatever the gradient's size
    run = descend("50 x^2", 3.0, 0.01, steps=1, optimizer="adam")
    assert run.points[1, 0] == pytest.approx(3.0 - 0.01, abs=1e-9)


def test_momentum_second_step_adds_the_velocity():
    run = descend("x^2", 1.0, 0.1, steps=2, optimizer="momentum")
    g0 = 2.0
    x1 = 1.0 - 0.1 * g0
    g1 = 2 * x1
    x2 = x1 - 0.1 * (0.9 * g0 + g1)
    np.testing.assert_allclose(run.points[:, 0], [1.0, x1, x2], rtol=1e-14)


def test_rmsprop_first_step_divides_by_root_mean_square():
    run = descend("x^2", 1.0, 0.01, steps=1, optimizer="rmsprop")
    g = 2.0
    s = 0.1 * g * g
    assert run.points[1, 0] == pytest.approx(1.0 - 0.01 * g / (np.sqrt(s) + 1e-8), rel=1e-14)


def _torch_run(torch, make, steps):
    p = torch.tensor([X0["x"], X0["y"]], requires_grad=True)
    opt = make([p])
    points = [p.detach().clone().numpy()]
    for _ in range(steps):
        opt.zero_grad()
        x, y = p[0], p[1]
        (x**2 + 3 * y**2 + x * y).backward()
        opt.step()
        points.append(p.detach().clone().numpy())
    return np.array(points)


@pytest.mark.torch
@pytest.mark.parametrize(
    ("name", "factory"),
    [
        ("gd", lambda t, ps: t.optim.SGD(ps, lr=0.05)),
        ("momentum", lambda t, ps: t.optim.SGD(ps, lr=0.05, momentum=0.9)),
        ("nesterov", lambda t, ps: t.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True)),
        ("rmsprop", lambda t, ps: t.optim.RMSprop(ps, lr=0.05, alpha=0.9, eps=1e-8)),
        ("adam", lambda t, ps: t.optim.Adam(ps, lr=0.05, betas=(0.9, 0.999), eps=1e-8)),
    ],
)
def test_each_optimizer_follows_torch_optim_step_by_step(torch, name, factory):
    run = descend(F, X0, 0.05, steps=40, tol=0.0, optimizer=name)
    expected = _torch_run(torch, lambda ps: factory(torch, ps), run.steps_taken)
    np.testing.assert_allclose(run.points, expected, rtol=1e-9, atol=1e-12)


def test_configured_optimizer_instances_are_accepted():
    slow = descend("x^2", 1.0, 0.1, steps=3, optimizer=Momentum(beta=0.0))
    plain = descend("x^2", 1.0, 0.1, steps=3)
    np.testing.assert_allclose(slow.points, plain.points)
    assert get_optimizer(Adam(beta1=0.5)).beta1 == 0.5


def test_unknown_optimizer_is_a_clear_error():
    with pytest.raises(InputError, match=r"unknown optimizer 'sgdd'.*gd, momentum"):
        descend("x^2", 1.0, 0.1, optimizer="sgdd")


@pytest.mark.parametrize("name", ["gd", "momentum", "nesterov", "adam"])
def test_optimizers_converge_on_a_bowl(name):
    lr = {"gd": 0.1, "momentum": 0.05, "nesterov": 0.05, "adam": 0.05}[name]
    run = descend("x^2 + y^2", {"x": 1.0, "y": -2.0}, lr, steps=5000, tol=1e-5, optimizer=name)
    assert run.verdict == "converged", run.reason


def test_rmsprop_with_a_fixed_rate_chatters_around_the_minimum():
    # its step is ≈ η·g/RMS(g), which does not shrink with the gradient
    run = descend("x^2 + y^2", {"x": 1.0, "y": -2.0}, 0.01, steps=2000, optimizer="rmsprop")
    assert run.verdict == "oscillating"
    assert np.linalg.norm(run.points[-1]) < 0.05
