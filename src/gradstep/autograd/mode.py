"""Grad mode: whether ops record the graph (per thread, like PyTorch's ``no_grad``).

``no_grad``, ``enable_grad`` and ``set_grad_enabled`` work as ``with`` blocks and as
decorators; ``set_grad_enabled(flag)`` called on its own also switches the mode at once
(as in PyTorch).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any


class _Mode(threading.local):
    enabled = True


MODE = _Mode()


def is_grad_enabled() -> bool:
    """True when new ops are recorded for backpropagation."""
    return MODE.enabled


class _GradMode:
    """A ``with`` block (or a decorator) that sets grad mode and restores it on exit."""

    __slots__ = ("enabled", "previous")

    def __init__(self, enabled: bool) -> None:
        self.enabled = bool(enabled)
        self.previous = True

    def __enter__(self) -> None:
        self.previous = MODE.enabled
        MODE.enabled = self.enabled

    def __exit__(self, *exc: object) -> None:
        MODE.enabled = self.previous

    def __call__(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Decorate ``func``: every call runs in this grad mode."""
        enabled = self.enabled

        @functools.wraps(func)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            with _GradMode(enabled):
                return func(*args, **kwargs)

        return wrapped


class set_grad_enabled(_GradMode):
    """Turn graph recording on or off: at once when called, until the end of the ``with``
    block it opens (restored on exit), or for each call of a function it decorates."""

    __slots__ = ()

    def __init__(self, enabled: bool) -> None:
        super().__init__(enabled)
        self.previous = MODE.enabled
        MODE.enabled = self.enabled

    def __enter__(self) -> None:  # the mode was set when the object was made
        pass

    def __call__(self, func: Callable[..., Any]) -> Callable[..., Any]:
        MODE.enabled = self.previous  # a decorator changes nothing until the call
        return super().__call__(func)


def no_grad(func: Callable[..., Any] | None = None) -> Any:
    """Record nothing inside the block: the idiom for parameter updates. Also a decorator,
    with or without parentheses (``@gs.no_grad()`` or ``@gs.no_grad``).

    >>> import gradstep as gs
    >>> w = gs.tensor([1.0, 2.0], requires_grad=True)
    >>> with gs.no_grad():
    ...     (w * 2).requires_grad
    False
    """
    mode = _GradMode(False)
    return mode if func is None else mode(func)


def enable_grad(func: Callable[..., Any] | None = None) -> Any:
    """Record ops inside the block even within ``no_grad`` (also a decorator)."""
    mode = _GradMode(True)
    return mode if func is None else mode(func)
