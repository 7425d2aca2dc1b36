"""What a watch reports: an :class:`Alert` names the pattern, the key, the events
that made it and the action to take."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Alert:
    """One pattern that fired.

    ``at`` is when the pattern became true: the time of the event that completed a
    count or ladder step, or the scheduled alert time of a deadline (its deadline
    minus ``alert_before``), so replays and live runs report the same instant.
    """

    pattern: str
    label: str
    kind: str  # "count" | "ladder" | "deadline"
    key_field: str
    key: str
    action: str
    events: tuple[str, ...]
    at: datetime
    count: int
    step: int | None = None
    deadline: datetime | None = None

    @property
    def id(self) -> str:
        """A name for this alert that every run computes alike: from the pattern, the
        key, the step, the events that made it and its time — not from the arrival
        order, the backend or the process. A count consumes its events, a ladder step
        is made by its newest event and a timer by its start event, so no two alerts
        of one stream share an id; a restarted run that finds an alert again finds
        the same id, which is what lets output be written once (``AlertLog``) and a
        reader drop a repeat."""
        basis = json.dumps([self.pattern, self.key, self.step, list(self.events), _iso(self.at)], ensure_ascii=False)
        return hashlib.blake2b(basis.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, one line per alert in ``--format json``."""
        return {
            "id": self.id,
            "pattern": self.pattern,
            "label": self.label,
            "kind": self.kind,
            "key_field": self.key_field,
            "key": self.key,
            "action": self.action,
            "events": list(self.events),
            "count": self.count,
            "step": self.step,
            "at": _iso(self.at),
            "deadline": _iso(self.deadline) if self.deadline else None,
        }

    def format(self) -> str:
        """One line of text for people."""
        step = f" step {self.step}" if self.step is not None else ""
        due = ""
        if self.deadline and _iso(self.deadline) not in self.action:
            due = f" (deadline {_iso(self.deadline)})"
        return (
            f"{_iso(self.at)}  {self.pattern}{step}  {self.key_field}={self.key}: "
            f"{self.action}{due}  [events: {', '.join(self.events)}]"
        )

    def __str__(self) -> str:
        return self.format()


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")
