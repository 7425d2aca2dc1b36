"""What changed for one case between the old and the new playbook."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from .outcome import Outcome


@dataclass(frozen=True, slots=True)
class CaseChange:
    """The differences in one case's decision; ``kinds`` names them for counting."""

    case_id: str
    before: Outcome
    after: Outcome
    gained: tuple[tuple[str, str], ...]  # (taboo, rule) with more violations than before
    lost: tuple[tuple[str, str], ...]  # (taboo, rule) with fewer
    kinds: tuple[str, ...]

    def phrase_changes(self) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str, str, str]]]:
        """The phrase hits (rule, phrase id, matched text, where written) the new playbook adds, and
        those it no longer has: which phrase caused each change of the violations."""
        before, after = Counter(self.before.hits), Counter(self.after.hits)
        return sorted((after - before).elements()), sorted((before - after).elements())

    @property
    def gained_taboos(self) -> tuple[str, ...]:
        return tuple(sorted({taboo for taboo, _ in self.gained}))

    @property
    def lost_taboos(self) -> tuple[str, ...]:
        return tuple(sorted({taboo for taboo, _ in self.lost}))

    def to_dict(self) -> dict[str, Any]:
        b, a = self.before, self.after
        out: dict[str, Any] = {"case_id": self.case_id, "changes": list(self.kinds)}
        if self.gained or self.lost:
            out["violations"] = {
                "gained": [f"{rule}" for _, rule in self.gained],
                "lost": [f"{rule}" for _, rule in self.lost],
                "before": [[taboo, rule, n] for taboo, rule, n in b.violations],
                "after": [[taboo, rule, n] for taboo, rule, n in a.violations],
            }
            gained, lost = self.phrase_changes()
            if gained or lost:
                out["violations"]["phrases"] = {
                    "gained": [_hit(h) for h in gained], "lost": [_hit(h) for h in lost]}
        if "cap" in self.kinds:
            out["cap"] = {"before": _money(b.cap), "after": _money(a.cap),
                          "exceeds_before": b.exceeds_cap, "exceeds_after": a.exceeds_cap}
        if "escalation" in self.kinds:
            out["escalation"] = {
                "before": {"level": b.escalation_level, "required": b.escalation_required},
                "after": {"level": a.escalation_level, "required": a.escalation_required},
            }
        for name in ("severity", "priority", "category"):
            if name in self.kinds:
                out[name] = {"before": getattr(b, name), "after": getattr(a, name)}
        return out


def compare(case_id: str, before: Outcome, after: Outcome) -> CaseChange | None:
    """The change, or None when the two decisions agree on everything compared."""
    if before == after:
        return None
    old, new = before.rule_counts(), after.rule_counts()
    gained = tuple(sorted(key for key in new if new[key] > old.get(key, 0)))
    lost = tuple(sorted(key for key in old if old[key] > new.get(key, 0)))
    kinds = []
    if gained or lost:
        kinds.append("violations")
    if before.cap != after.cap or before.exceeds_cap != after.exceeds_cap:
        kinds.append("cap")
    if (before.escalation_level, before.escalation_required) != (after.escalation_level, after.escalation_required):
        kinds.append("escalation")
    for name in ("severity", "priority", "category"):
        if getattr(before, name) != getattr(after, name):
            kinds.append(name)
    return CaseChange(case_id, before, after, gained, lost, tuple(kinds))


def _money(value: object) -> str | None:
    return None if value is None else str(value)


def _hit(hit: tuple[str, str, str, str]) -> dict[str, str | None]:
    rule, phrase, text, source = hit
    return {"rule": rule, "phrase": phrase, "text": text, "source": source or None}
