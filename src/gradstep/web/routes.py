"""The JSON API: one route per CLI command, each answering the CLI's ``--json``.

Every computation is sent to the worker pool with a time limit; the event loop only
validates, waits and answers. Errors: 4xx with ``{"detail": sentence}`` (parse errors add
``column``, timeouts add ``complete: false``), never a 5xx.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from gradstep.i18n import catalogue, message
from gradstep.web.pool import Busy, Outcome, WorkerPool
from gradstep.web.schemas import (
    CheckRequest,
    DescendRequest,
    DiffRequest,
    ExtremaRequest,
    Lang,
    PlotRequest,
    SweepRequest,
)


class ErrorBody(BaseModel):
    """A 4xx answer: a sentence saying what to change."""

    detail: str
    column: int | None = None
    complete: bool | None = None


ANSWER = {"content": {"application/json": {"schema": {"type": "object"}}}}
ERRORS: dict[int | str, dict[str, Any]] = {
    200: {"description": "The same JSON as the CLI's --json.", **ANSWER},
    413: {"model": ErrorBody, "description": "The request body is too large."},
    422: {"model": ErrorBody, "description": "Bad input, or the time limit ran out."},
    429: {"model": ErrorBody, "description": "Every worker is busy; retry shortly."},
}
UI_PREFIXES = (
    "web.",
    "calculus.rule.",
    "calculus.kind.",
    "calculus.evidence.",
    "calculus.nondiff.",
    "descent.verdict.",
)

router = APIRouter()


async def _compute(request: Request, job: str, body: BaseModel, time_limit: float) -> JSONResponse:
    lang = getattr(body, "lang", "en")
    try:
        outcome = await _run(request, job, body.model_dump(), time_limit)
    except Busy:
        detail = message("web.error.busy", lang)
        return JSONResponse({"detail": detail}, status_code=429, headers={"Retry-After": "2"})
    if outcome.status == "ok":
        return JSONResponse(outcome.value)
    if outcome.status == "timeout":
        detail = message("web.error.timeout", lang, seconds=f"{time_limit:g}")
        return JSONResponse({"detail": detail, "complete": False}, status_code=422)
    return JSONResponse(outcome.value, status_code=422)


async def _run(request: Request, job: str, kwargs: dict[str, Any], time_limit: float) -> Outcome:
    """Run ``job`` on the app's worker pool. An app whose lifespan never ran (a test
    client used without ``with``, a server started with lifespan off) has no pool: the job
    then gets a worker of its own, stopped when it ends, with the same time limit."""
    pool: WorkerPool | None = getattr(request.app.state, "pool", None)
    if pool is not None:
        return await pool.run(job, kwargs, time_limit)
    limits = _limits(request)
    single = WorkerPool(warm=0, max_workers=1, memory_bytes=limits.memory_bytes)
    await single.start()
    try:
        return await single.run(job, kwargs, time_limit)
    finally:
        await single.close()


def _limits(request: Request) -> Any:
    return request.app.state.limits


@router.post("/api/diff", responses=ERRORS)
async def api_diff(body: DiffRequest, request: Request) -> JSONResponse:
    """The derivative with its steps, like ``gradstep diff --json``."""
    return await _compute(request, "diff", body, _limits(request).time_limit)


@router.post("/api/extrema", responses=ERRORS)
async def api_extrema(body: ExtremaRequest, request: Request) -> JSONResponse:
    """Critical points and their kind, like ``gradstep extrema --json``."""
    return await _compute(request, "extrema", body, _limits(request).time_limit)


@router.post("/api/check", responses=ERRORS)
async def api_check(body: CheckRequest, request: Request) -> JSONResponse:
    """Is the answer the derivative? Like ``gradstep check --json``."""
    return await _compute(request, "check", body, _limits(request).time_limit)


@router.post("/api/descend", responses=ERRORS)
async def api_descend(body: DescendRequest, request: Request) -> JSONResponse:
    """One gradient-descent run, like ``gradstep descend --json``."""
    return await _compute(request, "descend", body, _limits(request).descent_time_limit)


@router.post("/api/sweep", responses=ERRORS)
async def api_sweep(body: SweepRequest, request: Request) -> JSONResponse:
    """Several learning rates at once, like ``gradstep sweep --json``."""
    return await _compute(request, "sweep", body, _limits(request).descent_time_limit)


@router.post("/api/plot", responses=ERRORS)
async def api_plot(body: PlotRequest, request: Request) -> JSONResponse:
    """Samples of f on a range (a curve) or a grid (two variables), for the page's plot."""
    return await _compute(request, "plot", body, _limits(request).time_limit)


@router.get("/api/messages/{lang}", responses=ERRORS)
async def api_messages(lang: Lang) -> dict[str, str]:
    """The page's words in ``lang`` (en or vi), from the message catalogues."""
    return {k: v for k, v in catalogue(lang).items() if k.startswith(UI_PREFIXES)}


@router.get("/api/health")
async def api_health() -> dict[str, str]:
    """``{"status": "ok"}`` while the server is up."""
    return {"status": "ok"}
