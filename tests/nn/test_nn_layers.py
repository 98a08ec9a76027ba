"""Layers, losses, initialisation and state dicts, held against NumPy and PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

import gradstep as gs
from gradstep import nn
from gradstep.errors import InputError, ShapeError


def test_linear_computes_x_times_w_plus_b():
    layer = nn.Linear(3, 2, seed=0, dtype=np.float64)
    x = np.arange(6.0).reshape(2, 3)
    expected = x @ layer.weight.numpy() + layer.bias.numpy()
    np.testing.assert_allclose(layer(gs.tensor(x)).numpy(), expected, rtol=1e-15)


def test_he_init_has_std_sqrt_2_over_fan_in_and_xavier_stays_in_its_bound():
    he = nn.Linear(400, 300, init="he", seed=0).weight.numpy()
    assert he.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    xavier = nn.Linear(400, 300, init="xavier", seed=0).weight.numpy()
    bound = np.sqrt(6 / 700)
    assert np.abs(xavier).max() <= bound and np.abs(xavier).max() > 0.99 * bound


def test_mlp_parameters_are_named_in_forward_order_and_float32_by_default():
    net = nn.MLP([4, 8, 3], seed=0)
    names = [n for n, _ in net.named_parameters()]
    assert names == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert net.num_parameters() == 4 * 8 + 8 + 8 * 3 + 3
    assert all(p.dtype == np.float32 for p in net.parameters())
    assert "Linear(4→8" in repr(net) and "relu" in repr(net)


def test_same_seed_gives_same_weights_and_other_seed_differs():
    a, b, c = (nn.MLP([2, 5, 2], seed=s).state_dict() for s in (1, 1, 2))
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not np.array_equal(a["0.weight"], c["0.weight"])


def test_state_dict_round_trip_and_architecture_mismatch_is_a_clear_error():
    src, dst = nn.MLP([2, 5, 2], seed=1), nn.MLP([2, 5, 2], seed=2)
    dst.load_state_dict(src.state_dict())
    x = gs.tensor(np.ones((3, 2), np.float32))
    np.testing.assert_array_equal(src(x).numpy(), dst(x).numpy())
    with pytest.raises(InputError, match="another architecture"):
        nn.MLP([2, 6, 2]).load_state_dict(src.state_dict())


def test_linear_rejects_wrong_number_of_features_naming_both():
    with pytest.raises(ShapeError, match=r"Linear\(3→2\).*5 features"):
        nn.Linear(3, 2)(gs.zeros((4, 5)))


def test_dropout_is_identity_in_eval_and_scales_kept_values_in_training():
    drop = nn.Dropout(0.25, seed=0)
    x = gs.ones((200, 100))
    out = drop(x).numpy()
    assert set(np.unique(out).tolist()) == {0.0, 1 / 0.75}
    assert (out == 0).mean() == pytest.approx(0.25, abs=0.01)
    drop.eval()
    np.testing.assert_array_equal(drop(x).numpy(), x.numpy())


def test_perceptron_is_one_sigmoid_neuron():
    p = nn.Perceptron(2, seed=0, dtype=np.float64)
    w, b = p[0].weight.numpy(), p[0].bias.numpy()
    x = np.array([[1.0, -2.0]])
    expected = 1 / (1 + np.exp(-(x @ w + b)))
    np.testing.assert_allclose(p(gs.tensor(x)).numpy(), expected, rtol=1e-14)


@pytest.mark.torch
def test_losses_match_pytorch_and_stay_finite_for_huge_logits(torch):
    rng = np.random.default_rng(0)
    z = np.concatenate([rng.normal(size=6), [1000.0, -1000.0]]).reshape(-1, 1)
    y = rng.integers(0, 2, size=z.shape).astype(float)
    F = torch.nn.functional
    cases = [
        (nn.binary_cross_entropy_with_logits, F.binary_cross_entropy_with_logits),
        (nn.mse_loss, F.mse_loss),
        (nn.l1_loss, F.l1_loss),
    ]
    for ours, theirs in cases:
        zt = gs.tensor(z, requires_grad=True)
        loss = ours(zt, gs.tensor(y))
        loss.backward()
        tz = torch.tensor(z, requires_grad=True)
        ref = theirs(tz, torch.tensor(y))
        ref.backward()
        assert np.isfinite(loss.item())
        assert loss.item() == pytest.approx(ref.item(), rel=1e-12)
        np.testing.assert_allclose(zt.grad.numpy(), tz.grad.numpy(), rtol=1e-12, atol=1e-15)


@pytest.mark.torch
def test_mlp_gradients_match_pytorch_through_to_torch(torch):
    net = nn.MLP([3, 7, 5, 4], activation="tanh", seed=3, dtype=np.float64)
    ref = net.to_torch()
    x = np.random.default_rng(1).normal(size=(6, 3))
    y = np.array([0, 1, 2, 3, 0, 1])
    nn.cross_entropy(net(gs.tensor(x)), y).backward()
    torch.nn.functional.cross_entropy(ref(torch.tensor(x)), torch.tensor(y)).backward()
    theirs = [p.grad.numpy() for p in ref.parameters()]
    ours = [p.grad.numpy() for p in net.parameters()]
    for mine, other in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(
            mine.T if mine.ndim == 2 else mine, other, rtol=1e-10, atol=1e-14
        )
