"""The tour's examples in the lessons' order (1 to 10), each a ``run(ctx)`` function."""

from __future__ import annotations

from collections.abc import Callable

from gradstep.report.context import TourContext
from gradstep.report.examples import (
    e01_slopes,
    e02_descent_1d,
    e03_learning_rates,
    e04_loss_shapes,
    e05_descent_2d,
    e06_chain_rule,
    e07_power_rule,
    e08_activations,
    e09_extrema,
    e10_backprop,
)
from gradstep.report.results import ExampleResult

Example = Callable[[TourContext], ExampleResult]

EXAMPLES: tuple[tuple[int, Example], ...] = (
    (1, e01_slopes.run),
    (2, e02_descent_1d.run),
    (3, e03_learning_rates.run),
    (4, e04_loss_shapes.run),
    (5, e05_descent_2d.run),
    (6, e06_chain_rule.run),
    (7, e07_power_rule.run),
    (8, e08_activations.run),
    (9, e09_extrema.run),
    (10, e10_backprop.run),
)
