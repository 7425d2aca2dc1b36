"""Per-message annotations in inline transcripts: "must flag" / "must not flag".

Like Semgrep's ``ruleid:`` and ``ok:`` comments, an agent message may say what the engine
must make of it::

    transcript:
      - {role: agent, text: 這是公司的規定, expect: {flags: [formulaic_handling]}}
      - {role: agent, text: 这是公司的规定，不过我们可以为您换货, expect: {clean: true}}

A flag names a taboo id, a taboo number or a phrase id. The annotations are taken out of
the case before it is validated, because a :class:`~playbook.case.Case` has no such field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from playbook.decision import Decision
from playbook.errors import Span

from .expect import TabooNames
from .model import MessageExpect
from .results import Mismatch

ANNOTATION_KEY = "expect"


def split_annotations(case: dict[str, Any]) -> tuple[dict[str, Any], dict[int, Any]]:
    """The case without annotations, and the raw annotation of each annotated message."""
    transcript = case.get("transcript")
    if not isinstance(transcript, list) or not any(
        isinstance(m, dict) and ANNOTATION_KEY in m for m in transcript
    ):
        return case, {}
    clean = dict(case)
    clean["transcript"] = []
    raw: dict[int, Any] = {}
    for index, message in enumerate(transcript):
        if isinstance(message, dict) and ANNOTATION_KEY in message:
            message = dict(message)
            raw[index] = message.pop(ANNOTATION_KEY)
        clean["transcript"].append(message)
    return clean, raw


def parse_annotations(raw: dict[int, Any]) -> tuple[dict[int, MessageExpect], dict[int, ValidationError]]:
    """Validated annotations, and the validation error of each one that is malformed."""
    good: dict[int, MessageExpect] = {}
    bad: dict[int, ValidationError] = {}
    for index, value in raw.items():
        try:
            good[index] = MessageExpect.model_validate(value)
        except ValidationError as exc:
            bad[index] = exc
    return good, bad


def check_annotations(
    annotations: dict[int, MessageExpect],
    decision: Decision,
    names: TabooNames,
    locate: Callable[[int], Span | None] = lambda index: None,
) -> list[Mismatch]:
    """Mismatches between each annotated message and the evidence pointing at it.

    ``locate`` gives the span of message ``index``'s annotation in the test file.
    """
    out: list[Mismatch] = []
    for index, annotation in sorted(annotations.items()):
        labels = _labels_at(decision, index)
        shown = sorted(labels)
        what = f"transcript[{index}]"
        span = locate(index)
        if annotation.clean and labels:
            out.append(Mismatch(f"{what} clean", "no violation", shown, span, "must not be flagged"))
        for flag in annotation.flags:
            name = _name(flag, names)
            if name not in labels:
                out.append(Mismatch(f"{what} flags", name, shown or "not flagged", span, "must be flagged"))
        for flag in annotation.no_flags:
            name = _name(flag, names)
            if name in labels:
                out.append(Mismatch(f"{what} no_flags", f"not {name}", shown, span, "must not be flagged for this"))
    return out


def _name(flag: str | int, names: TabooNames) -> str:
    return names.resolve(flag) if isinstance(flag, int) else flag


def _labels_at(decision: Decision, index: int) -> set[str]:
    """Taboo ids, rule ids and phrase ids of the evidence found in message ``index``."""
    labels: set[str] = set()
    for violation in decision.violations:
        for evidence in violation.evidence:
            if evidence.message_index == index:
                labels.update(x for x in (violation.taboo, violation.rule, evidence.phrase_id) if x)
    return labels
