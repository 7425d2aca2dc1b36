"""The engine's answer for one case: JSON-serialisable, with stable field names."""

from .model import (
    ActionItem,
    CategoryResult,
    ClockResult,
    CompensationResult,
    Decision,
    EscalationResult,
    Evidence,
    KeywordHit,
    MissingFact,
    TraceEvent,
    TriggerHit,
    Violation,
)

__all__ = [
    "ActionItem",
    "CategoryResult",
    "ClockResult",
    "CompensationResult",
    "Decision",
    "EscalationResult",
    "Evidence",
    "KeywordHit",
    "MissingFact",
    "TraceEvent",
    "TriggerHit",
    "Violation",
]
