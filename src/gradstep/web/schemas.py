"""Request bodies of the JSON API: strict, bounded, documented in the OpenAPI schema.

Unknown fields, wrong types, NaN/infinity, over-long expressions and too many steps are
rejected before any computation (422 with a sentence saying what to change).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gradstep.web.limits import (
    MAX_ABS_NUMBER,
    MAX_EXPRESSION,
    MAX_LEARNING_RATES,
    MAX_ORDER,
    MAX_STEPS,
    MAX_SWEEP_WORK,
    MAX_VARIABLES,
)

Expression = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_EXPRESSION,
        description=f"A formula as people type it (x^2 + 3x, sin(x)y); at most {MAX_EXPRESSION}"
        " characters.",
        examples=["x^2"],
    ),
]
VarName = Annotated[
    str, Field(pattern=r"^[A-Za-z][A-Za-z0-9]{0,23}$", description="A variable name: x, y, w1.")
]
Number = Annotated[
    float,
    Field(allow_inf_nan=False, ge=-MAX_ABS_NUMBER, le=MAX_ABS_NUMBER, strict=False),
]
LearningRate = Annotated[
    float, Field(gt=0, le=1e6, allow_inf_nan=False, description="Learning rate η > 0.")
]
Point = Annotated[dict[VarName, Number], Field(min_length=1, max_length=MAX_VARIABLES)]
Lang = Literal["en", "vi"]
OptimizerName = Literal["gd", "momentum", "nesterov", "rmsprop", "adam"]
Steps = Annotated[int, Field(ge=0, le=MAX_STEPS, description=f"At most {MAX_STEPS} steps.")]
Tol = Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DiffRequest(Strict):
    """``gradstep diff EXPR [--wrt V] [--order N] [--at x=5] --json``."""

    expression: Expression
    wrt: VarName | None = None
    order: Annotated[int, Field(ge=1, le=MAX_ORDER)] = 1
    at: Point | None = None
    lang: Lang = "en"


class ExtremaRequest(Strict):
    """``gradstep extrema EXPR [--domain a,b] --json``."""

    expression: Expression
    domain: Annotated[list[Number], Field(min_length=2, max_length=2)] | None = None
    lang: Lang = "en"

    @model_validator(mode="after")
    def _ordered(self) -> ExtremaRequest:
        if self.domain is not None and not self.domain[0] < self.domain[1]:
            raise ValueError("domain must be [a, b] with a < b")
        return self


class CheckRequest(Strict):
    """``gradstep check EXPR --answer TEXT [--wrt V] --json``."""

    expression: Expression
    answer: Expression
    wrt: VarName | None = None
    lang: Lang = "en"


class DescendRequest(Strict):
    """``gradstep descend EXPR --x0 x=6,y=9 --lr 0.1 [--steps N] [--optimizer O] --json``."""

    expression: Expression
    x0: Point | Number
    learning_rate: LearningRate
    steps: Steps = 1000
    tol: Tol = 1e-6
    optimizer: OptimizerName = "gd"
    lang: Lang = "en"


class SweepRequest(Strict):
    """``gradstep sweep EXPR --x0 … --lr 0.001,0.1,1.1 [--steps N] --json``."""

    expression: Expression
    x0: Point | Number
    learning_rates: Annotated[
        list[LearningRate], Field(min_length=1, max_length=MAX_LEARNING_RATES)
    ]
    steps: Steps = 1000
    tol: Tol = 1e-6
    optimizer: OptimizerName = "gd"
    lang: Lang = "en"

    @model_validator(mode="after")
    def _bounded(self) -> SweepRequest:
        if len(self.learning_rates) * self.steps > MAX_SWEEP_WORK:
            raise ValueError(
                f"learning_rates × steps must be at most {MAX_SWEEP_WORK}: use fewer rates or"
                " fewer steps"
            )
        return self


Range = Annotated[list[Number], Field(min_length=2, max_length=2)]


class PlotRequest(Strict):
    """Samples of f for the page's plot (not a CLI command)."""

    expression: Expression
    x_range: Range = Field(default_factory=lambda: [-10.0, 10.0])
    y_range: Range | None = None

    @model_validator(mode="after")
    def _ordered(self) -> PlotRequest:
        for name, pair in (("x_range", self.x_range), ("y_range", self.y_range)):
            if pair is not None and not pair[0] < pair[1]:
                raise ValueError(f"{name} must be [a, b] with a < b")
        return self
