"""The descent loop, for a whole batch of runs at once (one run is a batch of one).

Every step evaluates f and ∇f for all runs still going in ONE vectorised computation
through the engine (a compiled formula's graph is recorded once and replayed:
:mod:`gradstep.descent.replay`), applies the update rule to all of them at once, and
checks which runs have stopped:

* at rest: ‖∇f‖ ≤ tol and the last step ‖Δx‖ ≤ tol (classified later: minimum or not);
* blown up: a value or gradient is inf/NaN, |f| grew past 10²⁰·(1 + |f(x₀)|), or |x| past
  10¹⁰·(1 + |x₀|) (|x| is checked every 8 steps, and whenever another check fires).

The per-step checks are a few whole-array reductions; per-run masks are built only when a
reduction says that some run may have stopped. A stopped run is frozen in place (learning
rate 0) and its stop is noted (step, reason, gradient, last step): nothing more happens
at that step. The summaries of each run's last :data:`WINDOW` points and values
(alternation, growth, progress), which the verdicts of :mod:`gradstep.descent.verdict`
read, are computed later for many stopped runs at once (:mod:`gradstep.descent.tape`).
When no full history is asked for, runs that stopped are dropped from the computation
once they are a tenth of it, so a sweep gets cheaper as its runs finish.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gradstep.descent.objective import Objective
from gradstep.descent.optimizers import Optimizer
from gradstep.descent.tape import RAN_OUT, WINDOW, Recorder, Tape, _squares
from gradstep.descent.verdict import WindowStats

X_BOUND, F_BOUND = 1e10, 1e20
X_CHECK_EVERY = 8  # |x| is checked against its bound every 8 steps (f every step)
AT_REST, BLOWN = 1, 2
COMPACT = 0.9  # drop the stopped runs once they are 10 % of the batch being computed

__all__ = ["AT_REST", "BLOWN", "RAN_OUT", "WINDOW", "Outcome", "run_batch"]


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
    (so it no longer moves) and its tolerance −1 (so it is never "at rest" again; this is
    also how a live run is told from a stopped one), and a run that blew up goes back to
    its finite start point with its optimizer state cleared (so no NaN keeps raising the
    alarm). ``x`` is never changed in place: the tape keeps references to past points.
    """

    idx: np.ndarray
    x: np.ndarray
    x0: np.ndarray
    lr: np.ndarray
    tol2: np.ndarray
    x_bound2: np.ndarray
    f_bound: np.ndarray = field(default_factory=lambda: np.empty(0))
    state: dict[str, Any] = field(default_factory=dict)
    left: int = 0  # live runs
    tol2_max: float = 0.0  # tol² (a stopped run's −1 is below it)
    x_limit: float = 0.0  # the smallest bound of any run: one comparison says "all fine"
    f_limit: float = 0.0

    def limits(self) -> None:
        self.x_limit = float(self.x_bound2.min()) if self.x_bound2.size else np.inf
        self.f_limit = float(self.f_bound.min()) if self.f_bound.size else np.inf

    def live(self) -> np.ndarray:
        return self.tol2 >= 0

    def keep(self, mask: np.ndarray) -> None:
        for name in ("idx", "lr", "tol2", "x_bound2", "f_bound"):
            setattr(self, name, getattr(self, name)[mask])
        self.x, self.x0 = self.x[:, mask], self.x0[:, mask]
        for key, value in self.state.items():
            if isinstance(value, np.ndarray) and value.ndim == 2:
                self.state[key] = value[:, mask]
        self.limits()

    def freeze(self, local: np.ndarray, blown: np.ndarray) -> None:
        self.lr[local], self.tol2[local] = 0.0, -1.0
        self.left -= len(local)
        if blown.size:
            self.x = self.x.copy()
            self.x[:, blown] = self.x0[:, blown]
        for value in self.state.values():
            if isinstance(value, np.ndarray) and value.ndim == 2:
                value[:, local] = 0.0


def _at_rest(w: _Working, g2: np.ndarray, delta: np.ndarray | None) -> tuple[Any, Any]:
    """Live runs with ‖∇f‖² ≤ tol² and ‖Δx‖² ≤ tol² (local indices, and their ‖Δx‖²).

    ‖Δx‖² is computed only for the few runs whose gradient is already small enough.
    """
    if g2.min() > w.tol2_max:  # one reduction says that no gradient is small enough
        return None, None
    near = (g2 <= w.tol2).nonzero()[0]
    if not near.size:
        return None, None
    step2 = np.zeros(len(near)) if delta is None else _squares(delta[:, near])
    ok = step2 <= w.tol2[near]
    if ok.all():
        return near, step2
    return (near[ok], step2[ok]) if ok.any() else (None, None)


def _blown(w: _Working, alarm: bool, x2: Any, f: Any, g2: Any) -> np.ndarray:
    """Local indices of live runs that blew up (inf/NaN or beyond a bound)."""
    if not alarm:  # every f and ∇f is finite and within bounds: only |x| can be too large
        if x2 is None and _surely_within(w):
            return np.empty(0, dtype=np.intp)
        x2 = _squares(w.x) if x2 is None else x2
        if x2.max() <= w.x_limit:
            return np.empty(0, dtype=np.intp)
        blown = x2 > w.x_bound2
    else:
        x2 = _squares(w.x) if x2 is None else x2
        blown = ~np.isfinite(f) | ~np.isfinite(g2) | (x2 > w.x_bound2) | (np.abs(f) > w.f_bound)
    return np.flatnonzero(blown & w.live())


