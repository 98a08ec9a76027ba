"""Benchmark of gradstep.calculus (issue 4, Speed): run on demand, never in unit tests.

1. derivative-with-steps (``gradstep.calculus.derivative`` on a parsed expression: the
   traced steps, the check against ``sympy.diff`` and the tidy result) against bare
   ``sympy.diff`` on the same expression, over a corpus; target: the median ratio is at
   most 3. The undefined-point report is computed on first use, so a second column times
   ``derivative(e).nondifferentiable`` (all that ``derivative`` computed before it became
   lazy) against the same baseline.
2. ``critical_points`` over a corpus that includes the SymPy traps: every answer must come
   within the time limit (plus the numeric scan); the distribution of times is recorded.

Usage: ``python benchmarks/bench_calculus.py [--write]`` (``--write`` replaces the
``## Calculus`` section of ``benchmarks/RESULTS.md``, atomically).
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from pathlib import Path

import sympy

from gradstep.calculus import critical_points, derivative, parse
from gradstep.calculus.extrema import DEFAULT_TIME_LIMIT
from results_md import write_atomic

DERIVATIVE_CORPUS = [
    "x^2", "3x^2 + 2x - 1", "x^7 - 4x^3", "(2x - 1 - 3)^2", "x sin(x)", "x^2 e^x",
    "sin(x)/x", "(x^2 + 1)/(x - 1)", "sin(x^2)", "e^(2x)", "2^x", "ln(x^2 + 1)", "sqrt(x)",
    "tan(x)", "asin(x)", "atan(x^2)", "sinh(x) cosh(x)", "tanh(x)", "sigmoid(3x + 1)",
    "softplus(x)", "relu(x)", "|x - 2|", "x^x", "e^(sin(x)) cos(x)", "ln(sin(x)^2 + 2)",
    "(x + 1)^10", "x^3 ln(x)", "1/(1 + e^(-x))", "sqrt(x^2 + 1)", "x^(2/3)",
]  # fmt: skip
EXTREMA_CORPUS = [
    "x^2", "x^3 - 3x", "x^4", "x^3", "|x|", "x^(2/3)", "sin(x)", "cos(x)", "e^x - 3x^2",
    "sin(x) cos(3x)", "x^1000 - x", "x^999 + x^500 - x", "sin(x)^7 cos(3x)^5 + x", "5",
    "e^x", "x e^(-x)", "(x^2 - 1)^2", "relu(x)", "x ln(x)", "x + 1/x", "|x| + sin(x)",
    "x^2 + y^2", "x^2 - y^2", "x^3 - 3x + y^2", "x^4 + y^4", "sin(x) + cos(y)",
]  # fmt: skip
REPEATS = 15


def _in_turns(funcs: list, repeats: int = REPEATS) -> list[float]:
    """Median seconds per call of each function, timed in turns (one call of each per
    round, the order rotating), so that a burst of load on the shared machine hits all."""
    times: list[list[float]] = [[] for _ in funcs]
    for round_ in range(repeats):
        shift = round_ % len(funcs)
        for i in [*range(shift, len(funcs)), *range(shift)]:
            start = time.perf_counter()
            funcs[i]()
            times[i].append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


def bench_derivatives() -> list[tuple[str, float, float, float]]:
    """(text, seconds with steps, seconds with steps and then the undefined-point report,
    seconds of bare sympy.diff) per corpus entry."""
    rows = []
    for text in DERIVATIVE_CORPUS:
        expr = parse(text)
        x = sorted(expr.free_symbols, key=lambda s: s.name)[0]
        _ = derivative(expr).nondifferentiable  # warm SymPy's caches for both sides alike
        sympy.diff(expr, x)
        ours, full, bare = _in_turns(
            [
                lambda e=expr: derivative(e),
                lambda e=expr: derivative(e).nondifferentiable,
                lambda e=expr, v=x: sympy.diff(e, v),
            ]
        )
        rows.append((text, ours, full, bare))
    return rows


def bench_cold_ratio() -> float:
    """Median over the corpus of derivative ÷ sympy.diff with SymPy's cache cleared before
    every call (a formula met for the first time), timed in turns."""
    from sympy.core.cache import clear_cache

    def cold(func):
        return lambda: (clear_cache(), func())

    ratios = []
    for text in DERIVATIVE_CORPUS:
        expr = parse(text)
        x = sorted(expr.free_symbols, key=lambda s: s.name)[0]
        ours, bare = _in_turns(
            [cold(lambda e=expr: derivative(e)), cold(lambda e=expr, v=x: sympy.diff(e, v))], 7
        )
        ratios.append(ours / bare)
    return statistics.median(ratios)


def bench_extrema() -> list[tuple[str, float, bool]]:
    """(text, seconds, complete) per corpus entry: one cold call each."""
    rows = []
    for text in EXTREMA_CORPUS:
        start = time.perf_counter()
        result = critical_points(text)
        rows.append((text, time.perf_counter() - start, result.complete))
    return rows


def _quantiles(values: list[float]) -> str:
    q = statistics.quantiles(values, n=4)
    middle = f"{q[0]:.3f} / {q[1]:.3f} / {q[2]:.3f} s"
    return f"min {min(values):.3f} s, quartiles {middle}, max {max(values):.3f} s"


def report(deriv: list, extrema: list, cold: float) -> str:
    median_ratio = statistics.median(ours / bare for _, ours, _, bare in deriv)
    median_full = statistics.median(full / bare for _, _, full, bare in deriv)
    times = [t for _, t, _ in extrema]
    limit = DEFAULT_TIME_LIMIT
    within = sum(t <= limit + 1.0 for t in times)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [
        "## Calculus",
        "",
        f"Generated by `python benchmarks/bench_calculus.py --write` on {stamp}; "
        f"Python {platform.python_version()}, SymPy {sympy.__version__}, {os.cpu_count()} cores, "
        f"load average {load:.1f} (shared machine: absolute times are inflated).",
        "",
        "| target (issue 4) | measured | met |",
        "| --- | --- | --- |",
        f"| derivative with steps ≤ 3× bare `sympy.diff` (median over {len(deriv)} expressions) "
        f"| {median_ratio:.1f}× | {'yes' if median_ratio <= 3 else 'no'} |",
        f"| the same with the undefined-point report (computed on first use) "
        f"| {median_full:.1f}× | not the target; shown for completeness |",
        f"| the same as the first row with SymPy's cache cleared before every call "
        f"| {cold:.1f}× | {'yes' if cold <= 3 else 'no'} |",
        f"| extrema answered within the time limit ({limit:g} s exact solve + numeric scan, "
        f"counted against {limit + 1:g} s) | {within}/{len(times)} | "
        f"{'yes' if within == len(times) else 'no'} |",
        "",
        f"Extrema times over the corpus: {_quantiles(times)}.",
        "",
        "| expression | with steps (ms) | sympy.diff (ms) | ratio | with report (ms) | ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| `{t}` | {o * 1e3:.2f} | {b * 1e3:.3f} | {o / b:.1f}× "
            f"| {f * 1e3:.2f} | {f / b:.1f}× |"
            for t, o, f, b in deriv
        ),
        "",
        "| extrema of | time (s) | complete |",
        "| --- | ---: | --- |",
        *(f"| `{t}` | {s:.3f} | {c} |" for t, s, c in extrema),
        "",
        f"Method: derivative times are the median of {REPEATS} calls on an already parsed "
        "expression after one warm-up call (SymPy caches warmed alike for both), timed in turns "
        "(one call of each kind per round, order rotating); `derivative()` traces the steps, "
        "checks them against a full `sympy.diff` and tidies the result; the undefined-point "
        "report is computed on first use (`to_dict()`, `explain()`, `at()`), so it is timed in "
        "the report column. Extrema times are one cold call each, including the child process of "
        "the exact solver.",
        "",
    ]
    return "\n".join(lines)


def write_section(text: str, path: Path) -> None:
    """Replace (or append) the ``## Calculus`` section of RESULTS.md, atomically."""
    old = path.read_text("utf-8") if path.exists() else "# Benchmarks\n"
    start = old.find("## Calculus")
    if start == -1:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        end = old.find("\n## ", start + 1)
        new = old[:start] + text + (old[end + 1 :] if end != -1 else "")
    write_atomic(path, new)


def main() -> None:
    deriv, cold, extrema = bench_derivatives(), bench_cold_ratio(), bench_extrema()
    text = report(deriv, extrema, cold)
    print(text)
    if "--write" in sys.argv:
        write_section(text, Path(__file__).with_name("RESULTS.md"))


if __name__ == "__main__":
    main()
