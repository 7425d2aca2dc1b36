"""Plain-Python glue the rete and zen baselines share: what a rules engine leaves to its host.

Neither durable-rules nor zen-engine scans text or counts working days, and neither takes a
maximum over fired rules the way the playbook needs; these functions do that part, the same
way for both, so the two baselines differ only in how the rules themselves are matched.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from playbook.case import Case
from playbook.compile.compiled import CompiledPlaybook
from playbook.engine.facts import effective_fault, own_facts
from playbook.model.duration import Duration

CENT = Decimal("0.01")
CLOCKS = ("first_response", "resolution", "follow_up", "reply", "update")


def flat(name: str) -> str:
    """Fact names without dots, for engines that read dots as nesting."""
    return name.replace(".", "_")


def base_facts(pb: CompiledPlaybook, case: Case, now: datetime, hits: Sequence[Sequence[tuple[int, int, int]]]) -> dict[str, Any]:
    """The case's own facts (the engine's own_facts: reading a case is not rule matching),
    plus the said.* counts from this baseline's own scan."""
    facts = own_facts(pb, case, now, effective_fault(pb, case.fault))
    facts.update(pb.phrases.said_zero)
    phrases = pb.phrases.phrases
    for index, message_hits in enumerate(hits):
        role = case.transcript[index].role
        if message_hits and role != "system":
            for phrase_key, _start, _end in message_hits:
                name = f"said.{role}.{phrases[phrase_key].set_id}"
                facts[name] = facts.get(name, 0) + 1
    return facts


def jsonable(facts: dict[str, Any]) -> dict[str, Any]:
    """Flattened, JSON-typed facts (Decimal → float), unknowns left out."""
    out: dict[str, Any] = {}
    for name, value in facts.items():
        if value is None:
            continue
        out[flat(name)] = float(value) if isinstance(value, Decimal) else value
    return out


def now_of(case: Case) -> datetime:
    if case.evaluated_at is not None:
        return case.evaluated_at
    moments = [t for t in (case.received_at, case.first_response_at, case.resolved_at, case.followed_up_at,
                           *(m.at for m in case.transcript), *(h.at for h in case.handoffs)) if t is not None]
    return max(moments)


def detect_category(pb: CompiledPlaybook, case: Case, hits: Sequence[Sequence[tuple[int, int, int]]]) -> str | None:
    """Given, or the category with the most distinct keywords in the customer's words."""
    if case.category:
        return case.category
    transcript = case.transcript
    roles = ("customer",) if any(m.role == "customer" for m in transcript) else ("customer", "agent", "system")
    keyword_category = pb.phrases.keyword_category
    found: dict[str, list[int]] = {}
    for index, message_hits in enumerate(hits):
        if message_hits and transcript[index].role in roles:
            for key, _start, _end in message_hits:
                category = keyword_category.get(key)
                if category is not None:
                    found.setdefault(category, []).append(key)
    if not found:
        return None
    order = {c: i for i, c in enumerate(pb.categories)}
    return max(found, key=lambda c: (len(set(found[c])), len(found[c]), -order[c]))


def deadline(pb: CompiledPlaybook, start: datetime, duration: Duration) -> datetime:
    if duration.business:
        return pb.calendar.add(start, duration)
    return start + timedelta(seconds=duration.seconds)


def clocks(pb: CompiledPlaybook, case: Case, targets: dict[str, Duration], now: datetime) -> list[tuple[str, datetime, bool]]:
    """Due time and breach of each clock that has a target and a start."""
    first_done = case.first_response_at or next(
        (m.at for m in case.transcript if m.role == "agent" and m.at is not None), None)
    plan = (("first_response", case.received_at, first_done), ("resolution", case.received_at, case.resolved_at),
            ("follow_up", case.resolved_at, case.followed_up_at))
    out = []
    for name, start, done in plan:
        duration = targets.get(name)
        if duration is None or start is None:
            continue
        due = deadline(pb, start, duration)
        out.append((name, due, (done or now) > due))
    for name, gaps in (("reply", reply_gaps), ("update", update_gaps)):
        duration = targets.get(name)
        if duration is not None:
            worst = worst_wait(pb, gaps(case), duration, now)
            if worst is not None:
                out.append((name, *worst))
    return out


