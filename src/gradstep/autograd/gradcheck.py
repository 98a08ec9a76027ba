"""``gradcheck``: hold a function's autodiff gradient against central finite differences.

For users checking their own functions (and for our tests). Everything runs in float64.
A non-scalar output is reduced with a fixed random weighting u, so one backward pass
checks the whole Jacobian in the direction u (HIPS autograd's ``check_grads``). Each
input element is checked, and so are a few random directions (PyTorch's fast mode).
Where the left and right one-sided differences disagree, the point sits on a kink: it
is reported, not counted as a failure (Chainer's idea).

>>> import gradstep as gs
>>> gs.gradcheck(lambda x: (x.sin() * x).sum(), [gs.tensor([0.3, -1.2])]).ok
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gradstep import backend as B
from gradstep.autograd.engine import gradients
from gradstep.autograd.tensor import Tensor, _leaf


@dataclass(frozen=True)
class Mismatch:
    """One compared value: which input and element (or direction), and both numbers."""

    input: int
    index: tuple[int, ...] | str
    analytic: float
    numeric: float

    @property
    def abs_error(self) -> float:
        return abs(self.analytic - self.numeric)

    @property
    def rel_error(self) -> float:
        return self.abs_error / max(abs(self.numeric), abs(self.analytic), 1e-12)


@dataclass(frozen=True)
class GradcheckResult:
    """The outcome: ``ok``, the worst comparison, how many were made, and kinks met."""

    ok: bool
    worst: Mismatch | None
    checked: int
    kinks: list[Mismatch] = field(default_factory=list)
    atol: float = 1e-6
    rtol: float = 1e-5

    def __bool__(self) -> bool:
        return self.ok

    def to_dict(self) -> dict[str, Any]:
        worst = None
        if self.worst is not None:
            worst = {
                "input": self.worst.input,
                "index": list(self.worst.index)
                if isinstance(self.worst.index, tuple)
                else self.worst.index,
                "analytic": self.worst.analytic,
                "numeric": self.worst.numeric,
                "abs_error": self.worst.abs_error,
                "rel_error": self.worst.rel_error,
            }
        return {"ok": self.ok, "worst": worst, "checked": self.checked, "kinks": len(self.kinks)}

    def __str__(self) -> str:
        head = "gradcheck passed" if self.ok else "gradcheck FAILED"
        if self.worst is None:
            return f"{head} ({self.checked} values)"
        w = self.worst
        return (
            f"{head} ({self.checked} values): worst at input {w.input} {w.index}: "
            f"analytic {w.analytic:.10g} vs numeric {w.numeric:.10g} "
            f"(abs {w.abs_error:.2e}, rel {w.rel_error:.2e})"
            + (f"; {len(self.kinks)} kink(s) skipped" if self.kinks else "")
        )


def _on_kink(up: float, mid: float, down: float, eps: float) -> bool:
    """True where the right and left one-sided differences disagree (no derivative there)."""
    right, left = (up - mid) / eps, (mid - down) / eps
    return abs(right - left) > 1e3 * eps * (1 + abs(right) + abs(left)) + 1e-4


def gradcheck(
    f: Callable[..., Tensor],
    inputs: Sequence[Any],
    *,
    eps: float = 1e-6,
    atol: float = 1e-6,
    rtol: float = 1e-5,
    directions: int = 3,
    seed: int = 0,
) -> GradcheckResult:
    """Compare ∂f/∂inputs from the engine with central differences (float64).

    ``f`` takes the inputs as Tensors and returns a Tensor of any shape. A value passes
    when ``|analytic − numeric| ≤ atol + rtol·|numeric|``.
    """
    rng = np.random.default_rng(seed)
    arrays = [np.array(B.to_numpy(getattr(x, "data", x)), dtype=np.float64) for x in inputs]
    probe = f(*[_leaf(B.xp.asarray(a)) for a in arrays])
    if not isinstance(probe, Tensor):
        raise TypeError(f"gradcheck: f must return a Tensor, got {type(probe).__name__}")
    weights = rng.standard_normal(probe.shape)

    def scalar(values: list[np.ndarray]) -> float:
        out = f(*[_leaf(B.xp.asarray(v)) for v in values])
        return float(np.sum(B.to_numpy(out.data).astype(np.float64) * weights))

    variables = [_leaf(B.xp.asarray(a.copy())) for a in arrays]
    for v in variables:
        v.requires_grad = True
    out = f(*variables)
    found = gradients([out], variables, [B.xp.asarray(weights, dtype=out.dtype)])
    analytic = [
        np.zeros_like(a) if g is None else B.to_numpy(g.data).astype(np.float64)
        for g, a in zip(found, arrays, strict=True)
    ]

    compared: list[Mismatch] = []
    kinks: list[Mismatch] = []

    def moved(i: int, delta: np.ndarray) -> list[np.ndarray]:
        values = [a.copy() for a in arrays]
        values[i] = values[i] + delta
        return values

    for i, a in enumerate(arrays):
        for index in np.ndindex(a.shape):
            delta = np.zeros_like(a)
            delta[index] = eps
            up, down, mid = scalar(moved(i, delta)), scalar(moved(i, -delta)), scalar(arrays)
            row = Mismatch(i, index, float(analytic[i][index]), (up - down) / (2 * eps))
            (kinks if _on_kink(up, mid, down, eps) else compared).append(row)
        for _ in range(directions if a.size > 1 else 0):
            d = rng.standard_normal(a.shape)
            up, down = scalar(moved(i, eps * d)), scalar(moved(i, -eps * d))
            row = Mismatch(i, "direction", float(np.sum(analytic[i] * d)), (up - down) / (2 * eps))
            # a direction through a kink is reported like an element on one, not a failure
            (kinks if _on_kink(up, scalar(arrays), down, eps) else compared).append(row)

    def excess(m: Mismatch) -> float:
        return m.abs_error - (atol + rtol * abs(m.numeric))

    # The worst element is what is reported (which input, which index); a random direction
    # is reported only when it fails while every element passes.
    elements = [m for m in compared if m.index != "direction"]
    worst = max(elements, key=excess, default=None)
    worst_direction = max((m for m in compared if m.index == "direction"), key=excess, default=None)
    direction_fails = worst_direction is not None and excess(worst_direction) > 0
    if direction_fails and (worst is None or excess(worst) <= 0):
        worst = worst_direction
    ok = all(excess(m) <= 0 for m in compared)
    return GradcheckResult(ok, worst, len(compared), kinks, atol, rtol)
