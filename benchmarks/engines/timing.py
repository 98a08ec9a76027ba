"""Timing engines in turns: short blocks, rotating order, many rounds, median per engine.

The machines drift (other jobs, frequency changes), so engines timed one after another
would see different machines. Here every round times each engine once, in an order that
rotates and reverses from round to round, so drift falls on all of them alike.
"""

from __future__ import annotations

import gc
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Timing:
    """Seconds per call of one engine: median and quartiles over its blocks."""

    median: float
    q1: float
    q3: float
    blocks: int
    calls_per_block: int


def _one_call(step: Callable[[], Any]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def _calibrate(step: Callable[[], Any], block_s: float, first: float) -> tuple[int, float]:
    """Calls per block to fill ``block_s``, and the time of one call. The step has been
    called once already (``first`` seconds, compilation included); a step slower than
    20 blocks (micrograd) is not called again just to calibrate."""
    once = first if first > 20 * block_s else _one_call(step)
    if once < block_s / 10:
        once = min(once, *(_one_call(step) for _ in range(3)))
    return max(1, math.floor(block_s / max(once, 1e-9))), once


def _order(names: list[str], round_: int) -> list[str]:
    k = round_ % len(names)
    order = names[k:] + names[:k]
    return order[::-1] if round_ % 2 else order


def interleaved(
    steps: dict[str, Callable[[], Any]],
    rounds: int = 15,
    block_s: float = 0.05,
    budget_s: float = 6.0,
    max_s: float = 25.0,
    first: dict[str, float] | None = None,
) -> dict[str, Timing]:
    """Time every step in turns; an engine whose blocks would exceed ``budget_s`` in total
    (micrograd) takes part in fewer rounds, spread evenly, at least three. Rounds stop
    early (after at least three) once ``max_s`` seconds have gone by."""
    calls: dict[str, int] = {}
    every: dict[str, int] = {}
    for name, step in steps.items():
        calls[name], once = _calibrate(step, block_s, (first or {}).get(name, 0.0))
        per_block = max(once * calls[name], block_s)
        every[name] = max(1, min(rounds // 3, math.ceil(per_block * rounds / budget_s)))
    samples: dict[str, list[float]] = {name: [] for name in steps}
    names = list(steps)
    began = time.perf_counter()
    for r in range(rounds):
        if r >= 3 and time.perf_counter() - began > max_s:
            break
        for name in _order(names, r):
            if r % every[name]:
                continue
            gc.collect()
            step, n = steps[name], calls[name]
            start = time.perf_counter()
            for _ in range(n):
                step()
            samples[name].append((time.perf_counter() - start) / n)
    return {name: _summary(s, calls[name]) for name, s in samples.items()}


def _summary(samples: list[float], calls: int) -> Timing:
    if len(samples) >= 2:
        q1, _, q3 = statistics.quantiles(samples, n=4, method="inclusive")
    else:
        q1 = q3 = samples[0]
    return Timing(statistics.median(samples), q1, q3, len(samples), calls)
