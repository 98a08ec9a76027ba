"""A Rich progress bar for training (epoch, loss, accuracy or R², speed), on standard error.

It stays silent when asked to (``--json``) or when standard error is not a terminal, so
piped and machine-read output is never mixed with it.
"""

from __future__ import annotations

import sys
from typing import Any

from gradstep.i18n import message


class ProgressReporter:
    """Context manager: ``update(record, samples)`` once per epoch."""

    def __init__(self, epochs: int, done: int, task: str, enabled: bool | None, lang: str):
        self.epochs, self.done, self.task, self.lang = epochs, done, task, lang
        self.enabled = sys.stderr.isatty() if enabled is None else bool(enabled)
        self.progress: Any = None

    def __enter__(self) -> ProgressReporter:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[info]}"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self.progress.__enter__()
            self.task_id = self.progress.add_task(
                self._title(self.done), total=self.epochs, completed=self.done, info=""
            )
        return self

    def _title(self, epoch: int) -> str:
        return message("nn.progress.epoch", self.lang, epoch=epoch, epochs=self.epochs)

    def update(self, record: Any, samples: int) -> None:
        if self.progress is None:
            return
        parts = [message("nn.progress.loss", self.lang, loss=record.loss)]
        if self.task == "classification":
            parts.append(message("nn.progress.accuracy", self.lang, accuracy=record.metric))
        else:
            parts.append(message("nn.progress.r2", self.lang, r2=record.metric))
        speed = samples / record.seconds if record.seconds > 0 else 0.0
        parts.append(message("nn.progress.speed", self.lang, speed=speed))
        self.progress.update(
            self.task_id,
            completed=record.epoch,
            description=self._title(record.epoch),
            info="  ".join(parts),
        )

    def __exit__(self, *exc: Any) -> None:
        if self.progress is not None:
            self.progress.__exit__(*exc)
