"""Impact reports: the counts first, then each changed case with before → after."""

from __future__ import annotations

import json
from typing import Any, TextIO

from playbook.output_version import versioned
from playbook.reporting import Reporters

from .compare import CaseChange
from .run import Impact

KIND_LABELS = (
    ("violations", "violations changed"),
    ("cap", "cap changed"),
    ("escalation", "escalation changed"),
    ("severity", "severity changed"),
    ("priority", "priority changed"),
    ("category", "category changed"),
)


def summary(impact: Impact) -> dict[str, Any]:
    kinds = impact.kind_counts()
    return {
        "cases": impact.cases,
        "changed": impact.changed,
        "unchanged": impact.cases - impact.changed,
        **{kind: kinds.get(kind, 0) for kind, _ in KIND_LABELS},
        "taboos": impact.taboo_counts(),
    }


def render_json(impact: Impact, stream: TextIO, old: str, new: str) -> None:
    document = versioned({"old": old, "new": new, "summary": summary(impact),
                          "cases": [change.to_dict() for change in impact.changes]})
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def render_text(impact: Impact, stream: TextIO, old: str, new: str) -> None:
    counts = summary(impact)
    stream.write(f"{old} → {new}\n")
    stream.write(f"{counts['cases']} cases evaluated, {counts['changed']} changed, {counts['unchanged']} unchanged\n")
    for kind, label in KIND_LABELS:
        if counts[kind]:
            stream.write(f"  {label}: {counts[kind]}\n")
    stream.writelines(f"  {taboo}: gained in {moved['gained']}, lost in {moved['lost']}\n" for taboo, moved in counts["taboos"].items())
    stream.writelines("\n" + _case(change) for change in impact.changes)


def reporters(old: str, new: str) -> Reporters[Impact]:
    """The output formats of an impact report between playbooks named ``old`` and ``new``, text first."""
    return Reporters({
        "text": lambda impact, stream: render_text(impact, stream, old, new),
        "json": lambda impact, stream: render_json(impact, stream, old, new),
    })


def _case(change: CaseChange) -> str:
    b, a = change.before, change.after
    lines = [f"case {change.case_id}"]
    gained, lost = change.phrase_changes()
    for taboo, rule in change.gained:
        lines.append(f"  + {rule}  ({_count(b, taboo, rule)} → {_count(a, taboo, rule)})")
        lines.extend(_hits("+", rule, gained))
    for taboo, rule in change.lost:
        lines.append(f"  - {rule}  ({_count(b, taboo, rule)} → {_count(a, taboo, rule)})")
        lines.extend(_hits("-", rule, lost))
    if "cap" in change.kinds:
        line = f"  cap: {_money(b.cap)} → {_money(a.cap)}"
        if b.exceeds_cap != a.exceeds_cap:
            line += f" (offer {'over' if a.exceeds_cap else 'within'} the cap now)"
        lines.append(line)
    if "escalation" in change.kinds:
        lines.append(f"  escalation: {b.escalation_text()} → {a.escalation_text()}")
    for name in ("severity", "priority", "category"):
        if name in change.kinds:
            lines.append(f"  {name}: {getattr(b, name) or '—'} → {getattr(a, name) or '—'}")
    return "\n".join(lines) + "\n"


def _count(outcome: Any, taboo: str, rule: str) -> int:
    return int(outcome.rule_counts().get((taboo, rule), 0))


def _money(value: object) -> str:
    return "none" if value is None else str(value)


def _hits(sign: str, rule: str, hits: list[tuple[str, str, str, str]]) -> list[str]:
    """The phrase hits behind one rule's change: ``+ phrase not_our_department “不归我们门店管” at file:line``."""
    return [f"      {sign} phrase {phrase} “{text}”" + (f" at {source}" if source else "")
            for hit_rule, phrase, text, source in hits if hit_rule == rule]
