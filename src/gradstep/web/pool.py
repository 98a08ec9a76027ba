"""Worker processes for the playground: every computation runs off the event loop, in a
process that can be stopped.

A thread cannot be stopped, and a symbolic computation can run for minutes, so each job
goes to a worker process (forked from a preloaded fork server, ~20 ms to start) and is
given a time limit. The parent waits on the worker's pipe without blocking the event loop.

- A job that runs past its time limit is stopped: the worker's whole process group (the
  worker and any solver process it started) is killed and a fresh worker takes its place.
- A job that is still running after ``slow_after`` seconds is "slow": its process group is
  niced to the lowest priority, so fast requests keep the CPU while slow ones finish or
  time out. A niced worker cannot be un-niced, so it retires after its job.
- At most ``max_workers`` jobs run at once; further requests wait for a worker (up to
  ``queue_wait`` seconds, then :class:`Busy`). At most ``max_workers - warm`` jobs may be
  slow at once: a job that turns slow beyond that is stopped at once (answered as a
  timeout), so ``warm`` workers always remain for fast requests.
- Each worker limits its own address space (``memory_bytes``) so a hostile input cannot
  exhaust the machine's memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import os
import signal
import time
from dataclasses import dataclass
from typing import Any

# "__main__" first: the fork server imports the main module once, so workers skip the
# main-module fix-up of spawn/forkserver (a re-import per worker, ~0.3 s or more).
PRELOAD = ["__main__", "gradstep.web.warm"]


class Busy(Exception):
    """Every worker stayed busy for longer than the queue allows."""


@dataclass(frozen=True)
class Outcome:
    """How a job ended: ``status`` is ok, bad_input, timeout or error; ``value`` the payload
    (ok), ``{"detail", ...}`` (bad_input, error) or None (timeout)."""

    status: str
    value: Any
    seconds: float


def _context() -> Any:
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(PRELOAD)
    return ctx


def _limit_memory(memory_bytes: int) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    except (ImportError, ValueError, OSError):  # not on this platform: run without it
        pass


def _worker_main(conn: Any, memory_bytes: int) -> None:
    """A worker's life: its own process group, a memory limit, then jobs until the pipe
    closes. Jobs are looked up by name in :data:`gradstep.web.jobs.JOBS` (never code)."""
    with contextlib.suppress(OSError, AttributeError):
        os.setsid()
    _limit_memory(memory_bytes)
    from gradstep.web.jobs import run_job

    conn.send(("ready", os.getpid()))
    while True:
        try:
            name, kwargs = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            conn.send(run_job(name, kwargs))
        except (OSError, ValueError):  # the parent is gone, or the answer cannot be pickled
            return


class Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, ctx: Any, memory_bytes: int) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, args=(child, memory_bytes), daemon=False)
        self.process.start()
        child.close()
        self.niced = False
        # The child sets itself up (imports, the main-module fix-up of spawn/forkserver)
        # before it can take a job: wait for its "ready" so an idle worker is a ready one.
        if not self.conn.poll(60) or self.conn.recv()[0] != "ready":
            self.kill()
            raise OSError("a worker process did not start")

    def nice(self) -> None:
        """Lowest CPU priority for the worker and everything it started."""
        with contextlib.suppress(OSError, AttributeError, ProcessLookupError):
            os.setpriority(os.PRIO_PGRP, self.process.pid, 19)
        self.niced = True

    def kill(self) -> None:
        """Stop the worker and every process it started (its process group)."""
        pid = self.process.pid
        with contextlib.suppress(OSError, AttributeError, ProcessLookupError, TypeError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
        self.close()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        with contextlib.suppress(OSError, ValueError, AssertionError):
            self.process.join(0.5)


class WorkerPool:
    """A bounded, elastic pool of worker processes; see the module docstring."""

    def __init__(
        self,
        warm: int = 2,
        max_workers: int = 8,
        slow_after: float = 0.5,
        queue_wait: float = 30.0,
        memory_bytes: int = 2 << 30,
    ) -> None:
        self.warm, self.max_workers = warm, max_workers
        self.slow_after, self.queue_wait, self.memory_bytes = slow_after, queue_wait, memory_bytes
        self._ctx = _context()
        self._idle: list[Worker] = []
        self._count = 0
        self._freed: asyncio.Condition | None = None
        self._closed = False
        self._tasks: set[asyncio.Task] = set()
        self._slow = 0

    async def start(self) -> None:
        """Start the warm workers (the first start also starts the fork server)."""
        self._freed = asyncio.Condition()
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.warm)))
        self._idle.extend(workers)

    async def _spawn(self) -> Worker:
        self._count += 1
        try:
            return await asyncio.to_thread(Worker, self._ctx, self.memory_bytes)
        except BaseException:
            self._count -= 1
            raise

    async def _acquire(self) -> Worker:
        assert self._freed is not None, "WorkerPool.start() was not awaited"
        deadline = time.monotonic() + self.queue_wait
        async with self._freed:
            while not self._idle and self._count >= self.max_workers:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Busy
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._freed.wait(), left)
            if self._idle:
                worker = self._idle.pop()
                self._replenish()
                return worker
            self._count += 1
        try:
            return await asyncio.to_thread(Worker, self._ctx, self.memory_bytes)
        except BaseException:
            await self._retire(None)
            raise

    def _replenish(self) -> None:
        """Keep ``warm`` ready workers idle (started in the background), within the cap, so
        a fast request finds one ready even while slow ones hold the others."""
        missing = min(self.warm - len(self._idle), self.max_workers - self._count)
        for _ in range(max(missing, 0)):
            if self._closed:
                return
            self._count += 1
            task = asyncio.get_running_loop().create_task(self._add_spare())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _add_spare(self) -> None:
        try:
            worker = await asyncio.to_thread(Worker, self._ctx, self.memory_bytes)
        except Exception:
            await self._retire(None)
            return
        if self._closed:
            await self._retire(worker)
        else:
            await self._release(worker)

    async def _release(self, worker: Worker) -> None:
        assert self._freed is not None
        async with self._freed:
            self._idle.append(worker)
            self._freed.notify()

    async def _retire(self, worker: Worker | None) -> None:
        if worker is not None:
            await asyncio.to_thread(worker.kill)
        assert self._freed is not None
        async with self._freed:
            self._count -= 1
            self._freed.notify()
            self._replenish()

    async def run(self, name: str, kwargs: dict[str, Any], time_limit: float) -> Outcome:
        """Run job ``name`` with ``kwargs`` in a worker; never longer than ``time_limit``."""
        worker = await self._acquire()
        start = time.monotonic()
        try:
            worker.conn.send((name, kwargs))
            status, value = await self._wait(worker, time_limit)
        except (OSError, EOFError, ValueError) as err:
            await self._retire(worker)
            detail = {"detail": f"the worker process ended unexpectedly ({type(err).__name__})"}
            return Outcome("error", detail, time.monotonic() - start)
        except BaseException:  # cancelled (client gone) or timed out: stop the computation
            await self._retire(worker)
            raise
        seconds = time.monotonic() - start
        if status == "timeout" or worker.niced or self._closed:
            await self._retire(worker)
        else:
            await self._release(worker)
        return Outcome(status, value, seconds)

    async def _wait(self, worker: Worker, time_limit: float) -> tuple[str, Any]:
        reply = _reply_future(worker)
        try:
            done = await _wait_for(reply, min(self.slow_after, time_limit))
            if done is None:
                if self._slow >= self.max_workers - self.warm:
                    return ("timeout", None)  # keep `warm` workers for fast requests
                worker.nice()
                self._slow += 1
                try:
                    done = await _wait_for(reply, max(time_limit - self.slow_after, 0.0))
                finally:
                    self._slow -= 1
            return done if done is not None else ("timeout", None)
        finally:
            _stop_reading(worker)
            if not reply.done():
                reply.cancel()

    async def close(self) -> None:
        """Stop every idle worker (busy ones are stopped when their job returns)."""
        self._closed = True
        idle, self._idle = self._idle, []
        for worker in idle:
            await asyncio.to_thread(worker.kill)
        self._count -= len(idle)


def _reply_future(worker: Worker) -> asyncio.Future:
    loop = asyncio.get_running_loop()
    future: asyncio.Future = loop.create_future()

    def readable() -> None:
        _stop_reading(worker)
        if future.done():
            return
        try:
            future.set_result(worker.conn.recv())
        except (EOFError, OSError) as err:
            future.set_exception(err)

    loop.add_reader(worker.conn.fileno(), readable)
    return future


def _stop_reading(worker: Worker) -> None:
    with contextlib.suppress(OSError, ValueError):
        asyncio.get_running_loop().remove_reader(worker.conn.fileno())


async def _wait_for(future: asyncio.Future, seconds: float) -> Any:
    """The future's result, or None if it is not done within ``seconds`` (not cancelled)."""
    done, _ = await asyncio.wait({future}, timeout=seconds)
    return future.result() if done else None
