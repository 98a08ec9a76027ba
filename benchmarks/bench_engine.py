"""Engine benchmarks of issue 3 (W1-W5): gradstep against hand-written NumPy and its peers.

    python benchmarks/bench_engine.py              # all workloads, writes RESULTS.md
    python benchmarks/bench_engine.py --quick      # fewer rounds, for a smoke run
    python benchmarks/bench_engine.py --only W1,W3 --engines numpy,gradstep,torch --no-write
    python benchmarks/bench_engine.py --profile    # cProfile of gradstep on W1 and W3

Every engine's result is first checked against the hand-written NumPy result (loss and
gradients); then the engines are timed in turns (see ``engines/timing.py``). Engines that
are not installed are skipped with a note. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))  # the `engines` package, wherever this is run from
try:
    import gradstep  # noqa: F401
except ImportError:  # not pip-installed: use the source tree
    sys.path.insert(1, str(ROOT / "src"))

import numpy as np  # noqa: E402

import engines  # noqa: E402
from engines import machine, problems, report  # noqa: E402
from engines.base import Adapter, flatten  # noqa: E402
from engines.checks import mismatch, peak_bytes  # noqa: E402
from engines.targets import targets_table  # noqa: E402
from engines.timing import interleaved  # noqa: E402


@dataclass(frozen=True)
class Workload:
    key: str
    title: str
    method: str  # the Adapter method that builds the step
    make: Callable[[], Any]
    rtol: float
    unit: str = "ms"
    per: int = 1
    memory: bool = False


WORKLOADS = (
    Workload(
        "W1",
        "MLP 784-512-512-10, ReLU, cross-entropy, batch 256, one SGD step, float32",
        "mlp",
        lambda: problems.mlp_problem(np.float32),
        rtol=1e-4,
        memory=True,
    ),
    Workload(
        "W2",
        "the same in float64",
        "mlp",
        lambda: problems.mlp_problem(np.float64),
        rtol=1e-10,
        memory=True,
    ),
    Workload(
        "W3",
        "chain of 200 elementwise ops on a (16,) float64 array, forward + backward",
        "chain",
        lambda: problems.chain_problem(200),
        rtol=1e-10,
        unit="µs/op",
        per=200,
    ),
    Workload(
        "W4",
        "micrograd's demo: MLP 2-16-16-1 on 100 moons points, max-margin loss + L2, one SGD step",
        "moons",
        problems.moons_problem,
        rtol=1e-10,
    ),
    Workload(
        "W5",
        "Hessian-vector product of Σ tanh(x)², x of size 1000, float64",
        "hvp",
        problems.hvp_problem,
        rtol=1e-10,
        unit="µs",
    ),
)

NUMPY_BASED = ("numpy", "gradstep", "autograd", "mygrad")


_LIMITS: list[Any] = []  # keeps a threadpoolctl limit alive for the whole run


def configure_threads(requested: int | None) -> tuple[int, str]:
    """Threads for every engine: NumPy's BLAS default, or ``requested`` (BLAS limited
    with threadpoolctl). Call before the engines are imported: OpenMP (PyTorch) is told
    to wait passively, so idle pool threads do not spin on a shared 2-core machine, and
    with one thread XLA (JAX) is told to use one too."""
    n, blas = machine.numpy_blas_threads()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    if requested is not None and requested != n:
        from threadpoolctl import threadpool_limits

        _LIMITS.append(threadpool_limits(limits=requested, user_api="blas"))
        n = requested
    if n == 1:
        flags = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
        os.environ.setdefault("XLA_FLAGS", flags)
    return n, blas


def set_torch_threads(n: int) -> None:
    """PyTorch gets as many threads as NumPy's BLAS."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(n)


def build(adapters: list[Adapter], w: Workload, problem: Any) -> tuple[dict, dict, dict]:
    """Each adapter's step for ``w``, validated against NumPy's; ``(steps, left_out,
    seconds of the first call)``."""
    steps: dict[str, Callable[[], Any]] = {}
    left_out: dict[str, str] = {}
    first: dict[str, float] = {}
    reference: list[np.ndarray] | None = None
    for a in adapters:
        if w.method in a.skip:
            left_out[a.name] = a.skip[w.method]
            continue
        try:
            step = getattr(a, w.method)(problem)
            if step is None:
                left_out[a.name] = "not supported"
                continue
            start = time.perf_counter()
            result = step()  # the first step: validated, and a warm-up (jit compiles here)
            first[a.name] = time.perf_counter() - start
        except Exception as err:  # an engine that breaks is reported, not fatal
            left_out[a.name] = f"error: {type(err).__name__}: {err}"[:200]
            continue
        if reference is None:  # NumPy comes first in the registry
            reference = [np.asarray(v, dtype=np.float64) for v in flatten(result)]
        why = mismatch(a, result, reference, w.rtol)
        if why:
            left_out[a.name] = f"failed validation against NumPy: {why}"
            continue
        steps[a.name] = step
    return steps, left_out, first


