"""Loss shapes, MSE vs MAE on a one-parameter fit, and activation curves (from the engine).

* :func:`loss_shapes`: x² (smooth bowl), |x| (a kink at 0, slope always ±1) and a step
  function (flat almost everywhere: no useful slope), with the slopes our engine gives.
* :func:`compare_losses`: fit a constant (or a line through the origin) to data by
  gradient descent, once with MSE and once with MAE: MSE's steps shrink and it converges
  to the mean; MAE's steps stay the same size and it chatters around the median.
* :func:`activation_curves`: ReLU, sigmoid, tanh and their derivatives.

>>> cmp = compare_losses([1.0, 2.0, 2.5, 3.0, 9.0])
>>> round(cmp.mse.optimum, 6), cmp.mae.optimum
(3.5, 2.5)
>>> cmp.mse.run.verdict, cmp.mae.run.verdict
('converged', 'oscillating')
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import gradstep as gs
from gradstep.descent.api import descend
from gradstep.descent.objective import Objective
from gradstep.descent.results import DescentRun
from gradstep.errors import InputError
from gradstep.i18n import message

EXAMPLE_DATA = (1.0, 2.0, 2.5, 3.0, 9.0)  # one outlier: mean 3.5, median 2.5


def _error(key: str, **fields: Any) -> InputError:
    return InputError(message(f"descent.error.{key}", "en", **fields))


@dataclass(frozen=True)
class Curve:
    """A function sampled on ``xs`` with its derivative from the engine."""

    name: str
    xs: np.ndarray
    values: np.ndarray
    slopes: np.ndarray


def _curve(name: str, fn: Callable[[Any], Any], xs: np.ndarray) -> Curve:
    x = gs.tensor(xs, requires_grad=True)
    out = fn(x)
    (slope,) = gs.gradients([out], [x], [np.ones(xs.shape)])
    slopes = np.zeros_like(xs) if slope is None else np.asarray(slope.data, dtype=float)
    return Curve(name, xs.copy(), np.asarray(out.data, dtype=float), slopes)


def _step(x: Any) -> Any:
    return gs.where(x > 0, 1.0, 0.0) + 0.0 * x


def loss_shapes(xs: np.ndarray | None = None) -> tuple[Curve, ...]:
    """x², |x| and a step function with their engine slopes (names: square, absolute,
    step_fn)."""
    xs = np.linspace(-2.0, 2.0, 401) if xs is None else np.asarray(xs, dtype=float)
    return (
        _curve("square", lambda x: x**2, xs),
        _curve("absolute", gs.absolute, xs),
        _curve("step_fn", _step, xs),
    )


def activation_curves(xs: np.ndarray | None = None) -> tuple[Curve, ...]:
    """ReLU, sigmoid and tanh with their derivatives (ReLU′(0) = 0 by the engine's rule)."""
    xs = np.linspace(-6.0, 6.0, 481) if xs is None else np.asarray(xs, dtype=float)
    return (
        _curve("relu", gs.relu, xs),
        _curve("sigmoid", gs.sigmoid, xs),
        _curve("tanh", gs.tanh, xs),
    )


@dataclass(frozen=True)
class LossFit:
    """One fit: the loss, the model, the run of gradient descent and the exact optimum."""

    loss: str
    model: str
    run: DescentRun
    optimum: float

    def to_dict(self) -> dict[str, Any]:
        return {"loss": self.loss, "model": self.model, "optimum": self.optimum} | {
            "run": self.run.to_dict()
        }


@dataclass(frozen=True)
class LossComparison:
    """The same data fitted with MSE and with MAE."""

    xs: np.ndarray | None
    ys: np.ndarray
    mse: LossFit
    mae: LossFit

    def to_dict(self) -> dict[str, Any]:
        return {"mse": self.mse.to_dict(), "mae": self.mae.to_dict()}


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values)
    cum = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cum, 0.5 * cum[-1])])


def _optimum(loss: str, xs: np.ndarray | None, ys: np.ndarray) -> float:
    if xs is None:
        return float(ys.mean()) if loss == "mse" else float(np.median(ys))
    if loss == "mse":
        return float((xs * ys).sum() / (xs * xs).sum())
    keep = xs != 0
    return _weighted_median(ys[keep] / xs[keep], np.abs(xs[keep]))


