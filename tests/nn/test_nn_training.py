"""fit: exact resume from checkpoints, the NaN guard, early stopping, diagnostics, results."""

from __future__ import annotations

import numpy as np
import pytest

from gradstep import nn, optim
from gradstep.data import load_dataset
from gradstep.errors import InputError
from gradstep.nn.checkpoint import load_checkpoint
from gradstep.nn.diagnostics import vanishing_gradients
from gradstep.nn.training import fit

SMALL = dict(n=200)


def _run(tmp_path, name, epochs, resume=False, dropout=0.2):
    data = load_dataset("moons", seed=1, **SMALL)
    model = nn.MLP([2, 16, 16, 2], dropout=dropout, seed=1)
    opt = optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    sched = optim.StepLR(opt, 2, 0.5)
    history = fit(
        model,
        data,
        optimizer=opt,
        schedule=sched,
        epochs=epochs,
        batch_size=16,
        seed=1,
        checkpoint=tmp_path / name,
        resume=resume,
        progress=False,
    )
    return model, history


def test_interrupted_and_resumed_run_ends_with_bit_identical_weights(tmp_path):
    full, _ = _run(tmp_path, "full.npz", 5)
    _run(tmp_path, "part.npz", 2)
    resumed, history = _run(tmp_path, "part.npz", 5, resume=True)
    assert history.resumed_from == 2 and [r.epoch for r in history.records] == [1, 2, 3, 4, 5]
    for name, value in full.state_dict().items():
        np.testing.assert_array_equal(resumed.state_dict()[name], value)
    assert load_checkpoint(tmp_path / "part.npz").epoch == 5


def test_checkpoint_is_written_at_exactly_the_given_path(tmp_path):
    _run(tmp_path, "run.ckpt", 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.ckpt"]


def test_corrupt_checkpoint_is_an_error_and_is_left_untouched(tmp_path):
    path = tmp_path / "bad.npz"
    path.write_bytes(b"garbage")
    with pytest.raises(InputError, match="corrupt"):
        _run(tmp_path, "bad.npz", 3, resume=True)
    assert path.read_bytes() == b"garbage"


def test_resuming_with_another_architecture_is_a_one_line_error(tmp_path):
    _run(tmp_path, "c.npz", 1)
    data = load_dataset("moons", seed=1, **SMALL)
    other = nn.MLP([2, 8, 2], seed=1)
    with pytest.raises(InputError, match=r"MLP 2-16-16-2.*MLP 2-8-2") as err:
        fit(other, data, epochs=2, checkpoint=tmp_path / "c.npz", resume=True, progress=False)
    assert "\n" not in str(err.value)


def test_nan_guard_stops_naming_the_layer_and_suggesting_a_smaller_learning_rate():
    data = load_dataset("moons", seed=0, **SMALL)
    model = nn.MLP([2, 16, 16, 2], seed=0)
    history = fit(
        model, data, optimizer=optim.SGD(model.parameters(), lr=1e30), epochs=3, progress=False
    )
    assert history.stopped == "nan"
    assert "layer" in history.message and "smaller" in history.message
    assert "--lr 1e+29" in history.message
    assert all(np.isfinite(p).all() for p in model.state_dict().values())


def test_early_stopping_halts_after_patience_epochs_without_improvement():
    data = load_dataset("moons", seed=0, **SMALL)
    model = nn.MLP([2, 8, 2], seed=0)
    history = fit(
        model,
        data,
        optimizer=optim.SGD(model.parameters(), lr=1e-9),
        epochs=50,
        early_stopping=2,
        monitor="loss",
        progress=False,
    )
    assert history.stopped == "early_stopping" and len(history.records) < 50


def test_diagnose_records_the_mean_gradient_norm_of_every_layer():
    data = load_dataset("moons", seed=0, **SMALL)
    model = nn.MLP([2, 8, 8, 2], seed=0)
    history = fit(model, data, epochs=1, batch_size=1000, diagnose=True, progress=False)
    norms = history.records[0].grad_norms
    assert list(norms) == ["layer1", "layer2", "layer3"]
    # one full batch: the mean over batches is this single batch's norm, recomputed here
    fresh = nn.MLP([2, 8, 8, 2], seed=0)
    nn.cross_entropy(fresh(data.x_train), data.y_train).backward()
    g = np.sqrt(
        np.sum(fresh[0].weight.grad.numpy().astype(float) ** 2)
        + np.sum(fresh[0].bias.grad.numpy().astype(float) ** 2)
    )
    assert norms["layer1"] == pytest.approx(g, rel=1e-5)


def test_ten_layer_sigmoid_first_layer_gradient_is_orders_of_magnitude_below_relu():
    study = vanishing_gradients(depth=10, seed=0)
    assert study.ratio("sigmoid", "relu") < 1e-3
    assert len(study.norms["sigmoid"]) == 10
    assert study.norms["sigmoid"][0] < study.norms["sigmoid"][-1] * 1e-3


def test_history_to_dict_has_the_issue_keys():
    data = load_dataset("diabetes", seed=0)
    history = fit(nn.MLP([10, 8, 1], "tanh", seed=0), data, epochs=2, progress=False)
    out = history.to_dict()
    assert {"dataset", "history", "final", "seconds"} <= set(out)
    assert set(out["final"]) == {"test_r2", "test_loss"}
    assert {"epoch", "loss", "r2", "test_loss", "test_r2"} <= set(out["history"][0])


def test_default_mlp_reaches_97_percent_on_digits_and_moons():
    from gradstep.nn.recipe import TrainSettings, dataset_for, model_for, optimizer_for, resolve

    for name in ("digits", "moons"):
        s = resolve(TrainSettings(dataset=name))
        data = dataset_for(s)
        model = model_for(s, data)
        history = fit(
            model,
            data,
            optimizer=optimizer_for(s, model),
            epochs=s.epochs,
            batch_size=s.batch_size,
            seed=s.seed,
            progress=False,
        )
        assert history.final["test_accuracy"] >= 0.97, name


def test_fit_takes_arrays_or_a_dataset_name_as_well_as_a_dataset() -> None:
    """(x, y) arrays are split and standardised exactly as make_dataset does, so training
    on them gives the same weights as training on that Dataset; a name loads it."""
    from gradstep import data

    x, y = data.moons(200, seed=3)

    def trained(source: object) -> list[np.ndarray]:
        model = nn.MLP([2, 8, 2], seed=1)
        fit(model, source, optimizer=optim.SGD(model.parameters(), lr=0.1), epochs=2,
               progress=False)  # fmt: skip
        return [p.numpy() for p in model.parameters()]

    expected = trained(data.make_dataset("data", x, y, "classification", 0))
    for got, want in zip(trained((x, y)), expected, strict=True):
        np.testing.assert_array_equal(got, want)
    named = trained("moons")
    reference = trained(data.load_dataset("moons", 0))
    for got, want in zip(named, reference, strict=True):
        np.testing.assert_array_equal(got, want)
    with pytest.raises(InputError, match="pair \\(x, y\\)"):
        fit(nn.MLP([2, 2]), 42)
    with pytest.raises(InputError, match="shape"):
        fit(nn.MLP([2, 2]), (x, y[:-1]))
