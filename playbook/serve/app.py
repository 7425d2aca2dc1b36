"""Assembling one app: routes, guards, metrics, the playground, and the file watcher."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from playbook.handle import PlaybookHandle

from . import routes
from .errors import error_response
from .guards import BearerAuth, BodyLimit
from .metrics import MetricsMiddleware, ServeMetrics
from .openapi import build_openapi
from .overlay_eval import OverlayCache
from .settings import ServeSettings
from .watcher import watch_and_reload

STATIC = Path(__file__).resolve().parent / "static"
log = logging.getLogger("playbook.serve")

ROUTES = (
    ("/v1/evaluate", routes.evaluate, ["POST"]),
    ("/v1/evaluate/batch", routes.evaluate_batch, ["POST"]),
    ("/v1/evaluate/overlay", routes.evaluate_overlay, ["POST"]),
    ("/v1/check-reply", routes.check_reply_route, ["POST"]),
    ("/v1/validate", routes.validate, ["POST"]),
    ("/v1/playbook", routes.playbook, ["GET"]),
    ("/v1/reload", routes.reload, ["POST"]),
    ("/health", routes.health, ["GET"]),
    ("/metrics", routes.metrics, ["GET"]),
    ("/openapi.json", routes.openapi, ["GET"]),
    ("/", routes.playground, ["GET"]),
)

_HTTP_CODES = {404: "not-found", 405: "method-not-allowed"}


def create_app(handle: PlaybookHandle, settings: ServeSettings | None = None) -> Starlette:
    """An ASGI app serving ``handle``'s playbook. Everything it keeps lives on it."""
    settings = settings or ServeSettings()
    metrics = ServeMetrics()
    metrics.generation.set(handle.current.generation)
    served = routes.Served(handle, settings, metrics, build_openapi(settings), str(STATIC),
                           OverlayCache())

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with anyio.create_task_group() as group:
            stop = anyio.Event()
            if settings.watch:
                group.start_soon(watch_and_reload, handle, metrics, stop, settings.watch_debounce_ms)
            try:
                yield
            finally:
                stop.set()
                group.cancel_scope.cancel()

    middleware = [Middleware(MetricsMiddleware, metrics=metrics, routes=frozenset(path for path, _, _ in ROUTES))]
    if settings.token is not None:
        middleware.append(Middleware(BearerAuth, token=settings.token))
    middleware.append(Middleware(BodyLimit, limit=settings.max_body_bytes))
    app = Starlette(
        routes=[*(Route(path, endpoint, methods=methods) for path, endpoint, methods in ROUTES),
                Mount("/static", app=StaticFiles(directory=STATIC), name="static")],
        middleware=middleware,
        exception_handlers={HTTPException: _http_error, Exception: _internal_error},
        lifespan=lifespan,
    )
    app.state.served = served
    return app


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, f"http-{exc.status_code}")
    message = "no such endpoint" if exc.status_code == 404 else str(exc.detail)
    return error_response(exc.status_code, code, message, headers=dict(exc.headers or {}) or None)


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.error("internal error on %s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
    return error_response(500, "internal-error", "the server failed on this request",
                          hint="this is a bug: the server log has the details")
