"""``load_dataset``: a dataset by name (or a CSV file), split and standardised, seeded.

>>> data = load_dataset("moons", seed=0)
>>> len(data.x_train), len(data.x_test), data.n_classes
(800, 200, 2)
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from gradstep.data import bundled, generated
from gradstep.data.csvfile import class_indices, guess_task, read_csv
from gradstep.data.dataset import Dataset, make_dataset
from gradstep.errors import InputError

GENERATED = {
    "moons": generated.moons,
    "circles": generated.circles,
    "spirals": generated.spirals,
}
DATASETS = ("moons", "circles", "spirals", "digits", "diabetes", "houses")


def load_dataset(
    name: str,
    seed: int = 0,
    *,
    n: int = 1000,
    noise: float = 0.1,
    dtype: Any = np.float32,
) -> Dataset:
    """One of :data:`DATASETS`, split with ``seed`` (last 20% test) and standardised.

    ``n`` and ``noise`` apply to the generated ones (moons: 1000 points, noise 0.1).
    """
    info = {"seed": seed}
    if name in GENERATED:
        x, y = GENERATED[name](n, noise=noise, seed=seed)
        info |= {"n": n, "noise": noise}
        return make_dataset(name, x, y, "classification", seed, dtype=dtype, info=info)
    if name == "houses":
        x, y = generated.house_prices(n, noise=noise, seed=seed)
        info |= {"n": n, "noise": noise}
        return make_dataset(
            name,
            x,
            y,
            "regression",
            seed,
            feature_names=generated.HOUSE_FEATURES,
            dtype=dtype,
            info=info,
        )
    if name in ("digits", "diabetes"):
        x, y, names = getattr(bundled, name)()
        task = "classification" if name == "digits" else "regression"
        return make_dataset(name, x, y, task, seed, feature_names=names, dtype=dtype, info=info)
    raise InputError(f"unknown dataset {name!r}: choose one of {', '.join(DATASETS)}")


def load_csv(
    path: str | os.PathLike[str],
    target: str,
    seed: int = 0,
    *,
    task: str | None = None,
    dtype: Any = np.float32,
) -> Dataset:
    """A CSV file (header row, numeric cells) with ``target`` as the column to predict."""
    x, y, names = read_csv(path, target)
    task = task or guess_task(y)
    info: dict[str, Any] = {"seed": seed, "file": str(path), "target": target}
    if task == "classification":
        y, classes = class_indices(y)
        info["classes"] = classes
    elif task != "regression":
        raise InputError(f"task must be 'classification' or 'regression', got {task!r}")
    name = os.path.basename(str(path))
    return make_dataset(name, x, y, task, seed, feature_names=names, dtype=dtype, info=info)
