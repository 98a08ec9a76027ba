"""The exceptions gradstep raises: every one says what went wrong, where, and how to fix it."""

from __future__ import annotations


class GradstepError(Exception):
    """Base class of every error gradstep raises on purpose."""


class ShapeError(GradstepError, ValueError):
    """Shapes that do not fit an op (names the op and both shapes)."""


class GradientError(GradstepError, RuntimeError):
    """A backward pass that cannot run as asked (freed graph, non-scalar output, ...)."""


class InPlaceError(GradstepError, RuntimeError):
    """A tensor saved by a live graph was changed in place."""


class DTypeError(GradstepError, TypeError):
    """A dtype that cannot do what was asked (e.g. gradients of integers)."""


class InputError(GradstepError, ValueError):
    """Bad user input to a high-level function or command (exit code 2 in the CLI)."""
