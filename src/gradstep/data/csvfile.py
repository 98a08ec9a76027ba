"""The user's own data: a CSV file with a header row and one numeric target column.

Every value must be a number: a missing or non-numeric cell is an error naming its row
(as counted in the file, the header being row 1, blank lines counted too) and its column.
The task is guessed from the target: a few distinct whole numbers make a classification,
anything else a regression. A target with one value only is an error (nothing to learn).
"""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path

import numpy as np

from gradstep.errors import InputError

MAX_CLASSES = 20


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    """The non-blank rows, each with its line number in the file (the header is line 1)."""
    if path.is_dir():
        raise InputError(f"CSV file {str(path)!r} is a folder, not a file")
    if not path.is_file():
        raise InputError(f"CSV file {str(path)!r} does not exist")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            rows, line = [], 1
            for row in reader:
                if any(cell.strip() for cell in row):
                    rows.append((line, row))
                line = reader.line_num + 1
            return rows
    except (UnicodeDecodeError, csv.Error) as err:
        raise InputError(f"CSV file {str(path)!r} cannot be read as CSV text: {err}") from None
    except OSError as err:
        raise InputError(f"CSV file {str(path)!r} cannot be read: {err.strerror or err}") from None


def _number(text: str, line: int, column: str) -> float:
    cell = text.strip()
    if not cell:
        raise InputError(f"CSV row {line}, column {column!r}: the value is missing")
    try:
        value = float(cell)
    except ValueError:
        raise InputError(f"CSV row {line}, column {column!r}: {cell!r} is not a number") from None
    if not math.isfinite(value):
        raise InputError(f"CSV row {line}, column {column!r}: {cell!r} is not a finite number")
    return value


def read_csv(
    path: str | os.PathLike[str], target: str
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """(features, target values, feature names) from a CSV file with a header row."""
    rows = _rows(Path(path))
    if not rows:
        raise InputError(f"CSV file {str(path)!r} is empty")
    header = [name.strip() for name in rows[0][1]]
    if target not in header:
        raise InputError(
            f"target column {target!r} is not in {str(path)!r}; its columns are: "
            f"{', '.join(header)}"
        )
    twice = sorted({name for name in header if header.count(name) > 1})
    if twice:
        names = ", ".join(repr(name) for name in twice)
        raise InputError(f"CSV file {str(path)!r}: the header names {names} more than once")
    if len(header) < 2:
        raise InputError(f"CSV file {str(path)!r} needs at least one feature column")
    if len(rows) < 3:
        raise InputError(f"CSV file {str(path)!r} needs at least 2 data rows")
    values = np.empty((len(rows) - 1, len(header)))
    for i, (line, row) in enumerate(rows[1:]):
        if len(row) != len(header):
            raise InputError(
                f"CSV row {line}: {len(row)} values but the header has {len(header)} columns"
            )
        for j, cell in enumerate(row):
            values[i, j] = _number(cell, line, header[j])
    t = header.index(target)
    if np.all(values[:, t] == values[0, t]):
        raise InputError(
            f"target column {target!r} of {str(path)!r} has the same value "
            f"({values[0, t]:g}) in every row: there is nothing to learn"
        )
    features = tuple(name for k, name in enumerate(header) if k != t)
    return np.delete(values, t, axis=1), values[:, t], features


def guess_task(y: np.ndarray) -> str:
    """Classification when the target holds a few distinct whole numbers, else regression."""
    distinct = np.unique(y)
    whole = bool(np.all(distinct == np.round(distinct)))
    few = len(distinct) <= min(MAX_CLASSES, max(2, len(y) // 2))
    return "classification" if whole and few else "regression"


def class_indices(y: np.ndarray) -> tuple[np.ndarray, list[float]]:
    """Labels mapped to 0..K−1 (sorted), and the original value of each class."""
    classes, index = np.unique(y, return_inverse=True)
    return index.astype(np.int64), classes.tolist()
