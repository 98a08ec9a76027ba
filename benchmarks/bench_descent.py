"""Descent lab speed: a sweep of 10,000 learning rates × 1,000 steps (run on demand).

    python benchmarks/bench_descent.py [--runs 10000] [--steps 1000] [--repeat 5] [--no-write]

Problems: the 2-D quadratic f = x² + 10y² from (3, 2) and Rosenbrock
(1 − x)² + 100(y − x²)² from (−1.5, 2), plain gradient descent, learning rates spaced
logarithmically from "crawls" to "diverges" (quadratic 10⁻⁴ … 0.2, Rosenbrock 10⁻⁵ … 10⁻²).

Timed in turns (one call of each per round, ``--repeat`` rounds; medians), so that a
change of load on the shared machine hits all of them alike:

* gradstep ``sweep``: one vectorised computation over the batch of runs (our engine,
  verdicts and steps-to-converge included; runs that stop drop out of the batch). The
  formula's graph is recorded by the engine once and its primitives' forward and
  derivative rules are replayed on arrays at every step (``gradstep.descent.replay``,
  bit for bit the engine's numbers);
* the same sweep with the engine building and walking its graph at every step (no
  replay), to show what the replay is worth;
* gradstep, every run computed to the end (``drop_finished=False``): the same work as the
  PyTorch and JAX versions below, minus their lack of verdicts;
* a Python loop of single ``descend`` runs: timed on 20 evenly spread learning rates and
  scaled to all of them (an estimate: the full loop would take hours);
* PyTorch (CPU, float64, eager, one thread): the same updates vectorised, every run to the
  end, no stopping checks;
* JAX (``jax.jit`` of a ``lax.fori_loop`` over ``vmap``-free batched grads), if installed.

Checked first: the final points of the runs that used all their steps agree with PyTorch's
to 1e-9 (relative). Targets (issue 5): ≥ 50× faster than the loop, ≤ 1.0× PyTorch.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from gradstep.descent import descend, make_objective, sweep
from gradstep.descent.batch import run_batch
from gradstep.descent.objective import Objective
from gradstep.descent.optimizers import GD
from results_md import write_block

ROOT = Path(__file__).resolve().parent
PROBLEMS = {
    "quadratic": ("x^2 + 10 y^2", (3.0, 2.0), (-4.0, np.log10(0.2))),
    "rosenbrock": ("(1 - x)^2 + 100 (y - x^2)^2", (-1.5, 2.0), (-5.0, -2.0)),
}


def _in_turns(fns: dict, repeat: int) -> dict:
    """Median time of each function, timed in turns (one call of each per round), so that
    a change of load on a shared machine hits them all alike; ratios of these medians."""
    times: dict = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _formula(name: str, x, y):
    """The problem written with operators only (works on torch and JAX arrays)."""
    if name == "quadratic":
        return x**2 + 10 * y**2
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def _torch_sweep(name: str, x0, lrs: np.ndarray, steps: int):
    import torch

    torch.set_num_threads(1)
    lr = torch.tensor(lrs, dtype=torch.float64)
    x = torch.full((len(lrs),), x0[0], dtype=torch.float64)
    y = torch.full((len(lrs),), x0[1], dtype=torch.float64)
    for _ in range(steps):
        x.requires_grad_(True)
        y.requires_grad_(True)
        f = _formula(name, x, y)
        gx, gy = torch.autograd.grad(f.sum(), [x, y])
        with torch.no_grad():
            x, y = x - lr * gx, y - lr * gy
    return np.stack([x.detach().numpy(), y.detach().numpy()])


def _jax_sweep(name: str, x0, lrs: np.ndarray, steps: int):
    try:
        import jax
    except ImportError:
        return None
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp

    grad = jax.grad(lambda x, y: _formula(name, x, y).sum(), argnums=(0, 1))

    @jax.jit
    def run(x, y, lr):
        def body(_, xy):
            gx, gy = grad(*xy)
            return xy[0] - lr * gx, xy[1] - lr * gy

        return jax.lax.fori_loop(0, steps, body, (x, y))

    args = (jnp.full(len(lrs), x0[0]), jnp.full(len(lrs), x0[1]), jnp.asarray(lrs))
    jax.block_until_ready(run(*args))  # compile

    def call():
        return np.stack([np.asarray(a) for a in jax.block_until_ready(run(*args))])

    return call


def _check(ours, torch_points: np.ndarray) -> float:
    """Largest relative difference on the runs that used all their steps."""
    full = ours.steps == ours.max_steps
    a, b = ours.final_points[full].T, torch_points[:, full]
    ok = np.isfinite(a).all(axis=0) & np.isfinite(b).all(axis=0)
    if not ok.any():
        return 0.0
    return float(np.max(np.abs(a[:, ok] - b[:, ok]) / (1 + np.abs(b[:, ok]))))


def bench(name: str, runs: int, steps: int, repeat: int) -> dict:
    expr, x0, (lo, hi) = PROBLEMS[name]
    lrs = np.logspace(lo, hi, runs)
    start = {"x": x0[0], "y": x0[1]}
    ours = sweep(expr, start, lrs, steps=steps)
    torch_points = _torch_sweep(name, x0, lrs, steps)
    error = _check(ours, torch_points)
    if error > 1e-9:
        sys.exit(f"{name}: gradstep and PyTorch disagree (relative error {error:.2e})")
    objective = make_objective(expr)
    walked = Objective(lambda *t: objective.function(*t), objective.variables, expr)
    xs = np.repeat(np.array(x0)[:, None], runs, axis=1)
    sample = lrs[np.linspace(0, runs - 1, 20).round().astype(int)]
    timed = {
        "sweep": lambda: sweep(expr, start, lrs, steps=steps),
        "torch": lambda: _torch_sweep(name, x0, lrs, steps),
        "walked": lambda: sweep(walked, start, lrs, steps=steps),
        "full": lambda: run_batch(objective, xs, lrs, steps, 1e-6, GD(), False, False),
    }
    jax_call = _jax_sweep(name, x0, lrs, steps)
    if jax_call:
        timed["jax"] = jax_call
    row = {
        "verdicts": Counter(v.name for v in ours.verdicts),
        "error": error,
        "jax": None,
        **_in_turns(timed, repeat),
        "loop": _median(lambda: [descend(expr, start, lr, steps) for lr in sample], 1)
        * runs
        / len(sample),
    }
    return row


def _table(rows: dict, runs: int, steps: int) -> str:
    lines = [
        f"Sweep of {runs:,} learning rates × {steps:,} steps, plain gradient descent, float64.",
        "",
        "| problem | gradstep sweep | sweep, graph walked every step | gradstep, all runs to "
        "the end | loop of single runs (est.) | PyTorch | JAX (jit) | sweep vs loop | "
        "sweep ÷ PyTorch | walked ÷ PyTorch | all-runs ÷ PyTorch | verdicts |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, r in rows.items():
        jax = f"{r['jax']:.3f} s" if r["jax"] is not None else "not installed"
        verdicts = ", ".join(f"{k} {v}" for k, v in sorted(r["verdicts"].items()))
        lines.append(
            f"| {name} | {r['sweep']:.3f} s | {r['walked']:.3f} s | {r['full']:.3f} s | "
            f"{r['loop']:.0f} s | {r['torch']:.3f} s | {jax} | {r['loop'] / r['sweep']:,.0f}× | "
            f"{r['sweep'] / r['torch']:.2f} | {r['walked'] / r['torch']:.2f} | "
            f"{r['full'] / r['torch']:.2f} | {verdicts} |"
        )
    return "\n".join(lines)


def _targets(rows: dict) -> str:
    lines = ["| target | problem | measured | met |", "| --- | --- | ---: | :---: |"]
    for name, r in rows.items():
        loop = r["loop"] / r["sweep"]
        lines.append(f"| ≥ 50× faster than the loop | {name} | {loop:,.0f}× | "
                     f"{'met' if loop >= 50 else '**not met**'} |")  # fmt: skip
        ratio = r["sweep"] / r["torch"]
        lines.append(f"| ≤ 1.0× PyTorch (sweep) | {name} | {ratio:.2f} | "
                     f"{'met' if ratio <= 1.0 else '**not met**'} |")  # fmt: skip
        full = r["full"] / r["torch"]
        lines.append(f"| ≤ 1.0× PyTorch (every run to the end) | {name} | {full:.2f} | "
                     f"{'met' if full <= 1.0 else '**not met**'} |")  # fmt: skip
    return "\n".join(lines)


BEGIN, END = "<!-- bench_descent:begin -->", "<!-- bench_descent:end -->"


def write_section(text: str) -> None:
    """This script's block of RESULTS.md (a ``## Descent`` section if absent)."""
    write_block(ROOT / "RESULTS.md", BEGIN, END, text, "Descent")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--steps", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    rows = {name: bench(name, args.runs, args.steps, args.repeat) for name in PROBLEMS}
    load = os.getloadavg()[0]
    text = "\n\n".join(
        [
            f"Generated by `python benchmarks/bench_descent.py` on "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} cores, "
            f"load average {load:.1f} at the end (a shared machine inflates absolute times; "
            "ratios come from the same run). PyTorch on one thread.",
            _targets(rows),
            _table(rows, args.runs, args.steps),
            "The gradstep sweep stops each run when it comes to rest or blows up and drops "
            "finished runs from the batch; PyTorch and JAX run every learning rate for all "
            "steps with no checks. The all-runs column is gradstep doing the same work "
            "(every run to the end) plus its per-step checks. The walked column is the sweep "
            "with the engine building and walking its graph at every step instead of "
            "replaying the graph it recorded once. Final points of the runs that "
            f"used all their steps agree with PyTorch (largest relative difference "
            f"{max(r['error'] for r in rows.values()):.1e}).",
        ]
    )
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
