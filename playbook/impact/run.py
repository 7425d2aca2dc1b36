"""Evaluating a corpus of cases under two versions of a playbook and collecting the changes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial

from playbook.api import Playbook
from playbook.case import Case

from .compare import CaseChange, compare
from .outcome import Outcome


@dataclass(slots=True)
class Impact:
    """The changes, and the counts that come first in every report."""

    cases: int = 0
    changes: list[CaseChange] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return len(self.changes)

    def kind_counts(self) -> Counter[str]:
        return Counter(kind for change in self.changes for kind in change.kinds)

    def taboo_counts(self) -> dict[str, dict[str, int]]:
        """Per taboo: in how many cases it is gained and in how many lost."""
        gained = Counter(t for c in self.changes for t in c.gained_taboos)
        lost = Counter(t for c in self.changes for t in c.lost_taboos)
        return {t: {"gained": gained.get(t, 0), "lost": lost.get(t, 0)} for t in sorted(set(gained) | set(lost))}


def _has_time(case: Case) -> bool:
    return any(
        moment is not None
        for moment in (case.evaluated_at, case.received_at, case.first_response_at, case.resolved_at,
                       case.followed_up_at, *(m.at for m in case.transcript), *(h.at for h in case.handoffs))
    )


def compare_case(pair: tuple[Playbook, Playbook], case: Case, moment: datetime) -> CaseChange | None:
    """What changed for one case between ``pair = (old, new)``; ``None`` when nothing did."""
    old, new = pair
    if not _has_time(case):
        case = case.model_copy(update={"evaluated_at": moment})
    return compare(case.id, Outcome.of(old.evaluate(case)), Outcome.of(new.evaluate(case)))


def impact(old: Playbook, new: Playbook, cases: Iterable[Case], now: datetime | None = None,
           jobs: int | None = 1, inline_up_to: int = 0) -> Impact:
    """Evaluate each case under both playbooks and keep the cases whose decision changed.

    A case with no time in it is evaluated "now"; both versions then get the same "now",
    so the clock cannot make a difference that the policy did not. ``jobs`` worker
    processes share the cases (see :func:`playbook.parallel.ordered_map`); the changes
    come out in the cases' order whatever their number.
    """
    from playbook.parallel import ordered_map

    moment = now or datetime.now(timezone.utc)
    result = Impact()
    changes = ordered_map(partial(compare_case, moment=moment), cases, playbook=(old, new),
                          jobs=jobs, inline_up_to=inline_up_to)
    for change in changes:
        result.cases += 1
        if change is not None:
            result.changes.append(change)
    return result
