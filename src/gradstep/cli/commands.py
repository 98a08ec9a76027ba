"""Imports every command module so that each registers itself on the app."""

from gradstep.cli import (  # noqa: F401 - imported for their @app.command() side effect
    autograd_demo,
    calculus,
    descent,
    serve,
    tour,
    train,
)
