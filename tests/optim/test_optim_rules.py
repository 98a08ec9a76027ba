"""Optimizers step for step against PyTorch (float64, same init, same batches, 20 steps)."""

from __future__ import annotations

import numpy as np
import pytest

import gradstep as gs
from gradstep import nn, optim
from gradstep.errors import InputError

CASES = [
    ("sgd", dict(lr=0.1)),
    ("sgd", dict(lr=0.05, momentum=0.9)),
    ("sgd", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("adam", dict(lr=0.01)),
    ("adam", dict(lr=0.01, weight_decay=0.1)),
    ("adamw", dict(lr=0.01, weight_decay=0.1)),
    ("rmsprop", dict(lr=0.01)),
    ("rmsprop", dict(lr=0.01, momentum=0.5)),
]
OURS = {"sgd": optim.SGD, "adam": optim.Adam, "adamw": optim.AdamW, "rmsprop": optim.RMSprop}


def _batches(steps: int = 20):
    rng = np.random.default_rng(7)
    x = rng.normal(size=(steps, 16, 4))
    y = rng.integers(0, 3, size=(steps, 16))
    return x, y


@pytest.mark.torch
@pytest.mark.parametrize(("name", "hyper"), CASES)
def test_twenty_steps_match_pytorch_to_1e_9_in_float64(torch, name, hyper):
    theirs_cls = {
        "sgd": torch.optim.SGD,
        "adam": torch.optim.Adam,
        "adamw": torch.optim.AdamW,
        "rmsprop": torch.optim.RMSprop,
    }[name]
    net = nn.MLP([4, 16, 16, 3], activation="tanh", seed=0, dtype=np.float64)
    ref = net.to_torch()
    ours, theirs = OURS[name](net.parameters(), **hyper), theirs_cls(ref.parameters(), **hyper)
    x, y = _batches()
    for xb, yb in zip(x, y, strict=True):
        ours.zero_grad()
        nn.cross_entropy(net(gs.tensor(xb)), yb).backward()
        ours.step()
        theirs.zero_grad()
        torch.nn.functional.cross_entropy(ref(torch.tensor(xb)), torch.tensor(yb)).backward()
        theirs.step()
    for mine, other in zip(net.parameters(), ref.parameters(), strict=True):
        w = mine.numpy()
        np.testing.assert_allclose(
            w.T if w.ndim == 2 else w, other.detach().numpy(), rtol=0, atol=1e-9
        )
    assert ours.steps == 20


def test_lesson_step_from_70_with_learning_rate_0_1_lands_on_56():
    w = gs.tensor([70.0], requires_grad=True)
    opt = optim.SGD([w], lr=0.1)
    (w * w).sum().backward()
    opt.step()
    assert w.item() == pytest.approx(56.0, abs=1e-12)


def test_state_dict_round_trip_continues_identically():
    def run(split: bool) -> np.ndarray:
        w = gs.tensor(np.array([1.0, -2.0, 3.0]), requires_grad=True)
        opt = optim.Adam([w], lr=0.1)
        for i in range(6):
            if split and i == 3:
                saved = opt.state_dict()
                opt = optim.Adam([w], lr=0.5)
                opt.load_state_dict(saved)
            opt.zero_grad()
            (w**4).sum().backward()
            opt.step()
        return w.numpy().copy()

    np.testing.assert_array_equal(run(False), run(True))


def test_bad_hyperparameters_are_clear_errors():
    w = gs.zeros(2, requires_grad=True)
    with pytest.raises(InputError, match="learning rate"):
        optim.SGD([w], lr=0)
    with pytest.raises(InputError, match="Nesterov"):
        optim.SGD([w], lr=0.1, nesterov=True)
    with pytest.raises(InputError, match="no parameters"):
        optim.Adam([], lr=0.1)


@pytest.mark.parametrize("lr", [0.0, -0.1, float("inf"), float("nan"), "0.1", True])
def test_learning_rate_must_be_a_finite_positive_number(lr):
    with pytest.raises(InputError, match="learning rate"):
        optim.SGD([gs.zeros(1, requires_grad=True)], lr=lr)
