"""What an engine adapter is: a name, a version, and one step function per workload.

A step function takes no argument and does one unit of timed work in the engine, returning
its native results:

* ``w1``/``w2``/``w4`` (a training step): ``(loss, [grad of each parameter])``, the
  gradients taken before the update;
* ``w3`` (the op chain): ``(value, grad of x)``;
* ``w5`` (Hessian-vector product): ``hv``.

An adapter returns ``None`` for a workload it cannot run, with the reason in ``skip``.
Results are turned into NumPy arrays only for validation, never inside the timed call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np

from engines.problems import ChainProblem, HVPProblem, MLPProblem, MoonsProblem

Step = Callable[[], Any]


class Adapter:
    """Base adapter: override the workloads the engine supports."""

    name = "?"
    skip: ClassVar[dict[str, str]] = {}  # workload -> why it is not run

    def version(self) -> str:
        return "?"

    def numpy(self, value: Any) -> np.ndarray:
        """A native result as a float64 NumPy array (for validation only)."""
        return np.asarray(value, dtype=np.float64)

    def mlp(self, problem: MLPProblem) -> Step | None:  # W1 (float32) and W2 (float64)
        return None

    def chain(self, problem: ChainProblem) -> Step | None:  # W3
        return None

    def moons(self, problem: MoonsProblem) -> Step | None:  # W4
        return None

    def hvp(self, problem: HVPProblem) -> Step | None:  # W5
        return None


def flatten(result: Any) -> list[Any]:
    """A step's nested result as a flat list of arrays (loss first)."""
    if isinstance(result, tuple | list):
        return [leaf for item in result for leaf in flatten(item)]
    return [result]
