"""Result objects of the descent lab: small frozen dataclasses with ``to_dict()``.

* :class:`Verdict`: the verdict's name, the key of its reason and the numbers quoted in it;
  the reason in words comes from the message catalogue (``en``/``vi``).
* :class:`DescentRun`: one run's whole trajectory, its verdict and its final point.
* :class:`SweepRun` / :class:`SweepResult`: many learning rates at once.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from gradstep.descent.objective import Objective
from gradstep.i18n import message

VERDICTS = ("converged", "diverged", "oscillating", "stalled", "max_steps")


def _float(value: Any) -> float:
    return float(value)


def _point(variables: tuple[str, ...], values: Any) -> dict[str, float]:
    return {v: _float(x) for v, x in zip(variables, values, strict=True)}


class Fields(Mapping[str, float]):
    """The numbers quoted in one run's reason: row ``i`` of columns that all the runs of a
    sweep share (so no dict per run is built unless one is asked for); reads, compares
    and pickles like the plain dict ``dict(fields)``."""

    __slots__ = ("_columns", "_i")

    def __init__(self, columns: Mapping[str, list[Any]], i: int) -> None:
        self._columns, self._i = columns, i

    def __getitem__(self, key: str) -> Any:
        return self._columns[key][self._i]

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def __repr__(self) -> str:
        return repr(dict(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self),))


@dataclass(frozen=True)
class Verdict:
    """How a run ended: ``name`` is one of :data:`VERDICTS`; ``key`` picks the reason."""

    name: str
    key: str
    fields: Mapping[str, float] = field(default_factory=dict)

    def reason(self, lang: str = "en") -> str:
        """The reason in words, in ``lang`` (``en`` or ``vi``)."""
        return message(f"descent.reason.{self.key}", lang, **self.fields)

    def label(self, lang: str = "en") -> str:
        """The verdict's name as shown to people in ``lang``."""
        return message(f"descent.verdict.{self.name}", lang)

    @classmethod
    def many(cls, keys: list[str], columns: Mapping[str, list[Any]]) -> list[Verdict]:
        """One verdict per key, run ``i`` quoting row ``i`` of ``columns`` (a sweep makes
        ten thousand at once: each is filled in directly, which is what the generated
        frozen ``__init__`` does, at half the cost)."""
        names = {key: "max_steps" if key == "max_steps" else key.split("_")[0] for key in keys}
        new, out = object.__new__, []
        for i, key in enumerate(keys):
            verdict = new(cls)
            verdict.__dict__.update(name=names[key], key=key, fields=Fields(columns, i))
            out.append(verdict)
        return out


def _frozen(array: Any) -> np.ndarray:
    out = np.array(array, dtype=np.float64)
    out.flags.writeable = False
    return out


