"""Grad mode: whether ops record the graph (per thread, like PyTorch's ``no_grad``)."""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager


class _Mode(threading.local):
    enabled = True


MODE = _Mode()


def is_grad_enabled() -> bool:
    """True when new ops are recorded for backpropagation."""
    return MODE.enabled


class set_grad_enabled:
    """Turn graph recording on or off inside a ``with`` block (restored on exit)."""

    __slots__ = ("enabled", "previous")

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.previous = True

    def __enter__(self) -> None:
        self.previous = MODE.enabled
        MODE.enabled = self.enabled

    def __exit__(self, *exc: object) -> None:
        MODE.enabled = self.previous


def no_grad() -> AbstractContextManager[None]:
    """Record nothing inside the block: the idiom for parameter updates.

    >>> import gradstep as gs
    >>> w = gs.tensor([1.0, 2.0], requires_grad=True)
    >>> with gs.no_grad():
    ...     (w * 2).requires_grad
    False
    """
    return set_grad_enabled(False)


def enable_grad() -> AbstractContextManager[None]:
    """Record ops inside the block even within ``no_grad``."""
    return set_grad_enabled(True)
