"""Run a slow SymPy call where it can be stopped: in a child process with a deadline.

A thread cannot be stopped, so ``solve`` and ``solveset`` (which may run for minutes on
inputs such as sin x·cos 3x or huge powers) run in a forked process that is killed when
the time limit passes. The answer comes back pickled through a pipe.

>>> import sympy
>>> x = sympy.Symbol("x", real=True)
>>> run_limited(sympy.solveset, (x**2 - 4, x, sympy.S.Reals), 5.0)
('ok', {-2, 2})
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
from collections.abc import Callable
from typing import Any


def _child(conn: Any, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        conn.send(("ok", func(*args)))
    except BaseException as err:  # the parent reports every failure as "no exact answer"
        with contextlib.suppress(Exception):
            conn.send(("error", f"{type(err).__name__}: {err}"[:300]))
    finally:
        conn.close()


def _context() -> Any:
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


def run_limited(func: Callable[..., Any], args: tuple[Any, ...], seconds: float) -> tuple[str, Any]:
    """``("ok", func(*args))``, or ``("timeout", None)`` / ``("error", text)``; never hangs.

    The call runs in a child process killed after ``seconds``.
    """
    ctx = _context()
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, func, args), daemon=True)
    proc.start()
    child.close()
    try:
        if parent.poll(seconds):
            try:
                return parent.recv()
            except (EOFError, OSError) as err:
                return ("error", f"the solver process ended without an answer ({err})")
        return ("timeout", None)
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(1.0)
        parent.close()