@dataclass(frozen=True)
class DescentRun:
    """One run of gradient descent: every point, value, gradient and step, and the verdict.

    ``points`` has shape (T + 1, n) (x₀ … x_T), ``values`` (T + 1,), ``gradients``
    (T + 1, n), ``step_sizes`` (T,) with ``step_sizes[k] = ‖x_{k+1} − x_k‖`` (η·|f′(x_k)| for
    plain gradient descent in 1-D), where T = ``steps_taken``.
    """

    expression: str
    variables: tuple[str, ...]
    optimizer: str
    learning_rate: float
    tol: float
    max_steps: int
    points: np.ndarray
    values: np.ndarray
    gradients: np.ndarray
    step_sizes: np.ndarray
    outcome: Verdict
    lang: str = "en"
    objective: Objective | None = field(default=None, repr=False, compare=False)

    @property
    def verdict(self) -> str:
        return self.outcome.name

    @property
    def reason(self) -> str:
        return self.outcome.reason(self.lang)

    @property
    def steps_taken(self) -> int:
        return len(self.points) - 1

    @property
    def final_point(self) -> dict[str, float]:
        return _point(self.variables, self.points[-1])

    @property
    def final_value(self) -> float:
        return _float(self.values[-1])

    def path(self) -> list[dict[str, float]]:
        """The points visited, as ``[{variable: value}, …]``."""
        return [_point(self.variables, p) for p in self.points]

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` form (stable keys; NaN/inf become null when printed)."""
        return {
            "expression": self.expression,
            "optimizer": self.optimizer,
            "learning_rate": self.learning_rate,
            "verdict": self.verdict,
            "reason": self.reason,
            "steps_taken": self.steps_taken,
            "path": self.path(),
            "values": [_float(v) for v in self.values],
            "gradients": [_point(self.variables, g) for g in self.gradients],
            "final": {"point": self.final_point, "value": self.final_value},
        }

    def _repr_html_(self) -> str:
        point = ", ".join(f"{k} = {v:.6g}" for k, v in self.final_point.items())
        return (
            f"<p><b>{html.escape(self.expression)}</b> (η = {self.learning_rate:g}, "
            f"{html.escape(self.optimizer)}): <b>{html.escape(self.verdict)}</b> after "
            f"{self.steps_taken} steps at {html.escape(point)}<br>{html.escape(self.reason)}</p>"
        )


@dataclass(frozen=True)
class SweepRun:
    """One learning rate of a sweep: its verdict, steps taken and final point."""

    learning_rate: float
    outcome: Verdict
    steps_taken: int
    final_point: dict[str, float]
    final_value: float
    lang: str = "en"

    @property
    def verdict(self) -> str:
        return self.outcome.name

    @property
    def reason(self) -> str:
        return self.outcome.reason(self.lang)

    def to_dict(self) -> dict[str, Any]:
        return {
            "learning_rate": self.learning_rate,
            "verdict": self.verdict,
            "steps_taken": self.steps_taken,
            "final": {"point": self.final_point, "value": self.final_value},
        }


@dataclass(frozen=True)
class SweepResult:
    """Many runs from the same start, one per learning rate, computed together.

    Arrays have one entry per learning rate; ``history`` (when kept) holds ``points``
    (T + 1, n, R), ``values`` (T + 1, R) and ``grads`` for pictures and :meth:`run`.
    """

    expression: str
    variables: tuple[str, ...]
    optimizer: str
    start: dict[str, float]
    learning_rates: np.ndarray
    tol: float
    max_steps: int
    verdicts: tuple[Verdict, ...]
    steps: np.ndarray
    final_points: np.ndarray  # (R, n)
    final_values: np.ndarray
    history: Mapping[str, np.ndarray] | None = field(default=None, repr=False)
    lang: str = "en"
    objective: Objective | None = field(default=None, repr=False, compare=False)

    @cached_property
    def runs(self) -> tuple[SweepRun, ...]:
        """One :class:`SweepRun` per learning rate, in the order given."""
        return tuple(
            SweepRun(
                learning_rate=_float(lr),
                outcome=verdict,
                steps_taken=int(n),
                final_point=_point(self.variables, point),
                final_value=_float(value),
                lang=self.lang,
            )
            for lr, verdict, n, point, value in zip(
                self.learning_rates,
                self.verdicts,
                self.steps,
                self.final_points,
                self.final_values,
                strict=True,
            )
        )

    def run(self, i: int) -> DescentRun:
        """Run ``i`` as a full :class:`DescentRun` (needs the history: ``keep_history``)."""
        if self.history is None:
            raise ValueError("this sweep kept no history: call sweep(..., keep_history=True)")
        n = int(self.steps[i]) + 1
        points = self.history["points"][:n, :, i]
        return DescentRun(
            expression=self.expression,
            variables=self.variables,
            optimizer=self.optimizer,
            learning_rate=_float(self.learning_rates[i]),
            tol=self.tol,
            max_steps=self.max_steps,
            points=_frozen(points),
            values=_frozen(self.history["values"][:n, i]),
            gradients=_frozen(self.history["grads"][:n, :, i]),
            step_sizes=_frozen(np.linalg.norm(np.diff(points, axis=0), axis=1)),
            outcome=self.verdicts[i],
            lang=self.lang,
            objective=self.objective,
        )

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` form: ``{"runs": [{learning_rate, verdict, steps_taken, final}]}``."""
        return {"runs": [r.to_dict() for r in self.runs]}
