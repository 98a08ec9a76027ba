"""What a training run leaves behind: one record per epoch and the run as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class EpochRecord:
    """One epoch: training loss and metric, test loss and metric, time, gradient norms.

    ``metric`` is accuracy for classification and R² for regression.
    """

    epoch: int
    loss: float
    metric: float
    test_loss: float
    test_metric: float
    task: str
    lr: float
    seconds: float
    grad_norms: dict[str, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        name = "accuracy" if self.task == "classification" else "r2"
        out: dict[str, Any] = {
            "epoch": self.epoch,
            "loss": self.loss,
            name: self.metric,
            "test_loss": self.test_loss,
            f"test_{name}": self.test_metric,
            "lr": self.lr,
            "seconds": self.seconds,
        }
        if self.grad_norms is not None:
            out["grad_norms"] = dict(self.grad_norms)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any], task: str) -> EpochRecord:
        name = "accuracy" if task == "classification" else "r2"
        return cls(
            int(d["epoch"]),
            d["loss"],
            d[name],
            d["test_loss"],
            d[f"test_{name}"],
            task,
            d["lr"],
            d["seconds"],
            d.get("grad_norms"),
        )


@dataclass(frozen=True)
class TrainingHistory:
    """A finished (or stopped) run: its epochs, the final test numbers and why it ended.

    ``stopped`` is ``"completed"``, ``"early_stopping"`` or ``"nan"`` (then ``message``
    names the layer and suggests a smaller learning rate).
    """

    dataset: str
    task: str
    records: tuple[EpochRecord, ...]
    seconds: float
    stopped: str = "completed"
    message: str = ""
    resumed_from: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def final(self) -> dict[str, float | None]:
        key = "test_accuracy" if self.task == "classification" else "test_r2"
        if not self.records:
            return {key: None, "test_loss": None}
        last = self.records[-1]
        return {key: last.test_metric, "test_loss": last.test_loss}

    @property
    def epochs(self) -> int:
        return self.records[-1].epoch if self.records else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "task": self.task,
            "history": [r.to_dict() for r in self.records],
            "final": self.final,
            "seconds": self.seconds,
            "epochs": self.epochs,
            "stopped": self.stopped,
            "message": self.message,
            "resumed_from": self.resumed_from,
            **self.extra,
        }
