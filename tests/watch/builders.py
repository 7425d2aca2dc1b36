"""Builders shared by the watch tests: events, patterns, sections, and the backend list."""

from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from playbook.watch import rete_unavailable_reason

RETE_REASON = rete_unavailable_reason()
#: CI installs the ``watch-rete`` extra where durable-rules builds (Python < 3.13): there a
#: missing engine must fail the Rete tests, not skip them.
RETE_REQUIRED = bool(os.environ.get("CI")) and sys.version_info < (3, 13)
needs_rete = pytest.mark.skipif(
    RETE_REASON is not None and not RETE_REQUIRED, reason=f"durable-rules cannot load here: {RETE_REASON}"
)

BACKEND_PARAMS = [pytest.param("python", id="python"), pytest.param("rete", id="rete", marks=needs_rete)]

T0 = datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc)


def at(days: float = 0, hours: float = 0, minutes: float = 0, seconds: float = 0) -> datetime:
    """A moment relative to the tests' epoch T0 (2024-05-01 09:00 UTC)."""
    return T0 + timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def ev(event_id: str, kind: str, when: datetime, **fields: Any) -> dict[str, Any]:
    return {"id": event_id, "kind": kind, "at": when.isoformat(), **fields}


def count_pattern(**over: Any) -> dict[str, Any]:
    base = {"id": "returns", "kind": "count", "event": "returned", "key": "product", "window": "30d",
            "threshold": 3, "action": "stop sale of {key}, report to quality"}
    return {**base, **over}


def ladder_pattern(**over: Any) -> dict[str, Any]:
    base = {"id": "staff", "kind": "ladder", "event": "staff-complaint", "key": "staff", "window": "365d",
            "steps": [{"at": 1, "label": "warning", "action": "warn {key}"},
                      {"at": 2, "label": "penalty", "action": "penalise {key}"},
                      {"at": 3, "label": "dismissal", "action": "dismiss {key}"}]}
    return {**base, **over}


def deadline_pattern(**over: Any) -> dict[str, Any]:
    base = {"id": "sla", "kind": "deadline", "start_event": "received", "stop_events": ["responded", "resolved"],
            "within": "4h", "alert_before": "1h", "action": "respond to {key} before {deadline}"}
    return {**base, **over}


def section(*patterns: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"patterns": list(patterns), **top}


def summary(alerts: list[Any]) -> list[tuple[Any, ...]]:
    """What must agree across backends and runs: everything an alert says."""
    return [tuple(sorted(a.to_dict().items(), key=lambda kv: kv[0])) for a in alerts]
