"""The speed targets of issue 3, checked against one run's ratios."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from engines.report import WorkloadResult, _num

Results = dict[str, WorkloadResult]


@dataclass(frozen=True)
class Target:
    text: str
    measure: Callable[[Results], float | None]
    met: Callable[[float], bool]


def _ratio(key: str, engine: str, base: str) -> Callable[[Results], float | None]:
    return lambda r: r[key].ratio(engine, base) if key in r else None


def _memory(key: str) -> Callable[[Results], float | None]:
    def measure(r: Results) -> float | None:
        peak = r[key].peak if key in r else {}
        return (
            peak["gradstep"] / peak["numpy"] if "gradstep" in peak and peak.get("numpy") else None
        )

    return measure


TARGETS = (
    Target(
        "W1 gradstep ≤ 1.00× hand-written NumPy",
        _ratio("W1", "gradstep", "numpy"),
        lambda x: x <= 1.00,
    ),
    Target("W1 gradstep ≤ 1.10× PyTorch", _ratio("W1", "gradstep", "torch"), lambda x: x <= 1.10),
    Target(
        "W2 gradstep faster than PyTorch (< 1.00×)",
        _ratio("W2", "gradstep", "torch"),
        lambda x: x < 1.00,
    ),
    Target("W1 peak memory ≤ 1.2× hand-written NumPy", _memory("W1"), lambda x: x <= 1.2),
    Target("W3 µs per op ≤ 0.6× PyTorch", _ratio("W3", "gradstep", "torch"), lambda x: x <= 0.6),
    Target("W4 gradstep ≤ 0.6× PyTorch", _ratio("W4", "gradstep", "torch"), lambda x: x <= 0.6),
    Target(
        "W4 ≥ 1000× faster than micrograd",
        _ratio("W4", "micrograd", "gradstep"),
        lambda x: x >= 1000,
    ),
    Target(
        "W5 gradstep at least as fast as PyTorch (≤ 1.00×)",
        _ratio("W5", "gradstep", "torch"),
        lambda x: x <= 1.00,
    ),
)

# The issue's own measurements of the peers, to see whether this machine agrees.
CALIBRATION = (
    ("W1 PyTorch ÷ NumPy", "0.8–0.9", _ratio("W1", "torch", "numpy")),
    ("W3 PyTorch ÷ NumPy", "4.3", _ratio("W3", "torch", "numpy")),
    ("W4 PyTorch ÷ NumPy", "4.3", _ratio("W4", "torch", "numpy")),
    ("W5 PyTorch ÷ NumPy", "9.6", _ratio("W5", "torch", "numpy")),
    ("W4 micrograd ÷ NumPy", "~5000", _ratio("W4", "micrograd", "numpy")),
)


def targets_table(results: Results) -> list[str]:
    lines = ["#### Targets (issue 3)", "", "| target | measured | met |", "| --- | ---: | :---: |"]
    for t in TARGETS:
        value = t.measure(results)
        verdict = "not measured" if value is None else ("met" if t.met(value) else "**not met**")
        lines.append(f"| {t.text} | {_num(value)} | {verdict} |")
    lines += [
        "",
        "The peers as the issue measured them and as measured here (same run):",
        "",
        "| ratio | issue | here |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {name} | {issue} | {_num(f(results))} |" for name, issue, f in CALIBRATION]
    return [*lines, ""]
