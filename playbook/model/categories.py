"""Complaint categories, detected from the customer's words when the case does not say."""

from __future__ import annotations

from pydantic import Field

from .common import Id, Severity, Strict


class Category(Strict):
    """A kind of complaint (quality, delivery, service attitude…)."""

    id: Id
    label: str
    description: str | None = None
    keywords: list[str] = Field(
        default_factory=list,
        description="Words that identify the category in customer messages (matched like phrases).",
    )
    severity: Severity = Field(default=Severity.MEDIUM, description="Default severity of complaints in it.")
    team: str | None = Field(default=None, description="Team that owns complaints of this category.")
