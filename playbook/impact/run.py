"""Evaluating a corpus of cases under two versions of a playbook and collecting the changes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from typing import NamedTuple

from playbook.api import Playbook
from playbook.case import Case
from playbook.case.io import CaseLine, case_from_line
from playbook.errors import CaseError, Diagnostic
from playbook.source.limits import Limits

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


class Unread(NamedTuple):
    """A JSON Lines row that is no case: its diagnostics (none for a blank row)."""

    diagnostics: tuple[Diagnostic, ...]


def compare_case(pair: tuple[Playbook, Playbook], item: Case | CaseLine, moment: datetime,
                 limits: Limits | None = None) -> CaseChange | Unread | None:
    """What changed for one case between ``pair = (old, new)``; ``None`` when nothing did.

    A JSON Lines row is parsed here, in the worker that decides it (see
    :class:`playbook.case.io.CaseLine`), bounded by ``limits`` and refused when either
    playbook cannot decide it."""
    old, new = pair
    if isinstance(item, Case):
        case = item
    else:
        def check(case: Case) -> None:
            old.check_case(case)
            new.check_case(case)

        try:
            parsed = case_from_line(item, limits, check)
        except CaseError as error:
            return Unread(error.diagnostics)
        if parsed is None:
            return Unread(())
        case = parsed
    if not _has_time(case):
        case = case.model_copy(update={"evaluated_at": moment})
    return compare(case.id, Outcome.of(old.evaluate(case)), Outcome.of(new.evaluate(case)))


def impact(old: Playbook, new: Playbook, cases: Iterable[Case | CaseLine], now: datetime | None = None,
           jobs: int | None = 1, inline_up_to: int = 0,
           on_reject: Callable[[CaseError], None] | None = None, limits: Limits | None = None) -> Impact:
    """Evaluate each case under both playbooks and keep the cases whose decision changed.

    A case with no time in it is evaluated "now"; both versions then get the same "now",
    so the clock cannot make a difference that the policy did not. A JSON Lines row
    (:class:`~playbook.case.io.CaseLine`) that is not a case goes to ``on_reject``
    (without it, raises its :class:`CaseError`); a blank one is skipped; ``limits`` bound
    the rows as :func:`playbook.case.io.read_cases` does. ``jobs`` worker
    processes share the cases (see :func:`playbook.parallel.ordered_map`); the changes
    come out in the cases' order whatever their number.
    """
    from playbook.parallel import ordered_map

    moment = now or datetime.now(timezone.utc)
    result = Impact()
    changes = ordered_map(partial(compare_case, moment=moment, limits=limits), cases, playbook=(old, new),
                          jobs=jobs, inline_up_to=inline_up_to)
    for change in changes:
        if isinstance(change, Unread):
            if change.diagnostics:
                error = CaseError(list(change.diagnostics))
                if on_reject is None:
                    raise error
                on_reject(error)
            continue
        result.cases += 1
        if change is not None:
            result.changes.append(change)
    return result
