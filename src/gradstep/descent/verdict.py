"""Verdicts: how a run ended, decided by documented rules (vectorised over runs).

A run stops in one of three ways (see :mod:`gradstep.descent.batch`), then:

**At rest** (‖∇f‖ ≤ tol and last step ≤ tol). The curvature decides:

* the Hessian (our engine, differentiated twice) has all eigenvalues < −10⁻⁶:
  ``stalled`` at a **maximum**; some eigenvalue < −10⁻⁶: ``stalled`` at a **saddle**;
* f is flat around the point (every probe within 10⁻⁶·(1 + |f|), all |eigenvalues| ≤ 10⁻⁶):
  ``stalled`` on a **plateau**;
* along some probe direction d, f(x + d) − f(x) − ∇f·d < −10⁻⁹·(1 + |f|) (f bends down
  beyond what the leftover gradient explains): ``stalled`` at a **flat inflection**;
* otherwise ``converged`` (a minimum; also at a kink such as |x| at 0).

Probes: x ± h·eᵢ and x ± h·(Hessian eigenvectors) for h ∈ {10⁻³, 10⁻², 10⁻¹}·(1 + ‖x‖∞).

**Blown up** (inf/NaN or beyond the bounds): ``diverged``. The reason says whether the
values became inf/NaN, fell towards −∞, or grew while the steps flip direction, i.e. it
**oscillates with growing amplitude** (x² with η = 1.1: x ← −1.2·x).

**Ran out of steps**. Over the last (up to 64) steps:

* f rose on ≥ 90 % of the steps and ends above where the window began: ``diverged``
  (growing; with growing amplitude when the steps alternate);
* consecutive steps point in opposite directions at least half of the time, the steps are
  not shrinking (the last step is at least half the first) and either f made no progress
  (the lowest value of the second half of the window is not below that of the first half
  by more than 10⁻¹²·(1 + |f|)) or f ends above where the run started: ``oscillating``
  (|x| with a fixed step, x² with η = 1 exactly, a zig-zag across a narrow valley);
* no progress, no oscillation, steps not shrinking and ‖∇f‖ < 10⁻³: ``stalled`` (crawling
  on a plateau; a run still closing in on a minimum has shrinking steps);
* ‖∇f‖ < 10⁻³, no oscillation, and along the direction of descent −∇f f keeps going down
  (never up by more than 10⁻¹²·(1 + |f|) from one probe to the next) over a whole reach
  of 1 + ‖x‖∞ (probes at 48 distances, geometric from 10⁻⁹ of the reach and evenly spaced):
  ``stalled`` (no minimum ahead: crawling down a plateau such as tanh far from 0, or
  towards a flat inflection such as x³ from 1; a slow run towards a minimum finds f
  rising again past it);
* otherwise ``max_steps``: still making progress when the steps ran out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np

CURVATURE_TOL = 1e-6
FLAT_TOL = 1e-6
BEND_TOL = 1e-9
PROGRESS_TOL = 1e-12
PROBE_SCALES = (1e-3, 1e-2, 1e-1)


@dataclass
class WindowStats:
    """Per-run summaries of the last steps (arrays of shape ``(B,)``)."""

    alternation: np.ndarray  # fraction of consecutive steps pointing opposite ways
    rises: np.ndarray  # fraction of steps on which f rose
    ratio: np.ndarray  # geometric mean growth of the step length
    progress: np.ndarray  # bool: f still going down
    shrinking: np.ndarray  # bool: last step < half the first step of the window
    grew: np.ndarray  # bool: f ends above where the window began
    overshot: np.ndarray  # bool: some step reversed direction

    @classmethod
    def empty(cls, batch: int) -> WindowStats:
        z = np.zeros(batch)
        b = np.zeros(batch, dtype=bool)
        return cls(z.copy(), z.copy(), np.ones(batch), b.copy(), b.copy(), b.copy(), b.copy())

    def put(self, runs: np.ndarray, other: WindowStats) -> None:
        for f in fields(self):
            getattr(self, f.name)[runs] = getattr(other, f.name)


def _fraction(mask: np.ndarray, count: int) -> np.ndarray:
    return mask.sum(axis=0) / count if count else np.zeros(mask.shape[1:])


def window_stats(points: np.ndarray, values: np.ndarray) -> WindowStats:
    """Summaries of a window of ``points`` (w, n, R) and ``values`` (w, R), oldest first."""
    w = values.shape[0]
    steps = np.diff(points, axis=0)  # (w-1, n, R)
    norms = np.sqrt((steps * steps).sum(axis=1))  # (w-1, R)
    dots = (steps[1:] * steps[:-1]).sum(axis=1)  # (w-2, R)
    reversals = dots < 0
    alternation = _fraction(reversals, w - 2)
    rises = _fraction(np.diff(values, axis=0) > 0, w - 1)
    half = w // 2
    scale = PROGRESS_TOL * (1.0 + np.abs(values[-1]))
    if w >= 2:
        clean = np.where(np.isnan(values), np.inf, values)
        first, second = clean[:half].min(axis=0), clean[half:].min(axis=0)
        progress = second < first - scale
        shrinking = norms[-1] < 0.5 * norms[0]
    else:
        progress = np.zeros(values.shape[1], dtype=bool)
        shrinking = progress.copy()
    with np.errstate(all="ignore"):
        logs = np.log(norms[1:] / norms[:-1])
        ok = np.isfinite(logs)
        ratio = np.exp(np.where(ok, logs, 0.0).sum(axis=0) / np.maximum(ok.sum(axis=0), 1))
    return WindowStats(
        alternation=alternation,
        rises=rises,
        ratio=ratio,
        progress=progress,
        shrinking=shrinking,
        grew=values[-1] > values[0],
        overshot=reversals.any(axis=0),
    )


SLOPE_GRAD = 1e-3  # below this gradient a run that ran out is checked for a minimum ahead
AHEAD = np.unique(np.concatenate([np.geomspace(1e-9, 1.0, 24), np.linspace(0.0, 1.0, 25)[1:]]))


def no_minimum_ahead(x: np.ndarray, f: np.ndarray, g: np.ndarray, values: Values) -> np.ndarray:
    """For each column of ``x`` (n, R): whether f only goes down along −∇f over a reach
    of 1 + ‖x‖∞ (see the module docstring); ``f`` (R,), ``g`` (n, R)."""
    n, r = x.shape
    norm = np.sqrt((g * g).sum(axis=0))
    reach = 1.0 + np.abs(x).max(axis=0)
    with np.errstate(all="ignore"):
        d = -g / np.where(norm > 0, norm, 1.0)
        dist = reach[:, None] * AHEAD[None, :]  # (R, P)
        probes = x[:, :, None] + d[:, :, None] * dist[None, :, :]  # (n, R, P)
        p = len(AHEAD)
        fp = values(probes.reshape(n, r * p)).reshape(r, p)
    path = np.concatenate([f[:, None], fp], axis=1)
    path = np.where(np.isnan(path), np.inf, path)  # NaN ahead: a wall, not a way down
    rises = np.diff(path, axis=1) > PROGRESS_TOL * (1.0 + np.abs(f))[:, None]
    return (norm > 0) & np.isfinite(path).all(axis=1) & ~rises.any(axis=1)


def ran_out_kinds(stats: WindowStats, grad_norm: np.ndarray, worse: np.ndarray) -> np.ndarray:
    """Reason keys for runs whose steps ran out (see the module docstring); ``worse``:
    f ended above its start value."""
    alternating = stats.alternation >= 0.5
    growing = (stats.rises >= 0.9) & stats.grew
    oscillating = alternating & ~stats.shrinking & (~stats.progress | worse)
    crawl = ~stats.progress & ~alternating & ~stats.shrinking & (grad_norm < 1e-3)
    kinds = np.full(grad_norm.shape, "max_steps", dtype=object)
    kinds[crawl] = "stalled_crawl"
    kinds[oscillating] = "oscillating"
    kinds[growing] = np.where(alternating[growing], "diverged_oscillating", "diverged_growing")
    return kinds


def blown_kinds(
    stats: WindowStats, values: np.ndarray, grads: np.ndarray, start_values: np.ndarray
) -> np.ndarray:
    """Reason keys for runs that blew up: inf/NaN, falling to −∞, or growing."""
    finite = np.isfinite(values) & np.isfinite(grads).all(axis=0)
    kinds = np.full(values.shape, "diverged_bound", dtype=object)
    kinds[stats.alternation >= 0.5] = "diverged_oscillating"
    kinds[finite & (values < start_values)] = "diverged_falling"
    kinds[~finite] = "diverged_nonfinite"
    return kinds


Values = Callable[[np.ndarray], np.ndarray]


def _probe_directions(vectors: np.ndarray) -> np.ndarray:
    """±eᵢ and ±(eigenvectors): shape (R, n, 4n)."""
    r, n, _ = vectors.shape
    eye = np.broadcast_to(np.eye(n), (r, n, n))
    dirs = np.concatenate([eye, vectors], axis=2)
    return np.concatenate([dirs, -dirs], axis=2)


def rest_kinds(
    x: np.ndarray, f: np.ndarray, g: np.ndarray, hessian: np.ndarray, values: Values
) -> tuple[np.ndarray, np.ndarray]:
    """Reason keys and the curvature quoted in the reason, for runs at rest.

    ``x`` (n, R), ``f`` (R,), ``g`` (n, R), ``hessian`` (R, n, n); ``values`` evaluates f
    at the columns of an (n, M) array.
    """
    n, r = x.shape
    good = np.isfinite(hessian).all(axis=(1, 2))
    safe = np.where(good[:, None, None], hessian, 0.0)
    lam, vectors = np.linalg.eigh(safe)
    dirs = _probe_directions(vectors)  # (R, n, P0)
    size = 1.0 + np.abs(x).max(axis=0)
    offsets = np.concatenate([dirs * (h * size)[:, None, None] for h in PROBE_SCALES], axis=2)
    probes = x.T[:, :, None] + offsets  # (R, n, P)
    p = probes.shape[2]
    with np.errstate(all="ignore"):
        fp = values(probes.transpose(1, 0, 2).reshape(n, r * p)).reshape(r, p)
        change = fp - f[:, None]
        bend = change - np.einsum("nr,rnp->rp", g, offsets)
    change = np.where(np.isfinite(change), change, np.inf)
    bend = np.where(np.isfinite(bend), bend, np.inf)
    flat = (np.abs(change).max(axis=1) <= FLAT_TOL * (1.0 + np.abs(f))) & (
        np.abs(lam).max(axis=1) <= CURVATURE_TOL
    )
    bends_down = bend.min(axis=1) < -BEND_TOL * (1.0 + np.abs(f))
    kinds = np.full(r, "converged", dtype=object)
    kinds[bends_down] = "stalled_inflection"
    kinds[flat] = "stalled_plateau"
    kinds[lam[:, 0] < -CURVATURE_TOL] = "stalled_saddle"
    kinds[lam[:, -1] < -CURVATURE_TOL] = "stalled_maximum"
    curvature = np.where(kinds == "stalled_maximum", lam[:, -1], lam[:, 0])
    return kinds, curvature