def _surely_within(w: _Working) -> bool:
    """‖x‖² ≤ the smallest bound for every run, from max |xᵢ| alone (two reductions, no
    temporary arrays; the 1 % margin covers the rounding of the sum of squares)."""
    top = max(float(w.x.max()), -float(w.x.min()))
    return len(w.x) * top * top * 1.01 <= w.x_limit


def _alarm(w: _Working, f: np.ndarray, g2: np.ndarray) -> bool:
    """Some f or ∇f is inf/NaN, some |f| is past the smallest bound, or the sum of all
    values and squared gradients overflows. The sum of the values is only taken when
    it could overflow: with every |f| within the bound, it cannot while
    B·bound + Σ‖∇f‖² stays below 10³⁰⁸ (one reduction fewer per step)."""
    if not np.abs(f).max() <= w.f_limit:  # also NaN
        return True
    g2_sum = float(g2.sum())
    if not math.isfinite(g2_sum):
        return True
    if len(f) * w.f_limit + g2_sum < 1e308:
        return False
    return not math.isfinite(f.sum() + g2_sum)


def _check(w: _Working, tape: Tape, k: int, f: Any, g: Any, delta: Any) -> None:
    """Stop (freeze, and note on the tape) the runs that came to rest or blew up at step k.

    The common case costs a few whole-array operations and reductions.
    """
    g2 = _squares(g)
    rest, rest_step2 = _at_rest(w, g2, delta)
    alarm = _alarm(w, f, g2)
    x2 = _squares(w.x) if k % X_CHECK_EVERY == 0 or alarm else None
    alarm = alarm or (x2 is not None and x2.max() > w.x_limit)
    if not alarm and rest is None:
        return
    blown = _blown(w, alarm, x2, f, g2)
    if blown.size:
        tape.stop(k, BLOWN, w.idx[blown], g[:, blown], _step2(delta, blown))
    if rest is not None and blown.size:  # blowing up wins
        gone = np.zeros(len(w.idx), dtype=bool)
        gone[blown] = True
        keep = ~gone[rest]
        rest, rest_step2 = rest[keep], rest_step2[keep]
    if rest is not None and rest.size:
        tape.stop(k, AT_REST, w.idx[rest], g[:, rest], rest_step2)
        stopped = np.concatenate([blown, rest]) if blown.size else rest
    else:
        stopped = blown
    if stopped.size:
        w.freeze(stopped, blown)


def _step2(delta: Any, local: np.ndarray) -> np.ndarray:
    return np.zeros(len(local)) if delta is None else _squares(delta[:, local])


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
        left=batch,
        tol2_max=tol * tol,
    )
    rec = Recorder(n, batch, steps)
    tape = Tape(batch)
    history = _History(n, batch, steps) if keep_history else None
    compact = drop_finished and history is None
    start_values = np.empty(batch)
    delta = None
    k = 0
    with np.errstate(all="ignore"):
        value_and_grad = objective.evaluator(w.x)
        for k in range(steps + 1):
            f, g = value_and_grad(w.x)
            if k == 0:
                start_values[:] = f
                w.f_bound = F_BOUND * (1.0 + np.abs(f))
                w.limits()
            if history is not None:
                history.put(k, w.x, f, g)
            tape.put(k, w.x, f)
            _check(w, tape, k, f, g, delta)
            if w.left == 0:
                break
            if k == steps:
                rec.record(tape)  # the runs that ran out share one window: recorded alone
                live = np.flatnonzero(w.live())
                tape.stop(k, RAN_OUT, w.idx[live], g[:, live], _step2(delta, live))
                break
            if tape.full():
                rec.record(tape)
            if compact and w.left <= COMPACT * len(w.idx):
                live = w.live()
                w.keep(live)  # drop the runs that stopped: the rest gets cheaper
                tape.layout(w.idx)
                g = g[:, live]
            delta = optimizer.update(w.state, g, w.lr, k + 1)
            w.x = w.x + delta
    rec.record(tape)
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
    """Every point, value and gradient of every run (for pictures and single runs).

    Room is made as the steps come (doubling), so a large ``steps`` that is never reached
    costs no memory."""

    FIRST = 1024  # rows made at first (at most steps + 1)

    def __init__(self, n: int, batch: int, steps: int) -> None:
        self.limit = steps + 1
        rows = min(self.limit, self.FIRST)
        self.points = np.empty((rows, n, batch))
        self.values = np.empty((rows, batch))
        self.grads = np.empty((rows, n, batch))

    def _grow(self) -> None:
        rows = min(self.limit, 2 * len(self.values))
        for name in ("points", "values", "grads"):
            old = getattr(self, name)
            new = np.empty((rows, *old.shape[1:]))
            new[: len(old)] = old
            setattr(self, name, new)

    def put(self, k: int, x: np.ndarray, f: np.ndarray, g: np.ndarray) -> None:
        if k >= len(self.values):
            self._grow()
        self.points[k], self.values[k], self.grads[k] = x, f, g

    def trimmed(self, k: int) -> dict[str, np.ndarray]:
        return {
            "points": self.points[: k + 1],
            "values": self.values[: k + 1],
            "grads": self.grads[: k + 1],
        }
