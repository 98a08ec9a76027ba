"""Bounded load test of the playground on loopback: 500 requests from 50 concurrent clients.

The server (``create_app`` under uvicorn) runs in a child process bound to 127.0.0.1 only;
the clients send a fixed, seeded mix of valid (fast), slow (past the time limit) and hostile
requests (parse errors, code injection, oversized bodies, NaN, wrong types, huge steps).
It checks that every request is answered (none lost, no 5xx), that each kind gets the
status it should, and records the latencies (p50/p99 per kind); the fast requests are the
ones that must stay fast while the slow ones run. Writes the ``## Web`` section of
``benchmarks/RESULTS.md`` between its markers (``--no-write`` to only print).

    python benchmarks/bench_web_load.py [--requests 500] [--clients 50] [--time-limit 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from results_md import write_block

ROOT = Path(__file__).resolve().parent
SLOW = {"expression": "tan(tan(tan(tan(x))))^(sin(x)^x)", "order": 10}  # minutes in SymPy
VALID = [
    ("/api/diff", {"expression": "(2x - 4)^2", "at": {"x": 5}}),
    ("/api/diff", {"expression": "sin(x^2) + x e^x"}),
    ("/api/diff", {"expression": "x^2 y + y^3"}),
    ("/api/extrema", {"expression": "x^3 - 3x"}),
    ("/api/extrema", {"expression": "x^2 - y^2"}),
    ("/api/check", {"expression": "sin(x^2)", "answer": "cos(x^2)"}),
    ("/api/descend", {"expression": "x^2", "x0": {"x": 70}, "learning_rate": 0.1}),
    ("/api/descend", {"expression": "x^2 + y^2", "x0": {"x": 6, "y": 9}, "learning_rate": 0.1}),
    ("/api/sweep", {"expression": "x^2", "x0": 70, "learning_rates": [0.001, 0.1, 1.1]}),
    ("/api/plot", {"expression": "x^2 + y^2", "x_range": [-10, 10]}),
]
HOSTILE = [
    ("/api/diff", {"expression": "__import__('os').system('touch /tmp/pwned')"}),
    ("/api/diff", {"expression": "x^^2"}),
    ("/api/diff", {"expression": "(" * 300 + "x" + ")" * 300}),
    ("/api/diff", {"expression": "10^10^10"}),
    ("/api/diff", {"expression": "x" * 600}),
    ("/api/diff", {"expression": 42}),
    ("/api/descend", {"expression": "x^2", "x0": 1, "learning_rate": -1}),
    ("/api/descend", {"expression": "x^2", "x0": 1, "learning_rate": 0.1, "steps": 10**9}),
    ("/api/sweep", {"expression": "x^2", "x0": 1, "learning_rates": [0.1] * 500}),
    ("/api/diff", "OVERSIZED"),
    ("/api/descend", "NAN"),
]
EXPECTED = {"valid": {200}, "slow": {422}, "hostile": {413, 422}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, time_limit: float) -> subprocess.Popen:
    code = (
        "import uvicorn; from gradstep.web import Limits, create_app; "
        f"uvicorn.run(create_app(Limits(time_limit={time_limit})), host='127.0.0.1', "
        f"port={port}, log_level='warning')"
    )
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start")


def plan(n: int, seed: int = 0) -> list[tuple[str, str, Any]]:
    """A seeded mix: 70% valid, 10% slow, 20% hostile, shuffled."""
    rng = random.Random(seed)
    kinds = ["valid"] * 70 + ["slow"] * 10 + ["hostile"] * 20
    out = []
    for _ in range(n):
        kind = rng.choice(kinds)
        if kind == "slow":
            out.append((kind, "/api/diff", SLOW))
        else:
            path, body = rng.choice(VALID if kind == "valid" else HOSTILE)
            out.append((kind, path, body))
    return out


async def send(client: httpx.AsyncClient, path: str, body: Any) -> int:
    if body == "OVERSIZED":
        content = b'{"expression": "' + b"x+" * 100_000 + b'x"}'
        r = await client.post(path, content=content, headers={"content-type": "application/json"})
    elif body == "NAN":
        content = b'{"expression": "x^2", "x0": NaN, "learning_rate": 0.1}'
        r = await client.post(path, content=content, headers={"content-type": "application/json"})
    else:
        r = await client.post(path, json=body)
    return r.status_code


async def run(url: str, requests: list, clients: int) -> list[dict[str, Any]]:
    queue: asyncio.Queue = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    results: list[dict[str, Any]] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client_loop(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            kind, path, body = queue.get_nowait()
            start = time.perf_counter()
            try:
                status = await send(client, path, body)
            except httpx.HTTPError as err:
                status = f"lost: {type(err).__name__}"
            results.append({"kind": kind, "status": status, "s": time.perf_counter() - start})

    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        await asyncio.gather(*(client_loop(client) for _ in range(clients)))
    return results


async def probe(url: str, slow: int, count: int = 20) -> list[float]:
    """Latencies (ms) of ``count`` sequential fast requests (d/dx x²) while ``slow``
    slow requests run (0: an idle server, the baseline)."""
    fast = {"expression": "x^2"}
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        background = [asyncio.create_task(client.post("/api/diff", json=SLOW)) for _ in range(slow)]
        await asyncio.sleep(1.5 if slow else 0)  # the slow jobs are running by now
        times = []
        for _ in range(count):
            start = time.perf_counter()
            response = await client.post("/api/diff", json=fast)
            assert response.status_code == 200
            times.append((time.perf_counter() - start) * 1000)
        await asyncio.gather(*background)
    return times


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def summarise(results: list[dict[str, Any]], wall: float, args: Any) -> tuple[str, bool]:
    lost = [r for r in results if not isinstance(r["status"], int)]
    server_errors = [r for r in results if isinstance(r["status"], int) and r["status"] >= 500]
    wrong = [r for r in results if r["status"] not in EXPECTED[r["kind"]]]
    ok = not lost and not server_errors and not wrong and len(results) == args.requests
    lines = [
        "| kind | requests | statuses | p50 (ms) | p99 (ms) | max (ms) |",
        "| --- | ---: | --- | ---: | ---: | ---: |",
    ]
    for kind in ("valid", "slow", "hostile"):
        rows = [r for r in results if r["kind"] == kind]
        if not rows:
            continue
        times = [r["s"] * 1000 for r in rows]
        statuses = ", ".join(
            f"{s}×{sum(r['status'] == s for r in rows)}"
            for s in sorted({r["status"] for r in rows}, key=str)
        )
        lines.append(
            f"| {kind} | {len(rows)} | {statuses} | {percentile(times, 0.5):.0f} | "
            f"{percentile(times, 0.99):.0f} | {max(times):.0f} |"
        )
    everything = [r["s"] * 1000 for r in results]
    load = os.getloadavg()[0]
    head = (
        f"Generated by `python benchmarks/bench_web_load.py` on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {len(results)} requests from "
        f"{args.clients} concurrent clients on 127.0.0.1 in {wall:.1f} s; server time limit "
        f"{args.time_limit:g} s; {os.cpu_count()} cores, load average {load:.1f} at the end "
        "(a shared machine inflates times)."
    )
    verdict = (
        f"All answered: {len(results) - len(lost)}/{args.requests}, lost {len(lost)}, 5xx "
        f"{len(server_errors)}, unexpected status {len(wrong)}; p99 over all requests "
        f"{percentile(everything, 0.99):.0f} ms. " + ("**Passed.**" if ok else "**Failed.**")
    )
    base, busy = args.probes
    probe_text = (
        f"A fast request while slow ones run: 20 sequential d/dx x² requests, p50 "
        f"{percentile(base, 0.5):.0f} ms / p99 {percentile(base, 0.99):.0f} ms on an idle server, "
        f"p50 {percentile(busy, 0.5):.0f} ms / p99 {percentile(busy, 0.99):.0f} ms while "
        f"{args.slow_probe} slow requests run (each until the time limit; the slow ones are "
        "niced, and at most max_workers − warm of them run at once). In the mix above, the "
        "latency of valid requests is queueing: 50 clients keep every worker busy on 2 cores."
    )
    return "\n\n".join([head, "\n".join(lines), verdict, probe_text]), ok


BEGIN, END = "<!-- bench_web:begin -->", "<!-- bench_web:end -->"


def write_section(text: str) -> None:
    """This script's block of RESULTS.md (a ``## Web`` section if absent)."""
    write_block(ROOT / "RESULTS.md", BEGIN, END, text, "Web")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--time-limit", type=float, default=3.0)
    parser.add_argument("--slow-probe", type=int, default=8)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    port = _free_port()
    server = start_server(port, args.time_limit)
    try:
        start = time.perf_counter()
        results = asyncio.run(run(f"http://127.0.0.1:{port}", plan(args.requests), args.clients))
        wall = time.perf_counter() - start
        url = f"http://127.0.0.1:{port}"
        args.probes = (asyncio.run(probe(url, 0)), asyncio.run(probe(url, args.slow_probe)))
    finally:
        server.terminate()
        server.wait(30)
    text, ok = summarise(results, wall, args)
    print(text)
    if not args.no_write:
        write_section(text)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
