"""The ``## Engine`` section of ``benchmarks/RESULTS.md``: tables, targets, machine.

Each run writes one block between two markers labelled with its thread count, so a
run with ``--threads 1`` and one with ``--threads 2`` stand side by side; a new run
replaces only the block with its own label. Hand-written notes after the blocks (the
profile, "Where the time goes") and other engineers' sections survive every run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from engines.timing import Timing
from results_md import write_atomic

MARK = "<!-- bench_engine:{} {} -->"  # begin/end, then the run's label (its thread count)
HEADER = (
    "# Benchmarks\n\nResults of the scripts in `benchmarks/`; each section is owned by its "
    "script (see `benchmarks/README.md`).\n"
)


@dataclass
class WorkloadResult:
    """What one workload gave: timings per engine, and why any engine was left out."""

    key: str
    title: str
    per: int  # the time is divided by this (W3: per op)
    unit: str  # "ms", "µs" or "µs/op"
    timings: dict[str, Timing] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)
    peak: dict[str, int] = field(default_factory=dict)  # bytes, NumPy-based engines

    def seconds(self, engine: str) -> float | None:
        t = self.timings.get(engine)
        return None if t is None else t.median / self.per

    def ratio(self, engine: str, base: str) -> float | None:
        a, b = self.seconds(engine), self.seconds(base)
        return None if a is None or b is None else a / b


def _scale(unit: str) -> float:
    return {"ms": 1e3, "µs": 1e6, "µs/op": 1e6, "s": 1.0}[unit]


def _num(x: float | None, digits: int = 2) -> str:
    if x is None:
        return "—"
    if x >= 100:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def workload_table(w: WorkloadResult) -> list[str]:
    k = _scale(w.unit)
    lines = [
        f"#### {w.key}: {w.title}",
        "",
        f"| engine | median ({w.unit}) | quartiles | blocks × calls | × NumPy | × PyTorch |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, t in w.timings.items():
        med, q1, q3 = (t.median / w.per * k, t.q1 / w.per * k, t.q3 / w.per * k)
        lines.append(
            f"| {name} | {_num(med, 3)} | {_num(q1, 3)}–{_num(q3, 3)} | "
            f"{t.blocks} × {t.calls_per_block} | {_num(w.ratio(name, 'numpy'))} | "
            f"{_num(w.ratio(name, 'torch'))} |"
        )
    for name, why in w.left_out.items():
        lines.append(f"| {name} | not run: {why} | | | | |")
    return [*lines, ""]


def memory_table(results: list[WorkloadResult]) -> list[str]:
    rows = [w for w in results if w.peak]
    if not rows:
        return []
    engines = list(dict.fromkeys(e for w in rows for e in w.peak))
    lines = [
        "#### Peak memory of one step (tracemalloc)",
        "",
        "Peak bytes allocated during one training step above the state before it (arrays "
        "and Python objects; NumPy reports its buffers to tracemalloc). PyTorch and XLA "
        "allocate outside tracemalloc's sight, so they are not in this table.",
        "",
        "| workload | " + " | ".join(f"{e} (MiB)" for e in engines) + " | gradstep ÷ NumPy |",
        "| --- | " + " | ".join("---:" for _ in engines) + " | ---: |",
    ]
    for w in rows:
        cells = [_num(w.peak[e] / 2**20) if e in w.peak else "—" for e in engines]
        ratio = (
            _num(w.peak["gradstep"] / w.peak["numpy"])
            if "gradstep" in w.peak and w.peak.get("numpy")
            else "—"
        )
        lines.append(f"| {w.key} | " + " | ".join(cells) + f" | {ratio} |")
    return [*lines, ""]


def write(path: Path, body: list[str], label: str) -> None:
    """Put ``body`` in the block ``label`` of the ``## Engine`` section (made if absent)."""
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    begin, end = MARK.format("begin", label), MARK.format("end", label)
    block = "\n".join([begin, *body, end])
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    elif "<!-- bench_engine:end " in text:  # after the last block of another label
        cut = text.rindex("<!-- bench_engine:end ")
        cut = text.index("-->", cut) + 3
        text = text[:cut] + "\n\n" + block + text[cut:]
    elif "\n## Engine\n" in "\n" + text:
        head, tail = ("\n" + text).split("\n## Engine\n", 1)
        text = (head + "\n## Engine\n\n" + block + "\n" + tail).lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n## Engine\n\n" + block + "\n"
    write_atomic(path, text)
