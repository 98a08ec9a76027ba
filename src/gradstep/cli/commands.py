"""Imports every command module so that each registers itself on the app."""

from gradstep.cli import autograd_demo  # noqa: F401
from gradstep.cli import calculus  # noqa: F401
