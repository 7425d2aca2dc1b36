"""Prometheus metrics of one app, in a registry of its own.

prometheus_client's default registry is process-wide; a second app in the same process
(tests, or two playbooks served side by side) would clash with the first or count its
requests. Each :class:`ServeMetrics` therefore owns a ``CollectorRegistry``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from playbook.decision import Decision

LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class ServeMetrics:
    """Requests, latency, decisions by taboo, reloads: one set per app."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter("playbook_http_requests", "HTTP requests answered.",
                                ["route", "method", "status"], registry=self.registry)
        self.latency = Histogram("playbook_http_request_duration_seconds", "Time to answer a request.",
                                 ["route"], buckets=LATENCY_BUCKETS, registry=self.registry)
        self.decisions = Counter("playbook_decisions", "Cases decided.", registry=self.registry)
        self.rejected = Counter("playbook_cases_rejected", "Cases refused as invalid.", registry=self.registry)
        self.violations = Counter("playbook_violations", "Violations found, by taboo.", ["taboo"],
                                  registry=self.registry)
        self.reloads = Counter("playbook_reloads", "Reload attempts, by outcome.", ["outcome"],
                               registry=self.registry)
        self.generation = Gauge("playbook_generation", "Generation of the playbook version serving.",
                                registry=self.registry)

    def decided(self, decisions: Iterable[Decision]) -> None:
        for decision in decisions:
            self.decisions.inc()
            for violation in decision.violations:
                self.violations.labels(violation.taboo or "none").inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)


class MetricsMiddleware:
    """Counts and times every HTTP request by route template (unknown paths are 'other',
    so a scanner cannot grow the label set)."""

    def __init__(self, app: ASGIApp, metrics: ServeMetrics, routes: frozenset[str]) -> None:
        self.app = app
        self.metrics = metrics
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        route = path if path in self.routes else ("/static" if path.startswith("/static/") else "other")
        status = 500
        start = time.perf_counter()

        async def record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            self.metrics.latency.labels(route).observe(time.perf_counter() - start)
            self.metrics.requests.labels(route, scope["method"], str(status)).inc()
