"""Export to PyTorch and save/load: same outputs, documented format, no pickle."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

import gradstep as gs
from gradstep import nn
from gradstep.errors import InputError


@pytest.mark.torch
@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
def test_to_torch_gives_the_same_outputs_to_1e_12_in_float64(torch, activation):
    net = nn.MLP([5, 16, 16, 3], activation=activation, seed=0, dtype=np.float64)
    x = np.random.default_rng(0).normal(size=(32, 5))
    module = net.to_torch()
    assert isinstance(module, torch.nn.Module)
    with torch.no_grad():
        theirs = module(torch.tensor(x)).numpy()
    np.testing.assert_allclose(net(gs.tensor(x)).numpy(), theirs, rtol=0, atol=1e-12)


@pytest.mark.torch
def test_to_torch_keeps_float32_and_dropout(torch):
    module = nn.MLP([2, 4, 2], dropout=0.2, seed=0).to_torch()
    assert next(module.parameters()).dtype == torch.float32
    assert any(isinstance(m, torch.nn.Dropout) and m.p == 0.2 for m in module)


def test_save_then_load_restores_architecture_and_weights(tmp_path):
    net = nn.MLP([3, 6, 2], activation="tanh", seed=4, dtype=np.float64)
    path = tmp_path / "model.npz"
    net.save(path)
    back = nn.load(path)
    assert back.config() == net.config()
    x = gs.tensor(np.random.default_rng(0).normal(size=(5, 3)))
    np.testing.assert_array_equal(back(x).numpy(), net(x).numpy())


def test_saved_file_is_a_plain_npz_with_a_json_header(tmp_path):
    path = tmp_path / "m.npz"
    nn.save(nn.MLP([2, 3, 1], seed=0), path)
    with np.load(path, allow_pickle=False) as archive:
        header = json.loads(archive["__header__"].tobytes())
        assert header["format"] == "gradstep.nn" and header["version"] == 1
        assert archive["0.weight"].shape == (2, 3)
    assert header["parameters"] == ["0.weight", "0.bias", "2.weight", "2.bias"]


def test_loading_garbage_or_a_missing_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="corrupt"):
        nn.load(bad)
    with pytest.raises(InputError, match="does not exist"):
        nn.load(tmp_path / "none.npz")


def test_loading_never_unpickles_object_arrays(tmp_path):
    path = tmp_path / "evil.npz"
    with zipfile.ZipFile(path, "w") as z, z.open("__header__.npy", "w") as f:
        np.save(f, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(InputError, match="corrupt"):
        nn.load(path)


def test_load_takes_the_model_out_of_a_training_checkpoint(tmp_path):
    from gradstep.data import load_dataset
    from gradstep.nn.training import fit

    net = nn.MLP([2, 8, 2], seed=0)
    path = tmp_path / "ck.npz"
    fit(net, load_dataset("moons", n=100), epochs=1, checkpoint=path, progress=False)
    back = nn.load(path)
    assert back.config() == net.config()
    x = gs.tensor(np.random.default_rng(0).normal(size=(5, 2)).astype(np.float32))
    np.testing.assert_array_equal(back(x).numpy(), net(x).numpy())


def test_a_saved_file_missing_a_weight_array_is_a_clear_error(tmp_path):
    path = tmp_path / "model.npz"
    nn.MLP([2, 3, 1], seed=0).save(path)
    with np.load(path) as archive:
        arrays = {k: archive[k] for k in archive.files if k != "0.bias"}
    np.savez(path, **arrays)
    with pytest.raises(InputError, match=r"no array for 0\.bias"):
        nn.load(path)
