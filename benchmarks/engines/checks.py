"""Validation against the hand-written NumPy result, and peak memory with tracemalloc."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from engines.base import Adapter, flatten


def mismatch(adapter: Adapter, result: Any, reference: list[np.ndarray], rtol: float) -> str | None:
    """Why ``result`` differs from the reference (loss, then each gradient), or None.

    Each array must match elementwise to ``rtol`` relative to its own largest magnitude.
    """
    got = [adapter.numpy(v) for v in flatten(result)]
    if len(got) != len(reference):
        return f"{len(got)} results, the reference has {len(reference)}"
    for i, (g, r) in enumerate(zip(got, reference, strict=True)):
        if g.shape != r.shape:
            return f"result {i}: shape {g.shape}, the reference has {r.shape}"
        scale = max(float(np.abs(r).max(initial=0.0)), 1e-30)
        err = float(np.abs(g - r).max(initial=0.0)) / scale
        if not err <= rtol:
            return f"result {i}: relative error {err:.2e} > {rtol:.0e}"
    return None


def peak_bytes(step: Callable[[], Any]) -> int:
    """Peak bytes allocated (as tracemalloc sees them) during one step, above the state
    before it. NumPy reports its array buffers to tracemalloc, so for NumPy-based engines
    this is the step's transient working memory, arrays and Python objects together.
    PyTorch and XLA allocate outside tracemalloc's sight: not measurable this way."""
    step()
    gc.collect()
    tracemalloc.start()
    try:
        step()  # results of this call are allocated under tracing, then dropped
        gc.collect()
        base, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        step()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - base
