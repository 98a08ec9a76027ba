"""``Dataset``: features and targets split into train and test, with how they were scaled.

The split is a seeded shuffle with the last 20% as the test set; features are
standardised with the training set's mean and standard deviation (the test set never
leaks into them). Regression targets are standardised the same way, so a network trains
on unit-scale numbers; R² does not change under that rescaling.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gradstep.errors import InputError

TEST_FRACTION = 0.2


@dataclass(frozen=True, eq=False)
class Dataset:
    """A train/test split ready for a network (float32 features; int64 classes or (N, 1))."""

    name: str
    task: str  # "classification" or "regression"
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    n_classes: int = 0
    feature_names: tuple[str, ...] = ()
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def n_features(self) -> int:
        return int(self.x_train.shape[1])

    @property
    def n_outputs(self) -> int:
        return self.n_classes if self.task == "classification" else 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "task": self.task,
            "n_train": len(self.x_train),
            "n_test": len(self.x_test),
            "n_features": self.n_features,
            "n_classes": self.n_classes,
            **self.info,
        }


def shuffle_split(
    n: int, seed: int, test_fraction: float = TEST_FRACTION
) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, test): a seeded permutation, the last ``test_fraction`` as test."""
    if n < 2:
        raise InputError(f"need at least 2 rows to split into train and test, got {n}")
    order = np.random.default_rng(seed).permutation(n)
    n_test = max(1, round(n * test_fraction))
    return order[: n - n_test], order[n - n_test :]


def standardize(
    train: np.ndarray, test: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(train, test, mean, std) scaled by the training set's mean and std (std 0 → 1)."""
    mean = train.mean(axis=0)
    std = train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return (train - mean) / std, (test - mean) / std, mean, std


def make_dataset(
    name: str,
    x: np.ndarray,
    y: np.ndarray,
    task: str,
    seed: int,
    *,
    feature_names: tuple[str, ...] = (),
    dtype: Any = np.float32,
    info: dict[str, Any] | None = None,
) -> Dataset:
    """Split (seeded shuffle, last 20% test), standardise and cast a whole dataset."""
    x = np.asarray(x, dtype=np.float64)
    train, test = shuffle_split(len(x), seed)
    xtr, xte, _, _ = standardize(x[train], x[test])
    extra = dict(info or {})
    if task == "classification":
        labels = np.asarray(y).astype(np.int64)
        ytr, yte, n_classes = labels[train], labels[test], int(labels.max()) + 1
    else:
        target = np.asarray(y, dtype=np.float64).reshape(-1, 1)
        ytr, yte, mean, std = standardize(target[train], target[test])
        ytr, yte, n_classes = ytr.astype(dtype), yte.astype(dtype), 0
        extra |= {"target_mean": float(mean[0]), "target_std": float(std[0])}
    return Dataset(
        name,
        task,
        xtr.astype(dtype),
        ytr,
        xte.astype(dtype),
        yte,
        n_classes,
        tuple(feature_names),
        extra,
    )
