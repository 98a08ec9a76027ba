"""``fit``: the training loop. Forward, loss, backward, w ← w − η·∂L/∂w, epoch after epoch.

It shows a Rich progress bar (epoch, loss, accuracy, speed) when run in a terminal,
keeps a history, can stop early, guards against NaN (naming the layer), records the
gradient norm per layer (``diagnose=True``), and writes a checkpoint after every epoch
from which ``resume=True`` continues exactly: an interrupted and resumed run ends with
bit-for-bit the same weights as an uninterrupted one.

>>> from gradstep.nn import MLP
>>> from gradstep.data import load_dataset
>>> data = load_dataset("moons", seed=0, n=200)
>>> history = fit(MLP([2, 16, 2], seed=0), data, epochs=2, progress=False)
>>> [r.epoch for r in history.records]
[1, 2]
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gradstep.autograd.mode import no_grad
from gradstep.autograd.tensor import _leaf
from gradstep.data.dataset import Dataset, make_dataset
from gradstep.data.loader import BatchLoader
from gradstep.data.loading import load_dataset
from gradstep.errors import InputError
from gradstep.i18n import message
from gradstep.nn import functional as F
from gradstep.nn.checkpoint import check_target, describe, load_checkpoint, save_checkpoint
from gradstep.nn.guard import finite, nan_message
from gradstep.nn.history import EpochRecord, TrainingHistory
from gradstep.nn.layers import Dropout, linear_layers
from gradstep.nn.module import Module
from gradstep.nn.progress import ProgressReporter
from gradstep.optim import Adam
from gradstep.optim.optimizer import Optimizer
from gradstep.optim.schedule import Schedule, clip_grad_norm


@dataclass
class _Run:
    """The mutable state of a run, all of it saved in a checkpoint."""

    rng: np.random.Generator
    epoch: int = 0
    records: list[EpochRecord] = field(default_factory=list)
    best: float = math.inf
    wait: int = 0


@dataclass
class _Epoch:
    loss: float = 0.0
    count: int = 0
    correct: int = 0
    sse: float = 0.0
    y_sum: float = 0.0
    y_sq: float = 0.0
    norms: dict[str, float] = field(default_factory=dict)
    batches: int = 0
    failure: str = ""


def default_loss(task: str) -> Any:
    """Cross-entropy from logits for classification, mean squared error for regression."""
    return F.cross_entropy if task == "classification" else F.mse_loss


def r2_score(sse: float, y_sum: float, y_sq: float, n: int) -> float:
    """R² = 1 − SSE/SST from running sums (SST = Σy² − (Σy)²/n)."""
    sst = y_sq - y_sum * y_sum / n
    return 1.0 - sse / sst if sst > 0 else float("nan")


def _score(e: _Epoch, out: np.ndarray, y: np.ndarray, task: str) -> None:
    if task == "classification":
        e.correct += int((out.argmax(axis=1) == y).sum())
    else:
        e.sse += float(np.sum((out.astype(np.float64) - y) ** 2))
        e.y_sum += float(np.sum(y, dtype=np.float64))
        e.y_sq += float(np.sum(np.square(y, dtype=np.float64)))


def _metric(e: _Epoch, task: str) -> float:
    if task == "classification":
        return e.correct / max(e.count, 1)
    return r2_score(e.sse, e.y_sum, e.y_sq, e.count)


def _add_norms(e: _Epoch, model: Module) -> None:
    for k, (_, layer) in enumerate(linear_layers(model), 1):
        total = 0.0
        for p in layer.parameters():
            if p.grad is not None:
                total += float(np.sum(np.square(p.grad.data, dtype=np.float64)))
        e.norms[f"layer{k}"] = e.norms.get(f"layer{k}", 0.0) + math.sqrt(total)


def evaluate(
    model: Module, x: np.ndarray, y: np.ndarray, task: str, loss: Any = None
) -> tuple[float, float]:
    """(loss, accuracy or R²) of ``model`` on (x, y), in evaluation mode, without a graph."""
    was_training = model.training
    model.eval()
    with no_grad():
        out = model(_leaf(x))
        value = float((loss or default_loss(task))(out, _leaf(y)).data)
    model.train(was_training)
    e = _Epoch(count=len(x))
    _score(e, np.asarray(out.data), y, task)
    return value, _metric(e, task)


@dataclass(frozen=True)
class _Setup:
    model: Module
    data: Dataset
    optimizer: Optimizer
    loss: Any
    batch_size: int
    schedule: Schedule | None
    clip_norm: float | None
    diagnose: bool
    lang: str


def _train_epoch(s: _Setup, run: _Run, epoch: int) -> _Epoch:
    e = _Epoch()
    s.model.train()
    loader = BatchLoader(s.data.x_train, s.data.y_train, s.batch_size, run.rng)
    for b, (xb, yb) in enumerate(loader, 1):
        out = s.model(xb)
        loss = s.loss(out, yb)
        value = float(loss.data)
        if not math.isfinite(value):
            e.failure = nan_message(s.model, xb, epoch, b, s.optimizer.lr, s.lang)
            return e
        s.optimizer.zero_grad()
        loss.backward()
        if s.clip_norm is not None:
            clip_grad_norm(s.model.parameters(), s.clip_norm)
        if s.diagnose:
            _add_norms(e, s.model)
        s.optimizer.step()
        n = len(xb.data)
        e.loss, e.count, e.batches = e.loss + value * n, e.count + n, e.batches + 1
        _score(e, np.asarray(out.data), yb.data, s.data.task)
    if not all(finite(p.data) for p in s.model.parameters()):
        e.failure = nan_message(
            s.model, _leaf(s.data.x_train[:1]), epoch, e.batches, s.optimizer.lr, s.lang
        )
    return e


def _record(s: _Setup, e: _Epoch, epoch: int, lr: float, seconds: float) -> EpochRecord:
    d = s.data
    test_loss, test_metric = evaluate(s.model, d.x_test, d.y_test, d.task, s.loss)
    norms = {k: v / max(e.batches, 1) for k, v in e.norms.items()} if s.diagnose else None
    return EpochRecord(
        epoch,
        e.loss / max(e.count, 1),
        _metric(e, d.task),
        test_loss,
        test_metric,
        d.task,
        lr,
        seconds,
        norms,
    )


def _early_stop(run: _Run, record: EpochRecord, patience: int | None, monitor: str) -> bool:
    value = record.test_loss if monitor == "test_loss" else record.loss
    if value < run.best:
        run.best, run.wait = value, 0
    else:
        run.wait += 1
    return patience is not None and run.wait >= patience


def _header(s: _Setup, run: _Run, extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "epoch": run.epoch,
        **extra,
        "dataset": s.data.name,
        "task": s.data.task,
        "rng": run.rng.bit_generator.state,
        "schedule": s.schedule.state_dict() if s.schedule else None,
        "early_stopping": {"best": run.best if math.isfinite(run.best) else None, "wait": run.wait},
        "history": [r.to_dict() for r in run.records],
    }


def _check_same(path: Any, saved: Any, wanted: Any, option: str, lang: str) -> None:
    if saved != wanted:
        raise InputError(
            message(
                "nn.checkpoint.mismatch",
                lang,
                path=os.fspath(path),
                saved=saved,
                wanted=wanted,
                option=option,
            )
        )


def _restore(s: _Setup, run: _Run, path: Any, config: dict[str, Any], epochs: int) -> None:
    ck = load_checkpoint(path)
    h = ck.header
    if ck.epoch > epochs:
        raise InputError(
            message(
                "nn.checkpoint.fewer", s.lang, path=os.fspath(path), epoch=ck.epoch, epochs=epochs
            )
        )
    arch, option = s.model.config(), "--hidden/--activation"
    _check_same(path, describe(h["architecture"]), describe(arch), option, s.lang)
    _check_same(path, h["architecture"], arch, option, s.lang)
    saved_config = h.get("config", {})
    for key in sorted(set(saved_config) | set(config)):
        option = "--" + key.replace("_", "-")
        _check_same(
            path, f"{key}={saved_config.get(key)}", f"{key}={config.get(key)}", option, s.lang
        )
    try:
        s.model.load_state_dict(ck.params)
        s.optimizer.load_state_dict(ck.optimizer)
        if s.schedule and h.get("schedule"):
            s.schedule.load_state_dict(h["schedule"])
        run.rng.bit_generator.state = h["rng"]
        run.epoch = ck.epoch
        run.records = [EpochRecord.from_dict(r, s.data.task) for r in h["history"]]
        best = h["early_stopping"]["best"]
        run.best = math.inf if best is None else float(best)
        run.wait = int(h["early_stopping"]["wait"])
    except (KeyError, TypeError, ValueError) as err:
        raise InputError(
            f"checkpoint {os.fspath(path)!r} is corrupt or incomplete ({err}); it was left "
            "untouched"
        ) from None


def _dataset(data: Any, model: Module, seed: int) -> Dataset:
    """``data`` as a Dataset: a Dataset as is; a bundled one by name ("moons", "digits",
    …); a pair ``(x, y)`` of arrays split (seeded shuffle, last 20 % test) and
    standardised like the bundled ones, classification when ``y`` holds integers,
    regression otherwise."""
    if isinstance(data, Dataset):
        return data
    dtype = next((p.dtype for p in model.parameters()), np.float32)
    if isinstance(data, str):  # a bundled dataset by name
        return load_dataset(data, seed, dtype=dtype)
    if not (isinstance(data, tuple | list) and len(data) == 2):
        raise InputError(
            f"fit: data must be a gradstep Dataset (gs.data.load_dataset('moons'), "
            f"gs.data.load_csv(...)) or a pair (x, y) of arrays, got {type(data).__name__}"
        )
    x, y = (np.asarray(a) for a in data)
    if x.ndim != 2 or y.ndim != 1 or len(x) != len(y) or len(x) < 5:
        raise InputError(
            f"fit: (x, y) must be x of shape (samples, features) and y of shape (samples,) "
            f"with at least 5 samples, got x {x.shape} and y {y.shape}"
        )
    if not (np.issubdtype(x.dtype, np.number) and np.issubdtype(y.dtype, np.number)):
        raise InputError("fit: x and y must hold numbers")
    task = "classification" if np.issubdtype(y.dtype, np.integer) else "regression"
    return make_dataset("data", x, y, task, seed, dtype=dtype)


def fit(
    model: Module,
    data: Dataset | str | tuple[Any, Any],
    *,
    optimizer: Optimizer | None = None,
    loss: Any = None,
    epochs: int = 20,
    batch_size: int = 32,
    seed: int = 0,
    schedule: Schedule | None = None,
    clip_norm: float | None = None,
    early_stopping: int | None = None,
    monitor: str = "test_loss",
    checkpoint: str | os.PathLike[str] | None = None,
    resume: bool = False,
    config: dict[str, Any] | None = None,
    diagnose: bool = False,
    progress: bool | None = None,
    lang: str = "en",
    settings: dict[str, Any] | None = None,
) -> TrainingHistory:
    """Train ``model`` on ``data`` for ``epochs`` epochs in total (see the module docstring).

    ``data``: a :class:`~gradstep.data.Dataset`, a bundled dataset's name, or a pair
    ``(x, y)`` of arrays (split and
    standardised like the bundled datasets; integer ``y`` means classification).

    ``optimizer`` defaults to Adam (η = 0.001); ``loss`` to cross-entropy or MSE by task.
    Batches are drawn from a generator seeded by ``seed`` (dropout masks too).
    ``early_stopping`` is a patience in epochs on ``monitor`` ("test_loss" — the held-out
    split doubles as the validation set — or "loss"). ``checkpoint`` is written after
    every epoch; with ``resume=True`` training restarts from it, continuing to ``epochs``
    in total; ``config`` (dataset, seed, learning rate, ...) must then match the saved one.
    ``progress=None`` shows the bar only when standard error is a terminal. ``settings``
    (JSON-able) is stored in the checkpoint as is, for the caller's own use.
    """
    if epochs < 1:
        raise InputError(f"epochs must be >= 1, got {epochs}")
    if monitor not in ("loss", "test_loss"):
        raise InputError(f"monitor must be 'loss' or 'test_loss', got {monitor!r}")
    data = _dataset(data, model, seed)
    config = dict(config or {})
    config_all = {"config": config, "settings": dict(settings or {})}
    s = _Setup(
        model,
        data,
        optimizer or Adam(model.parameters(), lr=1e-3),
        loss or default_loss(data.task),
        int(batch_size),
        schedule,
        clip_norm,
        diagnose,
        lang,
    )
    run = _Run(np.random.default_rng([seed, 1]))
    for _, m in model.named_modules():
        if isinstance(m, Dropout):
            m.rng = run.rng
    resumed = None
    if resume:
        if checkpoint is None:
            raise InputError(message("nn.checkpoint.missing", lang))
        _restore(s, run, checkpoint, config, epochs)
        resumed = run.epoch
    elif checkpoint is not None:
        check_target(checkpoint, lang)
    return _loop(s, run, epochs, early_stopping, monitor, checkpoint, config_all, progress, resumed)


def _loop(
    s: _Setup,
    run: _Run,
    epochs: int,
    patience: int | None,
    monitor: str,
    checkpoint: Any,
    extra: dict[str, Any],
    progress: bool | None,
    resumed: int | None,
) -> TrainingHistory:
    start, stopped, text = time.perf_counter(), "completed", ""
    # Overflow is expected when a learning rate is too large: the NaN guard reports it.
    guard = np.errstate(over="ignore", invalid="ignore", divide="ignore")
    with guard, ProgressReporter(epochs, run.epoch, s.data.task, progress, s.lang) as bar:
        while run.epoch < epochs:
            epoch, lr, t0 = run.epoch + 1, s.optimizer.lr, time.perf_counter()
            e = _train_epoch(s, run, epoch)
            if e.failure:
                stopped, text = "nan", e.failure
                break
            record = _record(s, e, epoch, lr, time.perf_counter() - t0)
            run.records.append(record)
            run.epoch = epoch
            if s.schedule:
                s.schedule.step()
            halt = _early_stop(run, record, patience, monitor)
            if checkpoint is not None:
                save_checkpoint(checkpoint, s.model, s.optimizer, _header(s, run, extra))
            bar.update(record, e.count)
            if halt:
                stopped = "early_stopping"
                text = message(
                    "nn.stop.early_stopping",
                    s.lang,
                    epoch=epoch,
                    monitor=monitor,
                    patience=patience,
                )
                break
    seconds = time.perf_counter() - start
    return TrainingHistory(
        s.data.name, s.data.task, tuple(run.records), seconds, stopped, text, resumed
    )