def run(adapters: list[Adapter], w: Workload, rounds: int, block_s: float) -> report.WorkloadResult:
    print(f"{w.key}: {w.title}", flush=True)
    result = report.WorkloadResult(w.key, w.title, w.per, w.unit)
    try:
        problem = w.make()
    except ImportError as err:  # W4's data needs scikit-learn
        result.left_out["every engine"] = f"the workload's data needs {err.name} ({err})"
        print(f"  not run: {result.left_out['every engine']}")
        return result
    steps, left_out, first = build(adapters, w, problem)
    result.left_out = left_out
    result.timings = interleaved(steps, rounds=rounds, block_s=block_s, first=first)
    if w.memory:
        result.peak = {
            name: peak_bytes(getattr(a, w.method)(problem))
            for a in adapters
            if (name := a.name) in NUMPY_BASED and name in steps
        }
    scale = {"ms": 1e3, "µs": 1e6, "µs/op": 1e6}[w.unit]
    for name, t in result.timings.items():
        ratio = result.ratio(name, "numpy")
        print(f"  {name:11s} {t.median / w.per * scale:10.3f} {w.unit}  × NumPy {ratio or 0:8.2f}")
    for name, why in left_out.items():
        print(f"  {name:11s} not run: {why}")
    return result


def header(
    adapters: list[Adapter],
    missing: dict[str, str],
    threads: tuple[int, str],
    load: tuple[float, float],
) -> list[str]:
    versions = ", ".join(
        f"{a.name} {a.version()}" for a in adapters if a.name not in ("torch.func", "jax.jit")
    )
    lines = [
        f"Generated by `python benchmarks/bench_engine.py` on {machine.now()}, gradstep at "
        f"commit {machine.git_commit(ROOT)}.",
        "",
        f"- Machine: {machine.cpu_model()}, {machine.cores()} cores available; Python "
        f"{sys.version.split()[0]}.",
        f"- Threads: NumPy's BLAS ({threads[1]}) and PyTorch (`torch.set_num_threads`) use "
        f"{threads[0]}; OpenMP waits passively (`OMP_WAIT_POLICY=PASSIVE`); XLA (JAX) "
        + ("one (`XLA_FLAGS`)." if threads[0] == 1 else "its own pool."),
        f"- Load average (1 min) at the start and end of the run: {load[0]:.1f}, "
        f"{load[1]:.1f} on {machine.cores()} cores"
        + (
            " — the machine was shared with other jobs: absolute times are inflated and "
            "multi-threaded steps suffer most; the ratios from the same rounds are the figures "
            "to read."
            if max(load) > machine.cores()
            else "."
        ),
        f"- Versions: {versions}.",
        "- Method: every engine's first step is checked against the hand-written NumPy "
        "result (loss and every gradient; float32 to 1e-4, float64 to 1e-10 relative to "
        "each array's largest element). Then engines are timed in turns: each round times "
        "every engine for one short block (about 50 ms of calls), the order rotating and "
        "reversing from round to round; the table gives the median over blocks of the time "
        "per call and the quartiles. Ratios: median ÷ the median of NumPy / PyTorch in the "
        "same run. Engines slower than the budget (micrograd) take part in fewer rounds.",
    ]
    lines += [f"- Not installed, skipped: {name} ({why})." for name, why in missing.items()]
    return [*lines, ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 rounds instead of 15")
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--only", default="", help="workloads, e.g. W1,W3")
    parser.add_argument("--engines", default="", help="engines, e.g. numpy,gradstep,torch")
    parser.add_argument("--no-write", action="store_true", help="do not touch RESULTS.md")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="where gradstep's time goes: W1, W3, W4 split, cProfile (W1, W3-W5)",
    )
    parser.add_argument(
        "--threads", type=int, default=None, help="threads for every engine (default: BLAS's)"
    )
    args = parser.parse_args(argv)

    threads = configure_threads(args.threads)
    load_before = os.getloadavg()[0]
    if args.profile:
        from engines.profile import main as profile_main

        return profile_main()
    only = {e for e in args.engines.split(",") if e} or None
    if only is not None:
        only.add("numpy")  # the reference every engine is validated against
    adapters, missing = engines.load(only)
    set_torch_threads(threads[0])
    rounds = args.rounds or (5 if args.quick else 15)
    keys = {k.upper() for k in args.only.split(",") if k}
    results = {
        w.key: run(adapters, w, rounds, 0.05) for w in WORKLOADS if not keys or w.key in keys
    }

    load = (load_before, os.getloadavg()[0])
    body = header(adapters, missing, threads, load)
    body += targets_table(results)
    for w in results.values():
        body += report.workload_table(w)
    body += report.memory_table(list(results.values()))
    print("\n".join(targets_table(results)))
    if not args.no_write:
        label = f"threads={threads[0]}"
        title = f"### Run with {threads[0]} thread{'s' if threads[0] > 1 else ''} per engine"
        report.write(args.results, [title, "", *body], label)
        print(f"wrote the Engine section of {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