def _objective(loss: str, xs: np.ndarray | None, ys: np.ndarray) -> Objective:
    y = gs.tensor(ys)
    x = None if xs is None else gs.tensor(xs)
    name = "c" if x is None else "w"

    def residual(p: Any) -> Any:
        return y - p if x is None else y - p * x

    if loss == "mse":
        text = "mean((y − c)²)" if x is None else "mean((y − w·x)²)"
        return Objective(lambda p: gs.mean(residual(p) ** 2), (name,), text)
    text = "mean(|y − c|)" if x is None else "mean(|y − w·x|)"
    return Objective(lambda p: gs.mean(gs.absolute(residual(p))), (name,), text)


def _as_data(data: Any) -> tuple[np.ndarray | None, np.ndarray]:
    if isinstance(data, tuple) and len(data) == 2 and not np.isscalar(data[0]):
        xs, ys = np.asarray(data[0], dtype=float), np.asarray(data[1], dtype=float)
    else:
        xs, ys = None, np.asarray(data, dtype=float).ravel()
    ok = np.isfinite(ys) if xs is None else np.isfinite(xs) & np.isfinite(ys)
    if not ok.any():
        raise _error("data")
    return (None if xs is None else xs[ok]), ys[ok]


def compare_losses(
    data: Sequence[float] | tuple[Sequence[float], Sequence[float]] | None = None,
    *,
    csv_path: str | os.PathLike[str] | None = None,
    model: str | None = None,
    learning_rate: float = 0.1,
    steps: int = 100,
    start: float = 0.0,
    tol: float = 1e-6,
    lang: str = "en",
) -> LossComparison:
    """Fit a constant (data: values) or a line through the origin (data: ``(xs, ys)``) with
    MSE and with MAE by gradient descent from ``start``, with the same learning rate.

    ``csv_path`` reads the data from a CSV file (one column: values; two: x, y).
    ``model`` ("constant" or "line") forces the model; a line needs two columns.
    """
    if csv_path is not None:
        data = load_csv(csv_path)
    xs, ys = _as_data(EXAMPLE_DATA if data is None else data)
    if model not in (None, "constant", "line"):
        raise _error("model", name=model)
    if model == "constant":
        xs = None
    elif model == "line" and xs is None:
        raise _error("model", name="line (needs two columns: x, y)")
    fits = {}
    for loss in ("mse", "mae"):
        objective = _objective(loss, xs, ys)
        run = descend(objective, start, learning_rate, steps, tol, lang=lang)
        kind = "constant" if xs is None else "line"
        fits[loss] = LossFit(loss, kind, run, _optimum(loss, xs, ys))
    return LossComparison(xs, ys, fits["mse"], fits["mae"])


def _parse_row(row: list[str], path: Path, line: int) -> list[float] | None:
    cells = [c.strip() for c in row if c.strip()]
    if not cells:
        return None
    try:
        return [float(c) for c in cells]
    except ValueError:
        if line == 1:
            return None  # a header
        bad = next(c for c in cells if not _is_number(c))
        raise _error("csv_row", path=path, line=line, text=bad) from None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def load_csv(path: str | os.PathLike[str]) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """Numbers from a CSV file: one column gives values, two columns give ``(xs, ys)``.

    A first row that is not numbers is taken as a header. Errors name the line.
    """
    file = Path(path)
    if not file.is_file():
        raise _error("csv_missing", path=file)
    rows: list[list[float]] = []
    try:
        with file.open(newline="", encoding="utf-8-sig") as handle:
            for line, row in enumerate(csv.reader(handle), start=1):
                numbers = _parse_row(row, file, line)
                if numbers is None:
                    continue
                if rows and len(numbers) != len(rows[0]):
                    raise _error("csv_columns", path=file, line=line, count=len(rows[0]),
                                 got=len(numbers))  # fmt: skip
                rows.append(numbers)
    except (UnicodeDecodeError, csv.Error, OSError) as err:
        raise _error("csv_unreadable", path=file, reason=err) from None
    if not rows or len(rows[0]) > 2:
        raise _error("csv_empty", path=file)
    table = np.array(rows)
    return table[:, 0] if table.shape[1] == 1 else (table[:, 0], table[:, 1])
