"""The descent loop, for a whole batch of runs at once (one run is a batch of one).

Every step evaluates f and ∇f for all runs still going in ONE call to the engine, applies
the update rule to all of them at once, and checks which runs have stopped:

* at rest: ‖∇f‖ ≤ tol and the last step ‖Δx‖ ≤ tol (classified later: minimum or not);
* blown up: a value, gradient or coordinate is inf/NaN, |x| grew past 10¹⁰·(1 + |x₀|), or
  |f| past 10²⁰·(1 + |f(x₀)|).

A stopped run keeps its final point. The last :data:`WINDOW` points and values of each
run are kept in a ring buffer and summarised (alternation, growth, progress) the moment
the run stops, which is what the verdicts of :mod:`gradstep.descent.verdict` read. When
no full history is asked for, runs that stopped are dropped from the computation, so a
sweep gets cheaper as its runs finish.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gradstep.descent.objective import Objective
from gradstep.descent.optimizers import Optimizer
from gradstep.descent.verdict import WindowStats, window_stats

WINDOW = 64
X_BOUND, F_BOUND = 1e10, 1e20
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
    """The runs still computed (``idx`` into the full batch) and their state."""

    idx: np.ndarray
    x: np.ndarray
    lr: np.ndarray
    x_bound: np.ndarray
    step2: np.ndarray
    ring_p: np.ndarray
    ring_v: np.ndarray
    f_bound: np.ndarray = field(default_factory=lambda: np.empty(0))
    state: dict[str, Any] = field(default_factory=dict)

    def keep(self, mask: np.ndarray) -> None:
        self.idx, self.x, self.lr = self.idx[mask], self.x[:, mask], self.lr[mask]
        self.x_bound, self.f_bound = self.x_bound[mask], self.f_bound[mask]
        self.step2, self.ring_p = self.step2[mask], self.ring_p[:, :, mask]
        self.ring_v = self.ring_v[:, mask]
        for key, value in self.state.items():
            if isinstance(value, np.ndarray) and value.ndim == 2:
                self.state[key] = value[:, mask]


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


def run_batch(
    objective: Objective,
    x0: np.ndarray,
    learning_rates: np.ndarray,
    steps: int,
    tol: float,
    optimizer: Optimizer,
    keep_history: bool,
) -> Outcome:
    """Descend from ``x0`` (shape ``(n, B)``) with one learning rate per run (shape ``(B,)``)."""
    n, batch = x0.shape
    w = _Working(
        idx=np.arange(batch),
        x=x0.astype(np.float64, copy=True),
        lr=learning_rates.astype(np.float64),
        x_bound=X_BOUND * (1.0 + np.abs(x0).max(axis=0)),
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
            if history is not None:
                history.put(k, w.x, f, g)
            w.ring_p[k % WINDOW], w.ring_v[k % WINDOW] = w.x, f
            g2 = np.einsum("ib,ib->b", g, g) if n > 1 else g[0] * g[0]
            blown = ~(np.isfinite(f) & np.isfinite(g2))
            blown |= (np.abs(w.x).max(axis=0) > w.x_bound) | (np.abs(f) > w.f_bound)
            rest = (g2 <= tol * tol) & (w.step2 <= tol * tol) & ~blown
            stop_blown, stop_rest = active & blown, active & rest
            if stop_blown.any():
                rec.stop(w, np.flatnonzero(stop_blown), k, BLOWN, f, g)
            if stop_rest.any():
                rec.stop(w, np.flatnonzero(stop_rest), k, AT_REST, f, g)
            active &= ~(stop_blown | stop_rest)
            if not active.any():
                break
            if k == steps:
                rec.stop(w, np.flatnonzero(active), k, RAN_OUT, f, g)
                break
            if history is None and active.sum() <= 0.5 * active.size:
                w.keep(active)  # drop the runs that stopped: the rest gets cheaper
                active, g = active[active], g[:, active]
            delta = optimizer.update(w.state, g, w.lr, k + 1)
            if not active.all():
                delta = np.where(active, delta, 0.0)
            w.step2 = np.einsum("ib,ib->b", delta, delta) if n > 1 else delta[0] * delta[0]
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
