"""Where gradstep's time goes on W1, W3 and W4 (and W5): a split by phase, then cProfile.

The split times pieces of a step directly (no profiler overhead): for W1 the eight
matmuls alone against hand-written NumPy and gradstep; for W3 the forward without a
graph, the forward recording the graph, and the backward. cProfile then names the
functions (its own overhead inflates small Python functions, so read its numbers as
shares, and the split's as times). With ``line_profiler`` installed, the engine's graph
walk is also profiled line by line on W3.
"""

from __future__ import annotations

import cProfile
import io
import pstats
from collections.abc import Callable
from typing import Any

import numpy as np

import gradstep as gs
from engines import problems
from engines.gradstep_engine import GradstepAdapter
from engines.numpy_engine import NumpyAdapter
from engines.timing import interleaved


def medians(pieces: dict[str, Callable[[], Any]], rounds: int = 11) -> dict[str, float]:
    """Seconds per call of each piece, timed in turns like the benchmarks (medians)."""
    for f in pieces.values():
        f()
    return {k: t.median for k, t in interleaved(pieces, rounds=rounds).items()}


def cprofile(f: Callable[[], Any], calls: int, top: int = 18) -> str:
    f()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        f()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def _matmuls(p: problems.MLPProblem) -> Callable[[], Any]:
    """The eight matmuls of one step (3 forward, 3 weight gradients, 2 input gradients)."""
    w1, _, w2, _, w3, _ = p.params
    x = p.x
    h1 = np.maximum(x @ w1, 0)
    h2 = np.maximum(h1 @ w2, 0)
    dz = np.ones((x.shape[0], 10), dtype=x.dtype)

    def run() -> Any:
        return (x @ w1, h1 @ w2, h2 @ w3, h2.T @ dz, dz @ w3.T, h1.T @ h2, h2 @ w2.T, x.T @ h1)

    return run


def _mlp_forward(p: problems.MLPProblem) -> Callable[[], Any]:
    params = [gs.tensor(a, requires_grad=True) for a in p.params]
    x = gs.tensor(p.x)

    def forward() -> Any:
        w1, b1, w2, b2, w3, b3 = params
        h = gs.relu(x @ w1 + b1)
        h = gs.relu(h @ w2 + b2)
        return gs.cross_entropy(h @ w3 + b3, p.y)

    return forward


def w1_split() -> list[str]:
    lines = ["W1 (float32) and W2 (float64), ms per step (medians, timed in turns):"]
    for dtype in (np.float32, np.float64):
        p = problems.mlp_problem(dtype)
        t = medians(
            {
                "matmuls": _matmuls(p),
                "numpy": NumpyAdapter().mlp(p),
                "forward": _mlp_forward(p),
                "gradstep": GradstepAdapter().mlp(p),
            }
        )
        mm, hand, fwd, ours = (t[k] * 1e3 for k in ("matmuls", "numpy", "forward", "gradstep"))
        lines.append(
            f"  {np.dtype(dtype).name}: the 8 matmuls alone {mm:.2f}; hand-written NumPy "
            f"{hand:.2f} (other work {hand - mm:.2f}); gradstep {ours:.2f} (other work "
            f"{ours - mm:.2f}; forward {fwd:.2f}, backward + update {ours - fwd:.2f}; "
            f"× NumPy {ours / hand:.2f})"
        )
    return lines


def _passes(dtype: type) -> dict[str, Callable[[], Any]]:
    rng = np.random.default_rng(0)
    a = rng.standard_normal((256, 512)).astype(dtype)
    g = rng.standard_normal((256, 512)).astype(dtype)
    b = rng.standard_normal(512).astype(dtype)
    work = a.copy()
    return {
        "add new": lambda: a + b,
        "add in place": lambda: np.add(work, b, out=work),
        "relu new": lambda: np.maximum(a, 0),
        "relu in place": lambda: np.maximum(work, 0, out=work),
        "relu' where": lambda: np.where(a > 0, g, 0.0),
        "relu' mask *=": lambda: np.multiply(work, a > 0, out=work),
        "sum axis 0": lambda: g.sum(axis=0),
    }


def w1_costs() -> list[str]:
    """What one (256, 512) elementwise pass costs, done the way gradstep does it (a new
    array) and the way the hand-written step does it (in place); µs per call."""
    lines = ["W1 elementwise passes on a (256, 512) array, µs per call (medians, in turns):"]
    for dtype in (np.float32, np.float64):
        t = medians(_passes(dtype), rounds=7)
        cells = ", ".join(f"{k} {v * 1e6:.0f}" for k, v in t.items())
        lines.append(f"  {np.dtype(dtype).name}: {cells}")
    return lines


