"""The descent lab: gradient descent on any function, learning-rate sweeps, verdicts, and
the lessons' loss shapes.

>>> from gradstep.descent import descend
>>> run = descend("x^2 + y^2", {"x": 6, "y": 9}, learning_rate=0.1)
>>> [round(float(v), 12) for v in run.points[1]]
[4.8, 7.2]
"""

from gradstep.descent.api import DEFAULT_STEPS, DEFAULT_TOL, descend, sweep
from gradstep.descent.losses import (
    Curve,
    LossComparison,
    LossFit,
    activation_curves,
    compare_losses,
    load_csv,
    loss_shapes,
)
from gradstep.descent.objective import Objective, make_objective, start_point
from gradstep.descent.optimizers import (
    GD,
    OPTIMIZERS,
    Adam,
    Momentum,
    Nesterov,
    RMSProp,
    get_optimizer,
)
from gradstep.descent.results import VERDICTS, DescentRun, SweepResult, SweepRun, Verdict

__all__ = [
    "DEFAULT_STEPS",
    "DEFAULT_TOL",
    "GD",
    "OPTIMIZERS",
    "VERDICTS",
    "Adam",
    "Curve",
    "DescentRun",
    "LossComparison",
    "LossFit",
    "Momentum",
    "Nesterov",
    "Objective",
    "RMSProp",
    "SweepResult",
    "SweepRun",
    "Verdict",
    "activation_curves",
    "compare_losses",
    "descend",
    "get_optimizer",
    "load_csv",
    "loss_shapes",
    "make_objective",
    "start_point",
    "sweep",
]
