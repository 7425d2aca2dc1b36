"""What an outcome means at each stage, in words.

The trace's four outcomes are shared by all stages, so "passed" is "the condition did not
hold" for a priority rule but "checked, nothing wrong" for a taboo check. People read the
words, tools read the outcome.
"""

from __future__ import annotations

from types import MappingProxyType

MEANING = MappingProxyType({
    ("category", "fired"): "detected",
    ("severity", "fired"): "matched",
    ("severity", "passed"): "no match",
    ("priority", "fired"): "matched: this priority",
    ("priority", "passed"): "no match",
    ("sla", "fired"): "matched",
    ("sla", "passed"): "no match",
    ("compensation", "fired"): "cap found",
    ("compensation", "failed"): "no cap",
    ("escalation", "fired"): "raises the case",
    ("escalation", "passed"): "no match",
    ("escalation", "skipped"): "matched, nothing to raise",
    ("taboos", "failed"): "VIOLATION",
    ("taboos", "passed"): "ok",
    ("taboos", "skipped"): "not checked",
    ("actions", "fired"): "in the plan",
    ("actions", "passed"): "nothing to do",
    ("actions", "skipped"): "does not apply",
})

MARK = MappingProxyType({"fired": "+", "failed": "x", "passed": "-", "skipped": "."})


def meaning(stage: str, outcome: str) -> str:
    return MEANING.get((stage, outcome), outcome)
