"""The recent past of a batch of runs, and the final state of every run as it stops.

A :class:`Tape` keeps references (no copies) to the points and values of the last steps,
each with the layout of its step (which column held which run: the batch is compacted
as runs stop). Stops are only noted on the tape when they happen; a :class:`Recorder`
later turns all the noted stops at once into final points, values, gradients and the
summaries of each run's last :data:`WINDOW` steps (:func:`~gradstep.descent.verdict.
window_stats`). So the cost of a stop does not depend on how many other runs stopped at
other steps, and a sweep where runs stop at a thousand different steps stays cheap.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gradstep.descent.verdict import WindowStats, window_stats

WINDOW = 64
KEEP = 3 * WINDOW  # steps held before the noted stops are recorded and the tape is cut
MANY = 256  # ... or as soon as this many runs stopped (each copies its steps held)
CHUNK = 1024  # windows summarised this many runs at a time (small temporaries are reused)
RAN_OUT = 0


def _squares(a: np.ndarray) -> np.ndarray:
    """Σᵢ a[i]² for each column: the squared norms, shape (B,)."""
    if len(a) == 1:
        return a[0] * a[0]
    if len(a) == 2:
        return (a * a).sum(axis=0)  # a[0]² + a[1]², in that order: two calls, not three
    return np.einsum("ib,ib->b", a, a)


class Tape:
    """Points and values of the last steps (by reference) and the stops noted since the
    last :meth:`Recorder.record`."""

    def __init__(self, batch: int) -> None:
        self.batch = batch
        self.inv = np.arange(batch)  # run -> column in the current layout
        self.entries: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.base = 0  # the step of entries[0]
        self.stops: list[tuple[int, int, np.ndarray, np.ndarray, np.ndarray]] = []
        self.stopped = 0  # runs in self.stops

    def put(self, k: int, x: np.ndarray, f: np.ndarray) -> None:
        """Step ``k``'s points ``(n, b)`` and values ``(b,)`` (never changed afterwards)."""
        self.entries.append((x, f, self.inv))

    def stop(self, k: int, code: int, runs: np.ndarray, g: np.ndarray, step2: Any) -> None:
        """``runs`` (indices into the whole batch) stopped at step ``k`` for reason
        ``code``, with gradients ``g`` ``(n, m)`` and squared last steps ``step2``."""
        self.stops.append((k, code, runs, g, step2))
        self.stopped += len(runs)

    def layout(self, idx: np.ndarray) -> None:
        """From now on, column ``j`` holds run ``idx[j]``."""
        inv = np.full(self.batch, -1)
        inv[idx] = np.arange(len(idx))
        self.inv = inv

    def full(self) -> bool:
        return len(self.entries) >= KEEP or self.stopped >= MANY

    def cut(self) -> None:
        """Forget all but the steps a later stop can still need in its window."""
        drop = max(len(self.entries) - WINDOW, 0)
        self.entries = self.entries[drop:]
        self.base += drop
        self.stops, self.stopped = [], 0

    def windows(self, steps: np.ndarray, runs: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
        """Points ``(L, n, m)`` and values ``(L, m)`` of ``runs`` at the steps from
        ``lo = max(steps.min() − WINDOW + 1, first step held)`` to ``steps.max()``; and lo."""
        lo = max(int(steps.min()) - WINDOW + 1, self.base)
        held = self.entries[lo - self.base : int(steps.max()) - self.base + 1]
        points, values = [], []
        cols: dict[int, np.ndarray] = {}
        for x, f, inv in held:
            c = cols.get(id(inv))
            if c is None:
                c = cols[id(inv)] = inv[runs]  # -1 only after the run stopped: never read
            points.append(x.take(c, axis=1))
            values.append(f.take(c))
        return np.stack(points), np.stack(values), lo


class Recorder:
    """The final state of every run, filled in from the stops noted on a tape."""

    def __init__(self, n: int, batch: int, steps: int) -> None:
        self.points = np.full((n, batch), np.nan)
        self.values = np.full(batch, np.nan)
        self.grads = np.full((n, batch), np.nan)
        self.steps_taken = np.full(batch, steps, dtype=np.int64)
        self.status = np.full(batch, RAN_OUT, dtype=np.int8)
        self.last_step = np.zeros(batch)
        self.stats = WindowStats.empty(batch)

    def record(self, tape: Tape) -> None:
        """Record every stop noted on ``tape``, then cut the tape."""
        if tape.stops:
            self._record(tape)
        tape.cut()

    def _record(self, tape: Tape) -> None:
        stops = tape.stops
        counts = [len(s[2]) for s in stops]
        steps = np.repeat([s[0] for s in stops], counts)
        runs = np.concatenate([s[2] for s in stops])
        points, values, lo = tape.windows(steps, runs)
        here, every = steps - lo, np.arange(len(runs))
        self.points[:, runs] = _rows(points, here[None, :], every)[0]
        self.values[runs] = values[here, every]
        self.grads[:, runs] = np.concatenate([s[3] for s in stops], axis=1)
        self.steps_taken[runs] = steps
        self.status[runs] = np.repeat([s[1] for s in stops], counts)
        self.last_step[runs] = np.sqrt(np.concatenate([s[4] for s in stops]))
        sizes = np.minimum(WINDOW, steps + 1)
        for size in np.unique(sizes):
            group = np.flatnonzero(sizes == size)
            for sel in np.array_split(group, -(-len(group) // CHUNK)):
                self.stats.put(runs[sel], window_stats(*_window(points, values, here, sel, size)))


def _rows(points: np.ndarray, rows: np.ndarray, sel: np.ndarray) -> np.ndarray:
    """``out[i, :, j] = points[rows[i, j], :, sel[j]]`` for ``points`` ``(L, n, m)``: one
    flat gather, already in the window layout ``(size, n, s)``."""
    _, n, m = points.shape
    flat = rows[:, None, :] * (n * m) + (np.arange(n) * m)[None, :, None] + sel[None, None, :]
    return points.reshape(-1).take(flat)


def _window(points: Any, values: Any, here: Any, sel: Any, size: int) -> tuple[Any, Any]:
    """The last ``size`` points ``(size, n, s)`` and values ``(size, s)``, oldest first, of
    the runs ``sel`` whose last step is row ``here[sel]`` (``points`` is ``(L, n, m)``)."""
    end = here[sel]
    if end.min() == end.max():  # all stopped at the same step (they ran out): a slice
        rows = slice(int(end[0]) + 1 - size, int(end[0]) + 1)
        if sel[-1] - sel[0] + 1 == len(sel):  # consecutive runs: a view
            cols = slice(int(sel[0]), int(sel[-1]) + 1)
            return points[rows, :, cols], values[rows, cols]
        return np.ascontiguousarray(points[rows][:, :, sel]), values[rows][:, sel]
    rows = end + np.arange(1 - size, 1)[:, None]  # (size, s)
    return _rows(points, rows, sel), values.reshape(-1).take(rows * values.shape[1] + sel)
