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

from gradstep.errors import GradstepError, InputError


class TimeLimitError(InputError):
    """A computation that did not finish within its time limit (it was stopped)."""

    def __init__(self, seconds: float, lang: str = "en") -> None:
        from gradstep.i18n import message

        self.seconds = seconds
        super().__init__(message("calculus.limit.timeout", lang, seconds=f"{seconds:g}"))

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.seconds,))


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


class _Refused:
    """What the child sends back when ``func`` refused its input (an ``InputError``)."""

    def __init__(self, err: BaseException, lang: str) -> None:
        from gradstep.calculus.tokens import ParseError

        self.text = err.message(lang) if isinstance(err, ParseError) else str(err)
        self.error = err if isinstance(err, ParseError) else None


def _guarded(func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict, lang: str) -> Any:
    try:
        return func(*args, **kwargs)
    except (GradstepError, ValueError, TypeError) as err:
        return _Refused(err, lang)


def call_limited(
    func: Callable[..., Any],
    args: tuple[Any, ...],
    seconds: float,
    kwargs: dict[str, Any] | None = None,
    lang: str = "en",
) -> Any:
    """``func(*args, **kwargs)`` run by :func:`run_limited`: its value, or the same error.

    Bad input (a ``GradstepError``, ``ValueError`` or ``TypeError`` raised by ``func``) is
    raised again here: a :class:`~gradstep.calculus.ParseError` as itself, anything else as
    an ``InputError`` with its message (in ``lang`` for parse errors). Past ``seconds``
    the child is stopped and :class:`TimeLimitError` (an ``InputError``) is raised; any
    other failure in the child is a ``RuntimeError``. The value must be picklable.
    """
    status, answer = run_limited(_guarded, (func, args, kwargs or {}, lang), seconds)
    if status == "timeout":
        raise TimeLimitError(seconds, lang)
    if status != "ok":
        raise RuntimeError(f"gradstep failed: {answer}")
    if isinstance(answer, _Refused):
        if answer.error is not None:
            raise answer.error
        raise InputError(answer.text)
    return answer
