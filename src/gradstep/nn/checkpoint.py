"""Training checkpoints: everything needed to resume a run exactly where it stopped.

A checkpoint is one ``.npz`` file (the same container as :mod:`gradstep.nn.serialize`),
written atomically at exactly the path given, after every epoch:

* ``__header__`` (UTF-8 JSON): ``format`` ("gradstep.nn"), ``kind`` ("checkpoint"),
  ``version``, ``architecture``, ``dtype``, ``parameters`` (names), ``epoch`` (epochs
  done), ``config`` (dataset, seed, optimizer, learning rate, batch size ...),
  ``optimizer`` (name, step count, hyperparameters), ``schedule``, ``rng`` (the state of
  the generator that shuffles batches and draws dropout masks), ``early_stopping`` and
  ``history`` (the epoch records so far);
* ``param/<name>``: each parameter; ``optim/<i>/<slot>``: each optimizer state array.

The new file is written next to the old one, read back and checked, and only then moved
over it (``os.replace``), so a crash or a bad write never replaces a good checkpoint.
Loading never unpickles (``allow_pickle=False``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from gradstep.errors import InputError
from gradstep.i18n import message
from gradstep.nn.module import Module
from gradstep.nn.serialize import FORMAT, HEADER, encode_header, read_npz, write_npz
from gradstep.optim.optimizer import Optimizer

VERSION = 1


@dataclass(frozen=True)
class Checkpoint:
    """A checkpoint read back from disk (see the module docstring for the format)."""

    header: dict[str, Any]
    params: dict[str, np.ndarray]
    optimizer: dict[str, Any]

    @property
    def epoch(self) -> int:
        return int(self.header["epoch"])


def _optimizer_arrays(state: dict[str, Any]) -> dict[str, np.ndarray]:
    return {
        f"optim/{i}/{slot}": value
        for i, slots in enumerate(state["state"])
        for slot, value in slots.items()
    }


def save_checkpoint(
    path: str | os.PathLike[str],
    model: Module,
    optimizer: Optimizer,
    header: dict[str, Any],
) -> None:
    """Write a checkpoint atomically; ``header`` holds epoch, config, rng, history ..."""
    params = model.state_dict()
    opt = optimizer.state_dict()
    full = {
        "format": FORMAT,
        "kind": "checkpoint",
        "version": VERSION,
        "architecture": model.config(),
        "dtype": str(next(iter(params.values())).dtype),
        "parameters": list(params),
        "optimizer": {k: v for k, v in opt.items() if k != "state"},
        **header,
    }
    arrays = {f"param/{name}": value for name, value in params.items()}
    arrays |= _optimizer_arrays(opt)
    arrays[HEADER] = encode_header(full)
    write_npz(path, arrays)


def load_checkpoint(path: str | os.PathLike[str]) -> Checkpoint:
    """Read a checkpoint; a clear InputError when it is missing, corrupt or not one."""
    header, arrays = read_npz(path, "checkpoint")
    try:
        if header.get("kind") != "checkpoint":
            raise KeyError("kind")
        params = {name: arrays[f"param/{name}"] for name in header["parameters"]}
        n = len(params)
        slots: list[dict[str, np.ndarray]] = [{} for _ in range(n)]
        for key, value in arrays.items():
            if key.startswith("optim/"):
                _, i, slot = key.split("/", 2)
                slots[int(i)][slot] = value
        optimizer = {**header["optimizer"], "state": slots}
        int(header["epoch"])
    except (KeyError, ValueError, IndexError, TypeError):
        raise InputError(
            f"checkpoint {str(Path(path))!r} is corrupt or not a gradstep checkpoint "
            "(it was left untouched)"
        ) from None
    return Checkpoint(header, params, optimizer)


def check_target(path: str | os.PathLike[str], lang: str = "en") -> None:
    """Refuse a checkpoint path that is a folder, or an existing file that is not a gradstep
    checkpoint (it would be overwritten after the first epoch: the user's file is kept)."""
    target = Path(path)
    shown = str(target)
    if target.is_dir():
        raise InputError(message("nn.checkpoint.folder", lang, path=shown))
    if target.exists():
        try:
            load_checkpoint(target)
        except InputError:
            raise InputError(message("nn.checkpoint.not_checkpoint", lang, path=shown)) from None


def describe(architecture: dict[str, Any]) -> str:
    """A short human form of an architecture, for mismatch messages."""
    if architecture.get("type") == "MLP":
        sizes = "-".join(str(n) for n in architecture.get("sizes", []))
        return f"MLP {sizes} ({architecture.get('activation')})"
    return str(architecture.get("type"))
