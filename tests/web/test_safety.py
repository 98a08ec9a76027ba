"""The playground's safety: time limits, a fast request stays fast while slow ones run,
body-size limits answered (not reset), nothing evaluated or written, loopback by default."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import SLOW_DIFF, TEST_LIMITS, LiveServer, need_web

need_web()

import httpx  # noqa: E402


def test_slow_computation_is_stopped_at_the_time_limit_with_a_4xx(client: Any) -> None:
    start = time.monotonic()
    response = client.post("/api/diff", json=SLOW_DIFF)
    took = time.monotonic() - start
    assert response.status_code == 422
    assert response.json()["complete"] is False
    assert "limit" in response.json()["detail"]
    assert took < TEST_LIMITS["time_limit"] + 2.0
    # the pool replaced the stopped worker: the next request is answered normally
    assert client.post("/api/diff", json={"expression": "x^3"}).json()["derivative"] == "3*x**2"


def test_a_fast_request_stays_fast_while_slow_ones_run() -> None:
    with LiveServer(time_limit=4.0) as server:

        def slow() -> None:
            httpx.post(f"{server.url}/api/diff", json=SLOW_DIFF, timeout=30)

        threads = [threading.Thread(target=slow) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(1.5)  # the slow jobs are running (niced) and spare workers are ready
        times = []
        for _ in range(3):
            start = time.monotonic()
            fast = httpx.post(f"{server.url}/api/diff", json={"expression": "x^2"}, timeout=30)
            times.append(time.monotonic() - start)
            assert fast.status_code == 200 and fast.json()["derivative"] == "2*x"
        still_running = sum(t.is_alive() for t in threads)
        for t in threads:
            t.join()
    assert still_running == 4, "the slow requests should still be running"
    assert sorted(times)[1] < 0.5, f"fast requests took {times} s while slow ones ran"


@pytest.mark.parametrize("size", [20_000, 1_000_000])
def test_an_oversized_body_gets_413_not_a_reset_connection(
    live_server: LiveServer, size: int
) -> None:
    body = '{"expression": "' + "x+" * (size // 2) + 'x"}'
    response = httpx.post(
        f"{live_server.url}/api/diff",
        content=body,
        headers={"content-type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 413
    assert "limit" in response.json()["detail"]


def test_an_oversized_chunked_body_gets_413(live_server: LiveServer) -> None:
    def chunks() -> Any:
        for _ in range(50):
            yield b"x" * 1000

    response = httpx.post(f"{live_server.url}/api/diff", content=chunks(), timeout=30)
    assert response.status_code == 413


def test_code_injection_is_rejected_and_runs_nothing(client: Any, tmp_path: Path) -> None:
    target = tmp_path / "pwned"
    attempts = [
        f"__import__('os').system('touch {target}')",
        f"x; import os; os.system('touch {target}')",
        "x.__class__.__mro__",
        "exec('1')",
    ]
    for text in attempts:
        for path, extra in (("/api/diff", {}), ("/api/descend", {"x0": 1, "learning_rate": 0.1})):
            response = client.post(path, json={"expression": text, **extra})
            assert response.status_code == 422, response.text
    assert not target.exists()


def test_requests_write_no_file(live_server: LiveServer) -> None:
    web_dir = Path(__file__).resolve().parents[2] / "src" / "gradstep" / "web"
    places = [Path.cwd(), web_dir, web_dir / "static"]
    before = {p: sorted(os.listdir(p)) for p in places}
    requests = [
        ("/api/diff", {"expression": "sin(x)^2", "at": {"x": 1}}),
        ("/api/extrema", {"expression": "x^4 - x^2"}),
        ("/api/check", {"expression": "x^2", "answer": "2x"}),
        ("/api/descend", {"expression": "x^2", "x0": 3, "learning_rate": 0.1}),
        ("/api/sweep", {"expression": "x^2", "x0": 3, "learning_rates": [0.1, 1.1]}),
        ("/api/plot", {"expression": "x^2 + y^2"}),
    ]
    for path, body in requests:
        assert httpx.post(live_server.url + path, json=body, timeout=30).status_code == 200
    assert {p: sorted(os.listdir(p)) for p in places} == before


def test_every_worker_busy_answers_429_with_a_sentence() -> None:
    with LiveServer(max_workers=1, warm_workers=0, queue_wait=0.3) as server:
        slow = threading.Thread(
            target=httpx.post,
            args=(f"{server.url}/api/diff",),
            kwargs={"json": SLOW_DIFF, "timeout": 30},
        )
        slow.start()
        time.sleep(0.3)
        busy = httpx.post(f"{server.url}/api/diff", json={"expression": "x"}, timeout=30)
        slow.join()
        after = httpx.post(f"{server.url}/api/diff", json={"expression": "x"}, timeout=30)
    assert busy.status_code == 429 and "busy" in busy.json()["detail"]
    assert after.status_code == 200


def test_foreign_host_header_is_refused(client: Any) -> None:
    response = client.get("/api/health", headers={"host": "evil.example"})
    assert response.status_code == 400


def test_page_has_a_strict_content_security_policy(client: Any) -> None:
    response = client.get("/")
    assert response.status_code == 200 and "<canvas" in response.text
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"


def test_assets_name_no_external_address() -> None:
    static = Path(__file__).resolve().parents[2] / "src" / "gradstep" / "web" / "static"
    files = [p for p in static.rglob("*") if p.is_file()]
    assert {p.suffix for p in files} >= {".html", ".js", ".css"}
    for path in files:
        text = path.read_text("utf-8")
        assert "http://" not in text and "https://" not in text and "//cdn" not in text, path


def test_serve_binds_loopback_by_default_and_warns_elsewhere(monkeypatch: Any) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from gradstep.cli.app import _register_commands, app

    _register_commands()
    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    quiet = CliRunner().invoke(app, ["serve"])
    loud = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "8123"])
    assert quiet.exit_code == 0 and loud.exit_code == 0
    assert calls[0] == {"host": "127.0.0.1", "port": 8000}
    assert calls[1] == {"host": "0.0.0.0", "port": 8123}
    assert "warning" not in quiet.output
    assert "warning" in loud.output and "0.0.0.0" in loud.output


def test_serve_rejects_a_bad_port_with_exit_code_2() -> None:
    from typer.testing import CliRunner

    from gradstep.cli.app import _register_commands, app

    _register_commands()
    result = CliRunner().invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code == 2 and "--port" in result.output


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
     ("0.0.0.0", False), ("192.168.1.5", False), ("example.com", False)],
)  # fmt: skip
def test_is_loopback(host: str, loopback: bool) -> None:
    from gradstep.cli.serve import is_loopback

    assert is_loopback(host) is loopback
