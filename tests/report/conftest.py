"""One quick tour per language for the whole test session, shared by the tests of this
folder — and by pytest-xdist's workers, through a lock in the shared temporary folder
(the pattern pytest-xdist documents), so each language's tour runs once."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gradstep.cli.app import _register_commands, app

_register_commands()


@dataclass(frozen=True)
class TourRun:
    out: Path
    exit_code: int
    payload: dict[str, Any]
    stderr: str


def run_cli(*args: str) -> Any:
    return CliRunner().invoke(app, ["tour", *args])


@pytest.fixture
def cli() -> Any:
    """``cli(*args)``: run ``gradstep tour *args`` and return Click's result."""
    return run_cli


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # not POSIX: each worker runs its own tour
        yield
        return
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _tour(tmp_path_factory: pytest.TempPathFactory, worker_id: str, lang: str) -> TourRun:
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent
    out, record = shared / f"tour-{lang}", shared / f"tour-{lang}.json"
    with _locked(shared / f"tour-{lang}.lock"):
        if not record.exists():
            result = run_cli("--out", str(out), "--lang", lang, "--quick", "--json")
            saved = {"exit_code": result.exit_code, "stdout": result.stdout,
                     "stderr": result.stderr}  # fmt: skip
            record.write_text(json.dumps(saved), "utf-8")
        saved = json.loads(record.read_text("utf-8"))
    ok = saved["exit_code"] in (0, 1)
    payload = json.loads(saved["stdout"]) if ok else {}
    return TourRun(out, saved["exit_code"], payload, saved["stderr"])


@pytest.fixture(scope="session")
def tour_en(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> TourRun:
    return _tour(tmp_path_factory, worker_id, "en")


@pytest.fixture(scope="session")
def tour_vi(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> TourRun:
    return _tour(tmp_path_factory, worker_id, "vi")
