"""Fixtures of the playground tests: an in-process client and a live server on loopback.

Tests that need the web extra (FastAPI, uvicorn), Playwright, Chromium or schemathesis skip
with a reason saying what to install when it is absent.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

# Small limits keep the tests quick: slow inputs hit the time limit in about a second.
TEST_LIMITS = {
    "time_limit": 1.5,
    "descent_time_limit": 3.0,
    "warm_workers": 2,
    "max_workers": 6,
    "slow_after": 0.3,
    "queue_wait": 20.0,
}
# The 10th derivative of this takes SymPy well over 30 s: the time limit must stop it.
SLOW_DIFF = {"expression": "tan(tan(tan(tan(x))))^(sin(x)^x)", "order": 10}


def need_web() -> None:
    pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")
    pytest.importorskip("uvicorn", reason="the web extra is not installed: pip install -e '.[web]'")
    pytest.importorskip("httpx", reason="httpx is needed by the web tests: pip install httpx")


def make_app(**overrides: Any) -> Any:
    from gradstep.web import Limits, create_app

    return create_app(Limits(**{**TEST_LIMITS, **overrides}))


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A TestClient on the app (workers started, stopped at the end of the module)."""
    need_web()
    from fastapi.testclient import TestClient

    with TestClient(make_app(), base_url="http://127.0.0.1") as test_client:
        yield test_client


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving the app on 127.0.0.1 in a background thread."""

    def __init__(self, **overrides: Any) -> None:
        import uvicorn

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            make_app(**overrides), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the playground server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(15)


@pytest.fixture(scope="module")
def live_server() -> Iterator[LiveServer]:
    need_web()
    with LiveServer() as server:
        yield server
