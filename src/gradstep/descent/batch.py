"""The descent loop, for a whole batch of runs at once (one run is a batch of one).

Every step evaluates f and ∇f for all runs still going in ONE call to the engine, applies
the update rule to all of them at once, and checks which runs have stopped:

* at rest: ‖∇f‖ ≤ tol and the last step ‖Δx‖ ≤ tol (classified later: minimum or not);
* blown up: a value or gradient is inf/NaN, |f| grew past 10²⁰·(1 + |f(x₀)|), or |x| past
  10¹⁰·(1 + |x₀|) (|x| is checked every 8 steps, and whenever f or ∇f raise the alarm).

A stopped run keeps its final point. The last :data:`WINDOW` points and values of each
run are kept in a ring buffer and summarised (alternation, growth, progress) the moment
the run stops, which is what the verdicts of :mod:`gradstep.descent.verdict` read. When
no full history is asked for, runs that stopped are dropped from the computation, so a
sweep gets cheaper as its runs finish.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gradstep.descent.objective import Objective
from gradstep.descent.optimizers import Optimizer
from gradstep.descent.verdict import WindowStats, window_stats

WINDOW = 64
X_BOUND, F_BOUND = 1e10, 1e20
X_CHECK_EVERY = 8  # |x| is checked against its bound every 8 steps (f every step)
RAN_OUT, AT_REST, BLOWN = 0, 1, 2


@dataclass
class Outcome:
    """Where every run ended, why it stopped, and (optionally) the whole history."""

    points: np.ndarray  # (n, B) final points
    values: np.ndarray  # (B,)
    grads: np.ndarray  # (n, B)
    steps_taken: np.ndarray  # (B,) int
    status: np.ndarray  # (B,) RAN_OUT / AT_REST / BLOWN
    last_step: np.ndarray  # (B,) ‖Δx‖ of the last step taken
    start_values: np.ndarray  # (B,)
    stats: WindowStats
    history: dict[str, np.ndarray] | None = None  # points (T+1,n,B), values, grads


@dataclass
class _Working:
    """The runs still computed (``idx`` into the full batch) and their state.

    A run that stops is frozen in place until it is dropped: its learning rate becomes 0
    (so it no longer moves), its tolerance −1 (so it is never "at rest" again), and a run
    that blew up goes back to its finite start point with its optimizer state cleared (so
    no NaN keeps raising the alarm). The cheap per-step checks then only see live runs.
    """

    idx: np.ndarray
    x: np.ndarray
    x0: np.ndarray
    lr: np.ndarray
    tol2: np.ndarray
    x_bound2: np.ndarray
    step2: np.ndarray
    ring_p: np.ndarray
    ring_v: np.ndarray
    f_bound: np.ndarray = field(default_factory=lambda: np.empty(0))
    state: dict[str, Any] = field(default_factory=dict)
    x_limit: float = 0.0  # the smallest bound of any run: one comparison says "all fine"
    f_limit: float = 0.0

    def limits(self) -> None:
        self.x_limit = float(self.x_bound2.min()) if self.x_bound2.size else np.inf
        self.f_limit = float(self.f_bound.min()) if self.f_bound.size else np.inf

    def keep(self, mask: np.ndarray) -> None:
        for name in ("idx", "lr", "tol2", "x_bound2", "step2", "f_bound"):
            setattr(self, name, getattr(self, name)[mask])
        self.x, self.x0 = self.x[:, mask], self.x0[:, mask]
        self.ring_p, self.ring_v = self.ring_p[:, :, mask], self.ring_v[:, mask]
        for key, value in self.state.items():
            if isinstance(value, np.ndarray) and value.ndim == 2:
                self.state[key] = value[:, mask]
        self.limits()

    def freeze(self, local: np.ndarray, blown: np.ndarray) -> None:
        self.lr[local], self.tol2[local] = 0.0, -1.0
        self.x[:, blown] = self.x0[:, blown]
        for value in self.state.values():
            if isinstance(value, np.ndarray) and value.ndim == 2:
                value[:, local] = 0.0


class _Recorder:
    """Collects the final state of runs as they stop."""

    def __init__(self, n: int, batch: int, steps: int) -> None:
        self.points = np.full((n, batch), np.nan)
        self.values = np.full(batch, np.nan)
        self.grads = np.full((n, batch), np.nan)
        self.steps_taken = np.full(batch, steps, dtype=np.int64)
        self.status = np.full(batch, RAN_OUT, dtype=np.int8)
        self.last_step = np.zeros(batch)
        self.stats = WindowStats.empty(batch)

    def stop(self, w: _Working, local: np.ndarray, k: int, code: int, f: Any, g: Any) -> None:
        runs = w.idx[local]
        self.points[:, runs] = w.x[:, local]
        self.values[runs], self.grads[:, runs] = f[local], g[:, local]
        self.steps_taken[runs], self.status[runs] = k, code
        self.last_step[runs] = np.sqrt(w.step2[local])
        size = min(WINDOW, k + 1)
        order = [(k - size + 1 + j) % WINDOW for j in range(size)]
        stats = window_stats(w.ring_p[:, :, local][order], w.ring_v[:, local][order])
        self.stats.put(runs, stats)


def _squares(a: np.ndarray) -> np.ndarray:
    """Σᵢ a[i]² for each column: the squared norms, shape (B,)."""
    if len(a) == 1:
        return a[0] * a[0]
    if len(a) == 2:
        return a[0] * a[0] + a[1] * a[1]
    return np.einsum("ib,ib->b", a, a)


def _check(w: _Working, rec: _Recorder, active: np.ndarray, k: int, f: Any, g: Any) -> int:
    """Stop the runs that came to rest or blew up at step ``k``; returns how many are left.

    The common case costs a few reductions; the per-run masks are built only when a
    reduction says that some run may have stopped.
    """
    g2 = _squares(g)
    rest = np.maximum(g2, w.step2) <= w.tol2
    alarm = not math.isfinite(f.sum() + g2.sum()) or np.abs(f).max() > w.f_limit
    x2 = _squares(w.x) if k % X_CHECK_EVERY == 0 or alarm else None
    alarm = alarm or (x2 is not None and x2.max() > w.x_limit)
    if not alarm and not rest.any():
        return -1
    x2 = _squares(w.x) if x2 is None else x2
    blown = ~np.isfinite(f) | ~np.isfinite(g2) | (x2 > w.x_bound2) | (np.abs(f) > w.f_bound)
    stop_blown, stop_rest = active & blown, active & rest & ~blown
    for mask, code in ((stop_blown, BLOWN), (stop_rest, AT_REST)):
        if mask.any():
            rec.stop(w, np.flatnonzero(mask), k, code, f, g)
    stopped = stop_blown | stop_rest
    w.freeze(stopped, stop_blown)
    active &= ~stopped
    return int(active.sum())


def run_batch(
    objective: Objective,
    x0: np.ndarray,
    learning_rates: np.ndarray,
    steps: int,
    tol: float,
    optimizer: Optimizer,
    keep_history: bool,
    drop_finished: bool = True,
) -> Outcome:
    """Descend from ``x0`` (shape ``(n, B)``) with one learning rate per run (shape ``(B,)``).

    ``drop_finished``: stop computing runs that have stopped (never with a history).
    """
    n, batch = x0.shape
    x0 = x0.astype(np.float64, copy=True)
    w = _Working(
        idx=np.arange(batch),
        x=x0.copy(),
        x0=x0,
        lr=learning_rates.astype(np.float64, copy=True),
        tol2=np.full(batch, tol * tol),
        x_bound2=(X_BOUND * (1.0 + np.abs(x0).max(axis=0))) ** 2,
        step2=np.zeros(batch),
        ring_p=np.empty((WINDOW, n, batch)),
        ring_v=np.empty((WINDOW, batch)),
    )
    rec = _Recorder(n, batch, steps)
    history = _History(n, batch, steps) if keep_history else None
    active = np.ones(batch, dtype=bool)
    start_values = np.empty(batch)
    k = 0
    with np.errstate(all="ignore"):
        for k in range(steps + 1):
            f, g = objective.value_and_grad(w.x)
            if k == 0:
                start_values[:] = f
                w.f_bound = F_BOUND * (1.0 + np.abs(f))
                w.limits()
            if history is not None:
                history.put(k, w.x, f, g)
            w.ring_p[k % WINDOW], w.ring_v[k % WINDOW] = w.x, f
            left = _check(w, rec, active, k, f, g)
            if left == 0:
                break
            if k == steps:
                rec.stop(w, np.flatnonzero(active), k, RAN_OUT, f, g)
                break
            if drop_finished and history is None and 0 < left <= 0.5 * active.size:
                w.keep(active)  # drop the runs that stopped: the rest gets cheaper
                active, g = active[active], g[:, active]
            delta = optimizer.update(w.state, g, w.lr, k + 1)
            w.step2 = _squares(delta)
            w.x = w.x + delta
    return Outcome(
        points=rec.points,
        values=rec.values,
        grads=rec.grads,
        steps_taken=rec.steps_taken,
        status=rec.status,
        last_step=rec.last_step,
        start_values=start_values,
        stats=rec.stats,
        history=None if history is None else history.trimmed(k),
    )


class _History:
    """Every point, value and gradient of every run (for pictures and single runs)."""

    def __init__(self, n: int, batch: int, steps: int) -> None:
        self.points = np.empty((steps + 1, n, batch))
        self.values = np.empty((steps + 1, batch))
        self.grads = np.empty((steps + 1, n, batch))

    def put(self, k: int, x: np.ndarray, f: np.ndarray, g: np.ndarray) -> None:
        self.points[k], self.values[k], self.grads[k] = x, f, g

    def trimmed(self, k: int) -> dict[str, np.ndarray]:
        return {
            "points": self.points[: k + 1],
            "values": self.values[: k + 1],
            "grads": self.grads[: k + 1],
        }
