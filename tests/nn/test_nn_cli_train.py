"""``gradstep train`` through its interface: JSON keys, exit codes, one-line errors, resume."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from gradstep.cli.app import _register_commands, app
from gradstep.nn.checkpoint import load_checkpoint

_register_commands()
FAST = ["--dataset", "moons", "--samples", "200", "--hidden", "8"]


def _invoke(*args: str):
    return CliRunner().invoke(app, ["train", *args])


def _error_line(result) -> str:
    lines = result.stderr.strip().splitlines() if result.stderr else result.output.splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def test_json_has_dataset_history_final_and_seconds():
    result = _invoke(*FAST, "--epochs", "2", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["dataset"] == "moons" and isinstance(out["seconds"], float)
    assert [h["epoch"] for h in out["history"]] == [1, 2]
    assert set(out["final"]) == {"test_accuracy", "test_loss"}


def test_resumed_cli_run_matches_an_uninterrupted_one_bit_for_bit(tmp_path):
    full, part = tmp_path / "full.npz", tmp_path / "part.npz"
    assert _invoke(*FAST, "--epochs", "4", "--checkpoint", str(full), "--json").exit_code == 0
    assert _invoke(*FAST, "--epochs", "2", "--checkpoint", str(part), "--json").exit_code == 0
    result = _invoke(*FAST, "--epochs", "4", "--checkpoint", str(part), "--resume", "--json")
    assert result.exit_code == 0, result.output
    assert [h["epoch"] for h in json.loads(result.stdout)["history"]] == [1, 2, 3, 4]
    a, b = load_checkpoint(full), load_checkpoint(part)
    assert a.epoch == b.epoch == 4
    for name in a.params:
        np.testing.assert_array_equal(a.params[name], b.params[name])


def test_resume_with_another_architecture_exits_2_with_one_line(tmp_path):
    ck = tmp_path / "c.npz"
    _invoke(*FAST, "--epochs", "1", "--checkpoint", str(ck))
    result = _invoke(*FAST[:-1], "16", "--epochs", "2", "--checkpoint", str(ck), "--resume")
    assert result.exit_code == 2
    assert "MLP 2-8-2" in _error_line(result)


@pytest.mark.parametrize("content", [None, b"garbage"])
def test_missing_or_corrupt_checkpoint_exits_2_and_is_left_untouched(tmp_path, content):
    ck = tmp_path / "c.npz"
    if content is not None:
        ck.write_bytes(content)
    result = _invoke(*FAST, "--epochs", "2", "--checkpoint", str(ck), "--resume")
    assert result.exit_code == 2
    assert _error_line(result).startswith("error: checkpoint")
    assert (ck.read_bytes() == content) if content else not ck.exists()


def test_csv_with_a_non_numeric_cell_exits_2_naming_row_and_column(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("x1,x2,y\n1,2,0\n3,oops,1\n5,6,0\n")
    result = _invoke("--data", str(path), "--target", "y")
    assert result.exit_code == 2
    assert "row 3, column 'x2'" in _error_line(result)


def test_unknown_target_column_exits_2(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("x1,x2,y\n1,2,0\n3,4,1\n5,6,0\n")
    result = _invoke("--data", str(path), "--target", "price")
    assert result.exit_code == 2 and "'price'" in _error_line(result)


def test_csv_regression_trains_and_reports_r2(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 2))
    y = 3 * x[:, 0] - x[:, 1] + 0.1 * rng.normal(size=60)
    rows = "\n".join(f"{a},{b},{c}" for (a, b), c in zip(x, y, strict=True))
    path = tmp_path / "r.csv"
    path.write_text("a,b,target\n" + rows)
    result = _invoke("--data", str(path), "--target", "target", "--epochs", "40", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["final"]["test_r2"] > 0.8 and out["linear_baseline_r2"] > 0.9


@pytest.mark.parametrize(
    "args",
    [
        ["--dataset", "mnist"],
        ["--activation", "gelu"],
        ["--optimizer", "lbfgs"],
        ["--hidden", "64,x"],
        ["--epochs", "0"],
        ["--lr", "-1"],
        ["--epochs", "abc"],
        ["--lr", "fast"],
        ["--batch-size", "1.5"],
        ["--seed", "-1"],
        ["--noise", "x"],
    ],
)
def test_bad_options_exit_2_with_one_line(args):
    result = _invoke(*args)
    assert result.exit_code == 2 and _error_line(result).startswith("error:")


def test_nan_guard_exits_1_and_names_the_layer():
    result = _invoke(*FAST, "--optimizer", "sgd", "--lr", "1e30", "--epochs", "2", "--json")
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out["stopped"] == "nan" and "layer" in out["message"]


def test_diagnose_and_plot_write_pictures_and_the_vanishing_study(tmp_path):
    result = _invoke(*FAST, "--epochs", "1", "--diagnose", "--plot", str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["diagnostics"]["vanishing_gradients"]["sigmoid_over_relu"] < 1e-3
    assert "grad_norms" in out["history"][0]
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["decision_boundary.png", "loss.png", "vanishing_gradients.png"]


def test_checkpoint_path_holding_another_file_is_refused_and_the_file_kept(tmp_path):
    mine = tmp_path / "data.csv"
    mine.write_text("a,b\n1,2\n")
    result = _invoke(*FAST, "--epochs", "1", "--checkpoint", str(mine))
    assert result.exit_code == 2
    assert "not a gradstep checkpoint" in _error_line(result)
    assert mine.read_text() == "a,b\n1,2\n"


def test_checkpoint_path_that_is_a_folder_exits_2_before_training(tmp_path):
    result = _invoke(*FAST, "--epochs", "1", "--checkpoint", str(tmp_path))
    assert result.exit_code == 2 and "folder" in _error_line(result)
    assert list(tmp_path.iterdir()) == []


def test_a_new_run_may_overwrite_its_own_earlier_checkpoint(tmp_path):
    ck = tmp_path / "c.npz"
    assert _invoke(*FAST, "--epochs", "2", "--checkpoint", str(ck)).exit_code == 0
    assert _invoke(*FAST, "--epochs", "1", "--checkpoint", str(ck)).exit_code == 0
    assert load_checkpoint(ck).epoch == 1


def test_resume_with_fewer_epochs_than_the_checkpoint_exits_2_and_keeps_it(tmp_path):
    ck = tmp_path / "c.npz"
    assert _invoke(*FAST, "--epochs", "3", "--checkpoint", str(ck)).exit_code == 0
    before = ck.read_bytes()
    result = _invoke(*FAST, "--epochs", "2", "--checkpoint", str(ck), "--resume")
    assert result.exit_code == 2
    assert "already has 3 epoch(s)" in _error_line(result)
    assert ck.read_bytes() == before


def test_plot_path_that_is_a_file_exits_2_before_training(tmp_path):
    taken = tmp_path / "taken"
    taken.write_text("mine")
    result = _invoke(*FAST, "--epochs", "1", "--plot", str(taken))
    assert result.exit_code == 2 and "not a folder" in _error_line(result)
    assert taken.read_text() == "mine"


def test_plot_folder_that_does_not_exist_is_made(tmp_path):
    folder = tmp_path / "new" / "plots"
    result = _invoke(*FAST, "--epochs", "1", "--plot", str(folder), "--json")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["decision_boundary.png", "loss.png"]
