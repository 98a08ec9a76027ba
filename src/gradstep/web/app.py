"""The playground app: the JSON API, the page and its assets, the guards, the worker pool.

>>> app = create_app()
>>> sorted(r.path for r in app.routes if r.path.startswith("/api/"))[:3]
['/api/check', '/api/descend', '/api/diff']
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from gradstep import __version__
from gradstep.web import errors
from gradstep.web.guards import BodyLimit, SecurityHeaders
from gradstep.web.limits import Limits
from gradstep.web.pool import WorkerPool
from gradstep.web.routes import router

# "testserver" is the Host Starlette's TestClient sends. A single-label name that no
# public DNS answers, so a rebinding page cannot use it and the guard keeps its point.
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]", "testserver"]


def static_dir() -> str:
    """The folder of the page's assets (served by the app; nothing comes from elsewhere)."""
    return str(resources.files("gradstep.web") / "static")


def create_app(limits: Limits | None = None, allowed_hosts: Sequence[str] | None = None) -> FastAPI:
    """The playground as a FastAPI app (behind the host, body-size and header guards).

    ``allowed_hosts``: the Host headers accepted (default: loopback names only, which
    also blocks DNS-rebinding pages from reaching the server).
    """
    limits = limits or Limits()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = WorkerPool(
            warm=limits.warm_workers,
            max_workers=limits.max_workers,
            slow_after=limits.slow_after,
            queue_wait=limits.queue_wait,
            memory_bytes=limits.memory_bytes,
        )
        await pool.start()
        app.state.pool = pool
        try:
            yield
        finally:
            await pool.close()

    api = FastAPI(
        title="gradstep playground",
        version=__version__,
        description="Derivatives, critical points and gradient descent, the same JSON as "
        "the gradstep CLI's --json.",
        lifespan=lifespan,
    )
    api.state.limits = limits
    errors.install(api)
    api.include_router(router)
    api.mount("/static", StaticFiles(directory=static_dir()), name="static")

    @api.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(f"{static_dir()}/index.html", media_type="text/html")

    api.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts or LOOPBACK_HOSTS))
    api.add_middleware(BodyLimit, limit=limits.max_body_bytes, drain=limits.drain_bytes)
    api.add_middleware(SecurityHeaders)
    return api
