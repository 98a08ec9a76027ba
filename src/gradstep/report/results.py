"""What the tour produces: checks, pictures, one result per worked example, the whole tour.

Small frozen dataclasses; ``to_dict()`` is the ``--json`` form with stable keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

Value = float | int | str | bool | None


@dataclass(frozen=True)
class Check:
    """One comparison with the lesson: ``what`` was checked, the lesson's value, ours, ok."""

    what: str
    expected: Value
    got: Value
    ok: bool

    def to_dict(self) -> dict[str, Any]:
        return {"what": self.what, "expected": self.expected, "got": self.got, "ok": self.ok}


@dataclass(frozen=True)
class Picture:
    """A picture file written by the tour (relative to the output folder) and its caption."""

    path: str
    caption: str


@dataclass(frozen=True)
class ExampleResult:
    """One worked example: the question as the lesson poses it, what gradstep computed
    (lines of text, each produced by the library), its pictures and its checks."""

    id: int
    title: str
    question: str
    computed: tuple[str, ...]
    pictures: tuple[Picture, ...]
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "checks": [c.to_dict() for c in self.checks]}


@dataclass(frozen=True)
class TourResult:
    """The whole tour: every example, the report files written, the language and the time."""

    lang: str
    quick: bool
    examples: tuple[ExampleResult, ...]
    html: Path
    markdown: Path
    seconds: float

    @property
    def ok(self) -> bool:
        return all(e.ok for e in self.examples)

    @property
    def failed(self) -> list[Check]:
        return [c for e in self.examples for c in e.checks if not c.ok]

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` form: exactly ``report``, ``lang``, ``seconds``, ``examples``."""
        return {
            "report": {"html": str(self.html), "markdown": str(self.markdown)},
            "lang": self.lang,
            "seconds": round(self.seconds, 3),
            "examples": [e.to_dict() for e in self.examples],
        }
