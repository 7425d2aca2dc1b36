"""Careless promises: no date, beyond the agent's authority, or overdue and unkept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from playbook.decision import Violation
from playbook.model import taboos as src

from .base import CheckHead, CompiledCheck
from .kind import CheckKind, CheckMessage, PhraseSets

if TYPE_CHECKING:
    from .base import CheckContext

_DATE_LIKE = re.compile(
    r"[0-9\uff10-\uff19]|[一二三两兩四五六七八九十半]+\s*个?個?\s*(?:小时|小時|工作日|天|日|号|號|周|週|星期|月|分钟|分鐘)"
)
"""A digit, or a Chinese numeral with a time unit (三天, 两个工作日), counts as a date."""


@dataclass(frozen=True, slots=True)
class PromisesCheck(CompiledCheck):
    head: CheckHead
    promise_keys: frozenset[int]
    date_keys: frozenset[int]
    date_required: bool
    authority: bool
    overdue: bool

    def run(self, ev: CheckContext) -> list[Violation]:
        out: list[Violation] = []
        if self.date_required:
            out.extend(self._undated(ev))
        if self.authority:
            out.extend(self._over_authority(ev))
        if self.overdue:
            out.extend(self._overdue(ev))
        return out

    def _undated(self, ev: CheckContext) -> list[Violation]:
        """One violation per agent message that promises without a date, citing every promise in it."""
        by_message: dict[int, list[Any]] = {}
        for index, hit in ev.agent_hits(self.promise_keys):
            by_message.setdefault(index, []).append(hit)
        out: list[Violation] = []
        transcript = ev.case.transcript
        for index, hits in by_message.items():
            if any(h.key in self.date_keys for h in ev.hits[index]) or _DATE_LIKE.search(transcript[index].text):
                continue
            evidence = [ev.evidence(index, hit) for hit in hits]
            out.append(self.head.violation(ev, "promise_no_date", evidence=evidence, text=hits[0].matched))
        return out

    def _over_authority(self, ev: CheckContext) -> list[Violation]:
        comp = ev.compensation
        proposal = ev.case.proposal
        if comp is None or proposal is None or not comp.exceeds_cap:
            return []
        if ev.facts.get("proposal.approved"):
            return []
        approved = proposal.approved_by
        facts = {
            "proposal.amount": str(proposal.amount),
            "cap": str(comp.cap),
            "approver": comp.approver,
            "approved_by": approved,
        }
        approver = ev.level(comp.approver) if comp.approver else None
        return [
            self.head.violation(
                ev, "promise_over_authority", facts=facts,
                amount=proposal.amount, cap=comp.cap, approver=approver.label if approver else "?",
            )
        ]

    def _overdue(self, ev: CheckContext) -> list[Violation]:
        proposal = ev.case.proposal
        if proposal is None or proposal.promised_by is None:
            return []
        due = proposal.promised_by
        if due.tzinfo is None:
            due = due.replace(tzinfo=ev.now.tzinfo)
        resolved = ev.case.resolved_at
        if resolved is not None:
            if resolved.tzinfo is None:
                resolved = resolved.replace(tzinfo=ev.now.tzinfo)
            if resolved <= due:
                return []
        elif ev.now <= due:
            return []
        facts = {"promised_by": due.isoformat(), "resolved_at": resolved.isoformat() if resolved else None}
        return [self.head.violation(ev, "promise_overdue", facts=facts, promised_by=due.strftime("%Y-%m-%d %H:%M"))]


def _build(c: src.PromisesCheck, head: CheckHead, sets: PhraseSets) -> PromisesCheck:
    return PromisesCheck(
        head, sets.keys(c.promise_phrases), sets.keys(c.date_phrases), c.date_required, c.authority, c.overdue,
    )


KIND = CheckKind(
    src.PromisesCheck, _build,
    messages=(
        CheckMessage("promise_no_date", "a promise with no date: '{text}'", ("text",)),
        CheckMessage(
            "promise_over_authority", "offered {amount} over the cap of {cap} without approval from {approver}",
            ("amount", "cap", "approver"),
        ),
        CheckMessage("promise_overdue", "promised by {promised_by} and still unresolved", ("promised_by",)),
    ),
    phrase_fields=("promise_phrases", "date_phrases"), summary_fields=("promise_phrases", "date_phrases"),
)
