"""Decisions over HTTP: a small ASGI app (Starlette) around a :class:`~playbook.handle.PlaybookHandle`.

``create_app(handle, settings)`` builds one app; everything it keeps (metrics, the handle,
the settings) lives on that app, so two apps in one process never see each other. The
``playbook serve`` command runs it on uvicorn. Routes are in :mod:`playbook.serve.routes`,
the guards (body size, bearer token) in :mod:`playbook.serve.guards`, the Prometheus
metrics in :mod:`playbook.serve.metrics` and the OpenAPI document in
:mod:`playbook.serve.openapi`; the playground's static files ship in ``static/``.
"""

from __future__ import annotations

from .app import create_app
from .settings import ServeSettings

__all__ = ["ServeSettings", "create_app"]
