"""Imports every command module so that each registers itself on the app."""

import gradstep.cli.calculus
import gradstep.cli.descent  # noqa: F401
import gradstep.cli.serve
import gradstep.cli.tour
import gradstep.cli.train  # noqa: F401
from gradstep.cli import autograd_demo  # noqa: F401
