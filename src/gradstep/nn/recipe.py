"""Ready-made training runs: per-dataset defaults that reach the published results, and
the settings behind ``gradstep train`` (resolved here so the CLI only parses and prints).

Defaults (any of them can be overridden): two hidden layers of 64, Adam, and

========  ==========  =====  ======  =====
dataset   activation  lr     epochs  batch
========  ==========  =====  ======  =====
moons     relu        0.01   30      32
circles   relu        0.01   30      32
spirals   relu        0.01   100     32
digits    relu        0.003  20      32
diabetes  tanh        0.001  30      64
houses    tanh        0.001  30      64
CSV       relu        0.001  30      32
========  ==========  =====  ======  =====
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from gradstep.data import load_csv, load_dataset
from gradstep.data.dataset import Dataset
from gradstep.errors import InputError
from gradstep.nn.layers import MLP
from gradstep.optim import SGD, Adam
from gradstep.optim.optimizer import Optimizer

OPTIMIZERS = ("sgd", "momentum", "adam")
ACTIVATIONS = ("relu", "sigmoid", "tanh")
DEFAULTS: dict[str, dict[str, Any]] = {
    "moons": {"activation": "relu", "lr": 0.01, "epochs": 30, "batch_size": 32},
    "circles": {"activation": "relu", "lr": 0.01, "epochs": 30, "batch_size": 32},
    "spirals": {"activation": "relu", "lr": 0.01, "epochs": 100, "batch_size": 32},
    "digits": {"activation": "relu", "lr": 0.003, "epochs": 20, "batch_size": 32},
    "diabetes": {"activation": "tanh", "lr": 0.001, "epochs": 30, "batch_size": 64},
    "houses": {"activation": "tanh", "lr": 0.001, "epochs": 30, "batch_size": 64},
    "csv": {"activation": "relu", "lr": 0.001, "epochs": 30, "batch_size": 32},
}
DEFAULT_HIDDEN = (64, 64)
PLAIN_SGD_LR = {"sgd": 0.1, "momentum": 0.01}


@dataclass(frozen=True)
class TrainSettings:
    """Everything a training run needs; ``None`` means "the dataset's default"."""

    dataset: str | None = None
    data: str | None = None
    target: str | None = None
    hidden: tuple[int, ...] | None = None
    activation: str | None = None
    optimizer: str | None = None
    lr: float | None = None
    epochs: int | None = None
    batch_size: int | None = None
    seed: int | None = None
    noise: float | None = None
    samples: int | None = None

    @property
    def key(self) -> str:
        return "csv" if self.data else (self.dataset or "moons")

    def config(self) -> dict[str, Any]:
        """What must be equal between a run and the one it resumes (not the architecture)."""
        source = (
            {"data": self.data, "target": self.target}
            if self.data
            else {"dataset": self.dataset, "noise": self.noise, "samples": self.samples}
        )
        return {
            **source,
            "seed": self.seed,
            "optimizer": self.optimizer,
            "lr": self.lr,
            "batch_size": self.batch_size,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.config(),
            "hidden": list(self.hidden or ()),
            "activation": self.activation,
            "epochs": self.epochs,
        }


def parse_hidden(text: str) -> tuple[int, ...]:
    """``"64,64"`` → (64, 64); ``""`` → () (no hidden layer: a linear model)."""
    sizes = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        try:
            n = int(part)
        except ValueError:
            raise InputError(f"--hidden: {part!r} is not a whole number (use e.g. 64,64)") from None
        if n < 1:
            raise InputError(f"--hidden: layer sizes must be >= 1, got {n}")
        sizes.append(n)
    return tuple(sizes)


def resolve(settings: TrainSettings, saved: dict[str, Any] | None = None) -> TrainSettings:
    """Fill every ``None`` from a resumed checkpoint's settings, else the dataset's defaults."""
    _validate(settings)
    s = settings
    if saved:
        known = {k: v for k, v in saved.items() if getattr(s, k, 0) is None and v is not None}
        if "hidden" in known:
            known["hidden"] = tuple(known["hidden"])
        s = replace(s, **known)
    if s.data is None and s.dataset is None:
        s = replace(s, dataset="moons")
    d = DEFAULTS[s.key]
    optimizer = s.optimizer or "adam"
    lr = s.lr if s.lr is not None else (d["lr"] if optimizer == "adam" else PLAIN_SGD_LR[optimizer])
    generated = s.data is None and s.dataset in ("moons", "circles", "spirals", "houses")
    return replace(
        s,
        hidden=s.hidden if s.hidden is not None else DEFAULT_HIDDEN,
        activation=s.activation or d["activation"],
        optimizer=optimizer,
        lr=lr,
        epochs=s.epochs or d["epochs"],
        batch_size=s.batch_size or d["batch_size"],
        seed=s.seed if s.seed is not None else 0,
        noise=(s.noise if s.noise is not None else 0.1) if generated else None,
        samples=(s.samples or 1000) if generated else None,
    )


def _validate(s: TrainSettings) -> None:
    if s.data and s.dataset:
        raise InputError("give either --dataset or --data FILE --target COLUMN, not both")
    if s.data and not s.target:
        raise InputError("--data needs --target COLUMN (the column to predict)")
    if s.target and not s.data:
        raise InputError("--target needs --data FILE (a CSV file with a header row)")
    if (s.dataset is not None and s.dataset not in DEFAULTS) or s.dataset == "csv":
        names = ", ".join(k for k in DEFAULTS if k != "csv")
        raise InputError(f"unknown dataset {s.dataset!r}: choose one of {names}")
    if s.activation is not None and s.activation not in ACTIVATIONS:
        raise InputError(f"unknown activation {s.activation!r}: choose {', '.join(ACTIVATIONS)}")
    if s.optimizer is not None and s.optimizer not in OPTIMIZERS:
        raise InputError(f"unknown optimizer {s.optimizer!r}: choose {', '.join(OPTIMIZERS)}")
    for name, value, low in (
        ("--epochs", s.epochs, 1),
        ("--batch-size", s.batch_size, 1),
        ("--samples", s.samples, 10),
    ):
        if value is not None and value < low:
            raise InputError(f"{name} must be >= {low}, got {value}")
    if s.seed is not None and s.seed < 0:
        raise InputError(f"--seed must be a whole number >= 0, got {s.seed}")
    if s.lr is not None and not (np.isfinite(s.lr) and s.lr > 0):
        raise InputError(f"--lr must be a positive number, got {s.lr}")
    if s.noise is not None and not (np.isfinite(s.noise) and s.noise >= 0):
        raise InputError(f"--noise must be >= 0, got {s.noise}")


def dataset_for(s: TrainSettings) -> Dataset:
    if s.data:
        return load_csv(s.data, s.target or "", seed=s.seed or 0)
    return load_dataset(
        s.dataset or "moons",
        seed=s.seed or 0,
        n=s.samples or 1000,
        noise=s.noise if s.noise is not None else 0.1,
    )


def model_for(s: TrainSettings, data: Dataset) -> MLP:
    sizes = [data.n_features, *(s.hidden or ()), data.n_outputs]
    return MLP(sizes, s.activation or "relu", seed=s.seed or 0)


def optimizer_for(s: TrainSettings, model: MLP) -> Optimizer:
    lr = float(s.lr or 0.001)
    if s.optimizer == "sgd":
        return SGD(model.parameters(), lr=lr)
    if s.optimizer == "momentum":
        return SGD(model.parameters(), lr=lr, momentum=0.9)
    return Adam(model.parameters(), lr=lr)


def linear_baseline_r2(data: Dataset) -> float:
    """Test R² of ordinary least squares (with an intercept) on the same split."""
    design = np.column_stack([data.x_train, np.ones(len(data.x_train))]).astype(np.float64)
    w = np.linalg.lstsq(design, data.y_train.astype(np.float64), rcond=None)[0]
    pred = np.column_stack([data.x_test, np.ones(len(data.x_test))]) @ w
    y = data.y_test.astype(np.float64)
    return float(1 - np.sum((pred - y) ** 2) / np.sum((y - y.mean()) ** 2))
