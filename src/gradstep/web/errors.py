"""Every error the API answers is a 4xx with ``{"detail": sentence}``, never a 500.

Validation errors (FastAPI/pydantic) become one sentence naming the field and what to
change; an unexpected exception becomes 422 with a short message (and is logged).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

log = logging.getLogger("gradstep.web")


def _where(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    return ".".join(parts) or "the request body"


def _sentence(error: dict[str, Any]) -> str:
    kind, where = error.get("type", ""), _where(error.get("loc", ()))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"{where} is missing: add it to the JSON body"
    if kind == "extra_forbidden":
        return f"{where} is not a field of this request: remove it (check its spelling)"
    if kind == "json_invalid":
        return 'the body is not valid JSON: send a JSON object such as {"expression": "x^2"}'
    if kind == "string_too_long":
        return f"{where} is too long: at most {ctx.get('max_length')} characters are accepted"
    if kind == "too_long":
        return f"{where} has too many entries: at most {ctx.get('max_length')} are accepted"
    if kind == "finite_number":
        return f"{where} must be a finite number (not NaN or infinity)"
    if kind == "model_attributes_type" or (kind == "dict_type" and not where):
        return 'the body must be a JSON object such as {"expression": "x^2"}'
    if kind == "value_error":
        return f"{where}: {ctx.get('error', error.get('msg', ''))!s}"
    message = str(error.get("msg", "invalid value")).rstrip(".")
    return f"{where}: {message[0].lower() + message[1:] if message else 'invalid value'}"


def validation_detail(errors: list[dict[str, Any]]) -> str:
    """One sentence for the first problem (a learner fixes one thing at a time)."""
    if not errors:
        return "the request is not valid"
    seen: list[str] = []
    for error in errors:
        text = _sentence(error)
        if text not in seen:
            seen.append(text)
    return "; ".join(seen[:3])


async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse({"detail": validation_detail(list(exc.errors()))}, status_code=422)


async def _http(request: Request, exc: HTTPException) -> JSONResponse:
    detail = exc.detail if isinstance(exc.detail, str) else "the request cannot be answered"
    status = exc.status_code if exc.status_code < 500 else 422
    return JSONResponse({"detail": detail}, status_code=status, headers=exc.headers)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s", request.url.path)
    detail = f"gradstep could not answer this request ({type(exc).__name__})"
    return JSONResponse({"detail": detail}, status_code=422)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
