"""The playground's safety limits, in one place (documented in ``docs/web.md``).

Requests larger than ``max_body_bytes`` get 413 (the body is read and dropped, up to
``drain_bytes``, so the client sees an answer, not a reset connection). Expressions,
steps and learning-rate lists are bounded by the request schemas; every computation runs
in a worker process with ``time_limit`` seconds (descent runs: ``descent_time_limit``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

MAX_EXPRESSION = 500  # characters (the parser itself accepts at most 1000)
MAX_STEPS = 10_000  # steps of one descent run
MAX_SWEEP_WORK = 100_000  # learning rates × steps in one sweep
MAX_LEARNING_RATES = 20
MAX_VARIABLES = 10
MAX_ABS_NUMBER = 1e12  # start points, points and domains
MAX_ORDER = 10


@dataclass(frozen=True)
class Limits:
    """Per-server limits; the defaults suit one learner on a laptop."""

    max_body_bytes: int = 16 * 1024
    drain_bytes: int = 8 * 1024 * 1024
    time_limit: float = 8.0
    descent_time_limit: float = 8.0
    slow_after: float = 0.5
    queue_wait: float = 30.0
    warm_workers: int = 2
    max_workers: int = max(8, min(16, 2 * (os.cpu_count() or 2)))
    memory_bytes: int = 2 << 30
