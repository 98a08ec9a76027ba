"""Preloaded into the fork server: imports every job's library and runs each job once on a
tiny input, so that every worker forked from it starts warm (SymPy's caches and lazy
imports filled) and a learner's first request is as fast as the later ones."""

from __future__ import annotations

import contextlib

from gradstep.web.jobs import run_job

WARM_UP = [
    ("diff", {"expression": "sin(x)^2 + x^3/(x+1) + |x| + e^x", "at": {"x": 1.0}}),
    ("diff", {"expression": "x^2 y + y", "at": {"x": 1.0, "y": 2.0}}),
    ("extrema", {"expression": "x^3 - 3x"}),
    ("extrema", {"expression": "x^2 - y^2"}),
    ("check", {"expression": "sin(x^2)", "answer": "cos(x^2)"}),
    ("descend", {"expression": "x^2 + y^2", "x0": {"x": 1.0, "y": 1.0}, "learning_rate": 0.1}),
    ("sweep", {"expression": "x^2", "x0": 1.0, "learning_rates": [0.1, 1.1]}),
    ("plot", {"expression": "x^2 + y^2", "x_range": [-1.0, 1.0]}),
]


def warm_up() -> None:
    """Run each job once; a failure here only costs speed, never correctness."""
    for name, kwargs in WARM_UP:
        with contextlib.suppress(Exception):
            run_job(name, kwargs)


warm_up()
