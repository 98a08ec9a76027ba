"""What the benchmarks ran on: CPU, cores, BLAS threads, library versions, date, commit."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def numpy_blas_threads() -> tuple[int, str]:
    """Threads and name of the BLAS NumPy uses (threadpoolctl), or (cores, 'unknown')."""
    import numpy as np  # noqa: F401  (loads NumPy's BLAS so threadpoolctl sees it)

    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return cores(), "unknown (threadpoolctl not installed)"
    blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    mine = [i for i in blas if "numpy" in i.get("filepath", "")] or blas
    if not mine:
        return cores(), "unknown"
    info = mine[0]
    return int(info["num_threads"]), f"{info['internal_api']} {info.get('version', '')}".strip()


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)


def git_commit(root: Path) -> str:
    """The commit, and whether the engine's files differ from it (work in progress)."""
    engine = ("src/gradstep/autograd", "src/gradstep/backend.py")
    try:
        head = _git(root, "rev-parse", "--short", "HEAD").stdout.strip() or "unknown"
        dirty = _git(root, "diff", "--quiet", "HEAD", "--", *engine).returncode
    except OSError:
        return "unknown"
    return f"{head} (with uncommitted changes to the engine)" if dirty else head


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
