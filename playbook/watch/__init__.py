"""Patterns across cases: counts in a window, escalation ladders and deadline timers.

>>> from playbook.watch import Watch
>>> watch = Watch({"patterns": [{"kind": "count", "id": "returns", "event": "returned",
...     "key": "product", "window": "30d", "threshold": 3,
...     "action": "stop sale of {key}, report to quality"}]}, backend="python")
>>> for i in range(3):
...     alerts = watch.observe({"id": f"e{i}", "kind": "returned", "at": f"2024-05-0{i+1}T10:00:00Z", "product": "SKU-1"})
>>> alerts[0].action
'stop sale of SKU-1, report to quality'

Two interchangeable backends sit behind :class:`Watch`: ``rete`` (durable-rules,
loaded lazily where it imports) and ``python``. See :mod:`playbook.watch.backend` for
the exact semantics both implement.
"""

from playbook.watch.alert import Alert
from playbook.watch.backend import BACKENDS, resolve_backend, rete_unavailable_reason
from playbook.watch.clock import ManualClock, system_clock
from playbook.watch.errors import (
    BackendUnavailableError,
    EngineError,
    EventError,
    FutureEventError,
    LateEventError,
    WatchClosedError,
    WatchError,
    WatchStateError,
)
from playbook.watch.journal import AlertLog
from playbook.watch.model import (
    CountPattern,
    DeadlinePattern,
    Event,
    LadderPattern,
    LadderStep,
    Pattern,
    WatchSection,
)
from playbook.watch.watch import Watch, parse_event, parse_section

__all__ = [
    "BACKENDS",
    "Alert",
    "AlertLog",
    "BackendUnavailableError",
    "CountPattern",
    "DeadlinePattern",
    "EngineError",
    "Event",
    "EventError",
    "FutureEventError",
    "LadderPattern",
    "LadderStep",
    "LateEventError",
    "ManualClock",
    "Pattern",
    "Watch",
    "WatchClosedError",
    "WatchError",
    "WatchSection",
    "WatchStateError",
    "parse_event",
    "parse_section",
    "resolve_backend",
    "rete_unavailable_reason",
    "system_clock",
]