def _chain(p: problems.ChainProblem, record: bool) -> Callable[[], Any]:
    a = gs.tensor(p.a)
    table = {
        "sin": gs.sin,
        "mul": lambda v: v * a,
        "add": lambda v: v + p.ADD,
        "tanh": gs.tanh,
        "exp": gs.exp,
    }
    ops = [table[op] for op in p.ops()]

    def forward() -> Any:
        v = gs.tensor(p.x, requires_grad=record)
        for f in ops:
            v = f(v)
        return v.sum()

    return forward


def w3_split() -> list[str]:
    p = problems.chain_problem(200)
    t = medians(
        {
            "numpy": NumpyAdapter().chain(p),
            "no_graph": _chain(p, record=False),
            "recorded": _chain(p, record=True),
            "full": GradstepAdapter().chain(p),
        }
    )
    raw, no_graph, recorded, full = (t[k] for k in ("numpy", "no_graph", "recorded", "full"))
    per = 1e6 / p.n_ops
    return [
        "W3, µs per op (medians, timed in turns):",
        f"  hand-written NumPy forward + backward: {raw * per:.2f}",
        f"  gradstep forward, no graph (Tensor + dispatch + ufunc): {no_graph * per:.2f}",
        f"  gradstep forward recording the graph: {recorded * per:.2f} "
        f"(recording adds {(recorded - no_graph) * per:.2f})",
        f"  gradstep forward + backward: {full * per:.2f} (backward {(full - recorded) * per:.2f})",
    ]


def _moons_pieces(p: problems.MoonsProblem) -> dict[str, Callable[[], Any]]:
    """W4 cut at its phases: forward only, forward + backward, the whole step."""
    params = [gs.tensor(a, requires_grad=True) for a in p.params]
    x, y = gs.tensor(p.x), gs.tensor(p.y)

    def forward() -> Any:
        w1, b1, w2, b2, w3, b3 = params
        h = gs.relu(x @ w1 + b1)
        h = gs.relu(h @ w2 + b2)
        score = (h @ w3 + b3).reshape(-1)
        reg = p.alpha * sum((q * q).sum() for q in params)
        return gs.relu(1.0 - y * score).mean() + reg

    def backward() -> Any:
        forward().backward()
        for q in params:
            q.grad = None

    return {
        "numpy": NumpyAdapter().moons(p),
        "forward": forward,
        "backward": backward,
        "step": GradstepAdapter().moons(p),
    }


def w4_split() -> list[str]:
    t = medians(_moons_pieces(problems.moons_problem()))
    num, fwd, bwd, step = (t[k] * 1e3 for k in ("numpy", "forward", "backward", "step"))
    return [
        "W4, ms per step (medians, timed in turns):",
        f"  hand-written NumPy {num:.3f}; gradstep {step:.3f}: forward {fwd:.3f}, backward "
        f"{bwd - fwd:.3f}, SGD update {step - bwd:.3f}",
    ]


def line_profile_backward() -> str:
    try:
        from line_profiler import LineProfiler
    except ImportError:
        return "(line_profiler not installed: no line-by-line profile)"
    import importlib

    p = problems.chain_problem(200)
    step = GradstepAdapter().chain(p)
    profiler = LineProfiler()
    for module in ("gradstep.autograd.engine", "gradstep.autograd.ops._apply"):
        profiler.add_module(importlib.import_module(module))
    profiler.add_function(importlib.import_module("gradstep.autograd.tensor")._make)
    wrapped = profiler(step)
    for _ in range(300):
        wrapped()
    out = io.StringIO()
    profiler.print_stats(stream=out, output_unit=1e-6, stripzeros=True)
    return out.getvalue()


def main() -> int:
    print("\n".join(w1_split()))
    print("\n".join(w1_costs()))
    print("\n".join(w3_split()))
    print("\n".join(w4_split()))
    p1 = problems.mlp_problem(np.float32)
    print("\ncProfile, gradstep W1 (float32), 20 steps, by own time:")
    print(cprofile(GradstepAdapter().mlp(p1), 20))
    p3 = problems.chain_problem(200)
    print("cProfile, gradstep W3, 200 steps, by own time:")
    print(cprofile(GradstepAdapter().chain(p3), 200))
    print("cProfile, gradstep W4, 300 steps, by own time:")
    print(cprofile(GradstepAdapter().moons(problems.moons_problem()), 300))
    print("cProfile, gradstep W5, 1000 calls, by own time:")
    print(cprofile(GradstepAdapter().hvp(problems.hvp_problem()), 1000))
    print("line_profiler, gradstep W3 (300 steps), graph recording and walk, µs:")
    print(line_profile_backward())
    return 0
