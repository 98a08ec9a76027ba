"""What every example gets: the language, quick or full, where pictures go, and words.

Pictures are drawn by :mod:`gradstep.viz` (or :mod:`gradstep.report.figures`) straight
into the output folder's ``images/``; every file is written atomically by those savers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gradstep.i18n import message
from gradstep.report.results import Picture

IMAGES = "images"


@dataclass(frozen=True)
class TourContext:
    """Settings shared by the examples. ``quick`` means fewer frames, epochs and points
    (the same checks)."""

    out: Path
    lang: str = "en"
    quick: bool = False

    @property
    def images(self) -> Path:
        return self.out / IMAGES

    def t(self, key: str, **fields: Any) -> str:
        """The tour's text ``tour.<key>`` in this language."""
        return message(f"tour.{key}", self.lang, **fields)

    def word(self, key: str, **fields: Any) -> str:
        """Any catalogue text (``calculus.kind.minimum``...) in this language."""
        return message(key, self.lang, **fields)

    def picture(self, name: str, caption: str, draw: Callable[[Path], Any]) -> Picture:
        """Call ``draw(path)`` to write ``images/<name>`` and close what Matplotlib opened."""
        import matplotlib.pyplot as plt

        self.images.mkdir(parents=True, exist_ok=True)
        path = self.images / name
        try:
            draw(path)
        finally:
            plt.close("all")
        path.chmod(0o644)  # the savers' temporary files are private (0600)
        return Picture(f"{IMAGES}/{name}", caption)

    def pick(self, full: Any, quick: Any) -> Any:
        """``quick`` in quick mode, else ``full``."""
        return quick if self.quick else full