def reply_gaps(case: Case) -> list[tuple[datetime, datetime | None]]:
    """Each run of customer messages waits until the next agent message, or until the
    resolution when that comes first (resolving answers every wait); ``None``: still waiting."""
    resolved = case.resolved_at
    gaps: list[tuple[datetime, datetime | None]] = []
    waiting = None
    for message in case.transcript:
        at = message.at
        if at is None:
            continue
        if message.role == "customer":
            if waiting is None and (resolved is None or at < resolved):
                waiting = at
        elif message.role == "agent" and waiting is not None:
            gaps.append((waiting, at if resolved is None or at < resolved else resolved))
            waiting = None
    if waiting is not None:
        gaps.append((waiting, resolved))
    return gaps


def update_gaps(case: Case) -> list[tuple[datetime, datetime | None]]:
    """The silences of an open case: from received (or the first message), then from each
    agent message, to the next agent message; the last lasts until the resolution or now."""
    resolved = case.resolved_at
    start = case.received_at
    if start is None:
        start = min((m.at for m in case.transcript if m.at is not None), default=None)
        if start is None:
            return []
    gaps: list[tuple[datetime, datetime | None]] = []
    for at in sorted(m.at for m in case.transcript if m.role == "agent" and m.at is not None):
        if at <= start:
            continue
        if resolved is not None and at > resolved:
            break
        gaps.append((start, at))
        start = at
    if resolved is None or resolved > start:
        gaps.append((start, resolved))
    return gaps


def worst_wait(pb: CompiledPlaybook, gaps: list[tuple[datetime, datetime | None]], duration: Duration,
               now: datetime) -> tuple[datetime, bool] | None:
    """(due, breached) of the wait that overran its target most, the first of equals."""
    best: tuple[int, datetime] | None = None
    for start, end in gaps:
        due = deadline(pb, start, duration)
        overdue = int(((end or now) - due).total_seconds())
        if best is None or overdue > best[0]:
            best = (overdue, due)
    return None if best is None else (best[1], best[0] > 0)


def compensation(pb: CompiledPlaybook, case: Case, cell: tuple[Any, Any, str | None] | None) -> tuple:
    """(fault, tier, cap, exceeds, approver) from the cell the engine found: (amount, multiple, approver)."""
    fault = case.fault if case.fault in pb.faults else ("unknown" if "unknown" in pb.faults else pb.faults[-1])
    tier = case.customer.tier if case.customer.tier in pb.tiers else pb.tiers[-1]
    amount = case.proposal.amount if case.proposal else None
    if cell is None:
        return (fault, tier, None, False, None)
    cap_amount, multiple, floor_level = cell
    order = case.customer.order_amount
    caps = [Decimal(str(cap_amount))] if cap_amount is not None else []
    if multiple is not None and order is not None:
        caps.append((Decimal(str(multiple)) * order).quantize(CENT))
    cap = min(caps) if caps else None
    exceeds = amount is not None and cap is not None and amount > cap
    approver = None
    if exceeds and amount is not None:
        offered = amount
        floor_rank = next((lv.rank for lv in pb.levels if lv.id == floor_level), 0)
        approver = next((lv.id for lv in pb.levels if lv.rank >= floor_rank
                         and (lv.authority is None or lv.authority >= offered)), floor_level)
    return (fault, tier, cap, exceeds, approver)


def escalation(pb: CompiledPlaybook, case: Case, fired: Iterable[tuple[str, str, Duration | None]], now: datetime) -> tuple:
    """(level, by, trigger ids) from fired triggers given as (id, level or 'by_authority', within)."""
    amount = case.proposal.amount if case.proposal else None
    asks = []
    for trigger_id, level_id, within in fired:
        if level_id == "by_authority":
            if amount is None:
                continue
            rank = next((lv.rank for lv in pb.levels if lv.authority is None or lv.authority >= amount), None)
            if rank is None:
                continue
        else:
            rank = next(lv.rank for lv in pb.levels if lv.id == level_id)
        asks.append((rank, within, trigger_id))
    rank = max((a[0] for a in asks), default=0)
    by = None
    if rank:
        withins = [a[1] for a in asks if a[0] == rank and a[1] is not None]
        within = min(withins, key=lambda d: d.seconds) if withins else pb.levels[rank].take_over_within
        if within is not None:
            by = deadline(pb, now, within)
    return (pb.levels[rank].id, by, tuple(a[2] for a in asks))
