"""Checking an :class:`~playbook.testing.model.Expect` against a decision.

Convenience keys (``taboos``, ``cap``, ``escalation_level``…) are answered from the
:class:`~playbook.decision.Decision` directly, with the actual value summarised the way the
writer wrote the expectation (taboo ids, not whole violation objects), so a failure reads
as "expected formulaic_handling, got blame_shifting". Every other key is a subset of the
decision's JSON (:mod:`playbook.testing.match`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from playbook.decision import Decision, Violation
from playbook.errors import Span

from .match import subset_mismatches
from .model import Expect, Flag, TabooRef
from .results import Mismatch

Locate = Callable[[str], "Span | None"]
"""The span of one expectation key in the test file."""


@dataclass(frozen=True, slots=True)
class TabooNames:
    """Taboo numbers of the playbook under test, so tests may say ``7`` for the seventh taboo."""

    by_number: Mapping[int, str]

    def resolve(self, ref: TabooRef) -> str:
        if isinstance(ref, int):
            return self.by_number.get(ref, f"#{ref}")
        return ref


def check_expect(
    expect: Expect, decision: Decision, names: TabooNames, locate: Locate, written: list[str] | None = None
) -> list[Mismatch]:
    """Every mismatch between ``expect`` and ``decision``, in the order the keys were ``written``."""
    data = decision.model_dump(mode="json")
    out: list[Mismatch] = []
    for key in expect.given(written):
        value = getattr(expect, key)
        span = locate(key)
        handler = _CONVENIENCE.get(key)
        if handler is not None:
            found = handler(value, decision, names)
        elif key == "decision":
            found = subset_mismatches(value, data, "decision")
        else:
            found = subset_mismatches(value, data.get(key), key)
        out.extend(_at(m, span) for m in found)
    return out


def _at(mismatch: Mismatch, span: Span | None) -> Mismatch:
    if mismatch.span is not None or span is None:
        return mismatch
    return Mismatch(mismatch.what, mismatch.expected, mismatch.actual, span, mismatch.note)


def violated_taboos(decision: Decision) -> list[str]:
    """Taboo ids of the violations, each once, in decision order."""
    return list(dict.fromkeys(v.taboo or v.rule for v in decision.violations))


def evidence_phrases(decision: Decision) -> list[str]:
    return list(dict.fromkeys(e.phrase_id for v in decision.violations for e in v.evidence))


def _taboos(value: list[TabooRef], decision: Decision, names: TabooNames) -> list[Mismatch]:
    actual = violated_taboos(decision)
    missing = [names.resolve(ref) for ref in value if names.resolve(ref) not in actual]
    if not missing:
        return []
    return [Mismatch("taboos", [names.resolve(r) for r in value], actual, note="not violated: " + ", ".join(missing))]


def _no_taboos(value: list[TabooRef], decision: Decision, names: TabooNames) -> list[Mismatch]:
    actual = violated_taboos(decision)
    present = [names.resolve(ref) for ref in value if names.resolve(ref) in actual]
    if not present:
        return []
    details = [_describe(v) for v in decision.violations if v.taboo in present]
    return [Mismatch("no_taboos", [names.resolve(r) for r in value], details, note="violated: " + ", ".join(present))]


def _only_taboos(value: list[TabooRef], decision: Decision, names: TabooNames) -> list[Mismatch]:
    want = sorted({names.resolve(r) for r in value})
    got = sorted(set(violated_taboos(decision)))
    if want == got:
        return []
    return [Mismatch("only_taboos", want, [_describe(v) for v in decision.violations])]


def _phrases(value: list[str], decision: Decision, names: TabooNames) -> list[Mismatch]:
    actual = evidence_phrases(decision)
    missing = [p for p in value if p not in actual]
    if not missing:
        return []
    return [Mismatch("phrases", value, actual, note="not found: " + ", ".join(missing))]


def _no_phrases(value: list[str], decision: Decision, names: TabooNames) -> list[Mismatch]:
    actual = evidence_phrases(decision)
    present = [p for p in value if p in actual]
    if not present:
        return []
    return [Mismatch("no_phrases", value, actual, note="found: " + ", ".join(present))]


def _flagged(value: list[Flag], decision: Decision, names: TabooNames) -> list[Mismatch]:
    out = []
    for index, flag in enumerate(value):
        if not any(_flag_matches(flag, v, names) for v in decision.violations):
            want = {k: getattr(flag, k) for k in type(flag).model_fields if k in flag.model_fields_set}
            out.append(Mismatch(f"flagged[{index}]", want, [_describe(v) for v in decision.violations],
                                note="no violation matches"))
    return out


def _flag_matches(flag: Flag, violation: Violation, names: TabooNames) -> bool:
    if flag.taboo is not None and violation.taboo != names.resolve(flag.taboo):
        return False
    if flag.rule is not None and violation.rule != flag.rule:
        return False
    if flag.severity is not None and violation.severity != flag.severity:
        return False
    wants_evidence = flag.phrase is not None or flag.message_index is not None or flag.text is not None
    if not wants_evidence:
        return True
    for evidence in violation.evidence:
        if flag.phrase is not None and evidence.phrase_id != flag.phrase:
            continue
        if flag.message_index is not None and evidence.message_index != flag.message_index:
            continue
        if flag.text is not None and flag.text not in evidence.text:
            continue
        return True
    return False


def _escalation_level(value: str, decision: Decision, names: TabooNames) -> list[Mismatch]:
    actual = decision.escalation.level
    return [] if actual == value else [Mismatch("escalation_level", value, actual)]


def _escalate(value: bool, decision: Decision, names: TabooNames) -> list[Mismatch]:
    actual = decision.escalation.required
    if actual == value:
        return []
    why = ", ".join(f"{t.id} → {t.level}" for t in decision.escalation.triggers) or None
    return [Mismatch("escalate", value, actual, note=f"triggers: {why}" if why else None)]


def _cap(value: Any, decision: Decision, names: TabooNames) -> list[Mismatch]:
    compensation = decision.compensation
    actual = None if compensation is None or compensation.cap is None else str(compensation.cap)
    found = subset_mismatches(value, actual, "cap")
    if found and compensation is not None:
        return [Mismatch("cap", value, actual, note=f"basis: {compensation.cap_basis}")]
    return found


def _category(value: Any, decision: Decision, names: TabooNames) -> list[Mismatch]:
    if isinstance(value, dict):
        return subset_mismatches(value, decision.category.model_dump(mode="json"), "category")
    actual = decision.category.id
    if value == actual:
        return []
    keywords = sorted({k.keyword for k in decision.category.matched_keywords})
    return [Mismatch("category", value, actual, note=f"{decision.category.source}" + (
        f" from {', '.join(keywords)}" if keywords else ""))]


def _plain(field: str) -> Callable[[Any, Decision, TabooNames], list[Mismatch]]:
    def check(value: Any, decision: Decision, names: TabooNames) -> list[Mismatch]:
        actual = getattr(decision, field)
        return [] if value == actual else [Mismatch(field, value, actual)]

    return check


def _violations(value: Any, decision: Decision, names: TabooNames) -> list[Mismatch]:
    if value == []:
        if not decision.violations:
            return []
        return [Mismatch("violations", [], [_describe(v) for v in decision.violations], note="expected none")]
    return subset_mismatches(value, decision.model_dump(mode="json")["violations"], "violations")


def _describe(violation: Violation) -> str:
    """One line per violation: ``taboo/check @msg N “text” [phrase]``."""
    text = violation.rule
    for evidence in violation.evidence[:3]:
        text += f" @msg {evidence.message_index} “{evidence.text}” [{evidence.phrase_id}]"
    if not violation.evidence and violation.facts:
        text += " " + ", ".join(f"{k}={v}" for k, v in violation.facts.items())
    return text


_CONVENIENCE: Mapping[str, Callable[[Any, Decision, TabooNames], list[Mismatch]]] = MappingProxyType({
    "taboos": _taboos,
    "no_taboos": _no_taboos,
    "only_taboos": _only_taboos,
    "phrases": _phrases,
    "no_phrases": _no_phrases,
    "flagged": _flagged,
    "escalation_level": _escalation_level,
    "escalate": _escalate,
    "cap": _cap,
    "category": _category,
    "severity": _plain("severity"),
    "priority": _plain("priority"),
    "violations": _violations,
})
