"""Triage: how severe a complaint is and how soon it is handled."""

from __future__ import annotations

from pydantic import Field

from .common import Id, Severity, Strict
from .conditions import Condition


class SeverityRule(Strict):
    """Raise the severity when the condition holds (severity never goes down)."""

    id: Id
    when: Condition
    severity: Severity
    reason: str | None = None


class PriorityRule(Strict):
    """A priority class. The first rule whose condition holds gives the priority."""

    id: Id
    label: str | None = None
    when: Condition | None = Field(default=None, description="Omit on the last rule to make it the default.")


class TriageSection(Strict):
    severity: list[SeverityRule] = Field(default_factory=list)
    priorities: list[PriorityRule] = Field(default_factory=list)
