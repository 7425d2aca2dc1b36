"""The floor: the playbook's decisions as straight-line Python generated from the compiled
playbook, plus one multi-pattern scan of the raw text.

Nothing here is general: no predicate objects, no trace hooks, no pydantic output, no
normalisation; the result is a plain tuple. It is what a programmer would write by hand for
this one playbook, so the engine's cost above it is the price of being an engine. The code is
generated once at setup and ``exec``-ed into a private namespace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from evaluate_codegen import ConstantPool, contains, expression, number
from evaluate_scan import Scanner, build_scanner, literal_patterns

from playbook.api import Playbook
from playbook.case import Case
from playbook.checks.fact import FactCheck
from playbook.checks.handoffs import HandoffsCheck, returns, route
from playbook.checks.phrases import PhrasesCheck
from playbook.checks.promises import _DATE_LIKE, PromisesCheck
from playbook.checks.refusal import RefusalCheck
from playbook.checks.required import RequiredPhrasesCheck
from playbook.checks.sla import SlaCheck
from playbook.compile.compiled import CompiledPlaybook
from playbook.engine.delivery import days_late
from playbook.model.common import SEVERITY_ORDER

FloorDecision = tuple  # (category, severity, priority, sla, compensation, escalation, violations)

_CASE_FACTS = {
    "fault": "case.fault",
    "customer.tier": "customer.tier",
    "customer.order_amount": "customer.order_amount",
    "reaction": "case.reaction",
    "channel": "case.channel",
    "harm.physical": "case.harm.physical",
    "harm.emotional": "case.harm.emotional",
    "harm.economic": "case.harm.economic",
    "handoffs.count": "len(case.handoffs)",
    "handoffs.returns": "(len(_returns(_route(case.handoffs))) if case.handoffs else 0)",
    "previous_complaints": "case.previous_complaints",
    "can_solve": "case.can_solve",
    "resolved": "(case.resolved_at is not None)",
    "proposal.remedy": "(proposal.remedy if proposal else None)",
    "proposal.amount": "(proposal.amount if proposal else None)",
    "proposal.has_date": "bool(proposal and proposal.promised_by)",
    "proposal.approved_by": "(proposal.approved_by if proposal else None)",
    "proposal.approved": "_approved(proposal)",
    "fault.apology_required": "(fault in APOLOGY_FAULTS)",
    "delivery.days_late": "_days_late(case.delivery, now)",
    "delivery.force_majeure": "(case.delivery.force_majeure if case.delivery else None)",
    "transcript.agent_messages": "agent_count",
    "transcript.customer_messages": "(len(transcript) - agent_count)",
    "record.missing": "sum(1 for r in REQUIRED_RECORD if case.record.get(r) in (None, ''))",
}
_STAGE_FACTS = {
    "category", "severity", "priority", "sla.breached", "sla.first_response.breached",
    "sla.resolution.breached", "sla.follow_up.breached", "sla.reply.breached", "sla.update.breached",
    "proposal.exceeds_cap", "proposal.over_authority",
    "escalation.level", "escalation.required",
}
CLOCKS = ("first_response", "resolution", "follow_up", "reply", "update")


@dataclass(frozen=True)
class Floor:
    """The generated decision function and the scanner it is fed by."""

    source: str
    scanner_name: str
    decide_text: Callable[[Case, list], FloorDecision]
    scan: Scanner

    def __call__(self, case: Case) -> FloorDecision:
        return self.decide_text(case, self.scan([m.text for m in case.transcript]))


def build_floor(playbook: Playbook, to_traditional: Callable[[str], str], prefer: str = "hyperscan") -> Floor:
    """Generate, compile and return the floor for ``playbook``."""
    pb = playbook.compiled
    pool = ConstantPool()
    source = _Generator(pb, pool).module()
    decide = _load(source, "decide", pb, pool)
    name, scan = floor_scanner(playbook, to_traditional, prefer)
    return Floor(source=source, scanner_name=name, decide_text=decide, scan=scan)


def floor_scanner(playbook: Playbook, to_traditional: Callable[[str], str], prefer: str = "hyperscan") -> tuple[str, Scanner]:
    """The floor's one-scan matcher over the playbook's literal phrases."""
    phrases = [(p.key, p.text) for p in playbook.compiled.phrases.phrases]
    return build_scanner(literal_patterns(phrases, to_traditional), prefer)


def build_text_checks(playbook: Playbook) -> Callable[..., list]:
    """The generated taboo checks alone, gated by a set of open gate ids (for rete and zen)."""
    pool = ConstantPool()
    source = _Generator(playbook.compiled, pool).text_module()
    return _load(source, "text_checks", playbook.compiled, pool)


def _load(source: str, name: str, pb: CompiledPlaybook, pool: ConstantPool) -> Callable[..., Any]:
    namespace: dict[str, Any] = dict(pool.values)
    namespace.update(_runtime(pb))
    exec(compile(source, f"<generated {name} {pb.id}>", "exec"), namespace)
    return namespace[name]


def _runtime(pb: CompiledPlaybook) -> dict[str, Any]:
    """Functions and tables the generated module reads as globals."""
    levels = pb.levels
    def approved(proposal: Any) -> bool:
        if proposal is None or proposal.approved_by is None:
            return False
        level = pb.level(proposal.approved_by)
        if level is None:
            return False
        return level.authority is None or proposal.amount is None or level.authority >= proposal.amount

    return {
        "_approved": approved, "_days_late": lambda delivery, now: days_late(delivery, now, pb.calendar.zone),
        "APOLOGY_FAULTS": pb.apology_faults,
        "_number": number, "_contains": contains, "_returns": returns, "_route": route,
        "_DATE_LIKE": _DATE_LIKE, "datetime": datetime, "timedelta": timedelta,
        "ZONE": pb.calendar.zone, "CAL_ADD": pb.calendar.add,
        "REQUIRED_RECORD": tuple(r.id for r in pb.record_fields if r.required),
        "FAULTS": frozenset(pb.faults),
        "DEFAULT_FAULT": "unknown" if "unknown" in pb.faults else pb.faults[-1],
        "TIERS": frozenset(pb.tiers), "LOWEST_TIER": pb.tiers[-1],
        "LIMITS": {cell: (lim.amount, lim.order_multiple, lim.approver, lim.remedies) for cell, lim in pb.limits.items()},
        "LEVELS": tuple((lv.id, lv.rank, lv.authority) for lv in levels),
        "LEVEL_RANK": {lv.id: lv.rank for lv in levels},
        "TAKE_OVER": tuple(lv.take_over_within for lv in levels),
        "FRONT_AUTHORITY": levels[0].authority,
        "CATEGORY_SEVERITY": {c.id: SEVERITY_ORDER[c.severity] for c in pb.categories.values()},
        "CATEGORY_ORDER": {c: i for i, c in enumerate(pb.categories)},
        "KEYWORD_CATEGORY": dict(pb.phrases.keyword_category),
        "SEVERITY_NAMES": {rank: name for name, rank in SEVERITY_ORDER.items()},
        "MEDIUM": SEVERITY_ORDER["medium"],
        "CENT": Decimal("0.01"),
    }


class _Generator:
    """Writes the ``decide(case, hits)`` function, one block per stage."""

    def __init__(self, pb: CompiledPlaybook, pool: ConstantPool):
        self.pb = pb
        self.pool = pool
        self.lines: list[str] = []

    def emit(self, line: str, depth: int = 1) -> None:
        self.lines.append("    " * depth + line)

    def cond(self, predicate: Any) -> str:
        return expression(predicate, self.pool)

    def duration(self, duration: Any) -> str:
        """A deadline expression builder: plain timedelta for wall-clock units."""
        if duration.business:
            return self.pool.name(duration, "D")
        return self.pool.name(timedelta(seconds=duration.seconds), "T")

    def add(self, start: str, duration: Any) -> str:
        name = self.duration(duration)
        return f"CAL_ADD({start}, {name})" if duration.business else f"({start} + {name})"

    def module(self) -> str:
        self.lines = ["def decide(case, hits):"]
        self.facts()
        self.category()
        self.severity_and_priority()
        self.sla()
        self.compensation()
        self.escalation()
        self.taboos()
        self.emit("return (category, severity, priority, clocks, compensation, escalation, violations)")
        return "\n".join(self.lines) + "\n"

    def used_facts(self) -> set[str]:
        pb = self.pb
        predicates = [r.predicate for r in pb.severity_rules + pb.priorities]
        predicates += [r.predicate for r in pb.sla_rules] + [t.predicate for t in pb.triggers]
        predicates += [c.head.predicate for t in pb.taboos for c in t.checks]
        return {fact for p in predicates for fact in p.facts_used()}

    def facts(self) -> None:
        """Only the facts some condition reads, each computed inline from the case."""
        self.emit("transcript = case.transcript")
        self.emit("customer = case.customer")
        self.emit("proposal = case.proposal")
        self.emit("fault = case.fault if case.fault in FAULTS else DEFAULT_FAULT")
        self.emit("agent_count = sum(1 for m in transcript if m.role == 'agent')")
        self.emit("now = case.evaluated_at")
        self.emit("if now is None:")
        self.emit("moments = [t for t in (case.received_at, case.first_response_at, case.resolved_at, "
                  "case.followed_up_at, *(m.at for m in transcript), *(h.at for h in case.handoffs)) if t is not None]", 2)
        self.emit("now = max(moments) if moments else datetime.now(ZONE)", 2)
        items = []
        for fact in sorted(self.used_facts() - _STAGE_FACTS):
            if fact in _CASE_FACTS:
                items.append(f"{fact!r}: {_CASE_FACTS[fact]}")
            elif fact.startswith("record."):
                items.append(f"{fact!r}: case.record.get({fact[7:]!r})")
            elif fact.startswith("facts."):
                items.append(f"{fact!r}: case.facts.get({fact[6:]!r})")
            elif fact.startswith("said."):
                _, role, set_id = fact.split(".", 2)
                keys = self.pool.name(self.pb.phrases.keys_by_set.get(set_id, frozenset()), "K")
                items.append(f"{fact!r}: sum(1 for i, mh in enumerate(hits) if mh and transcript[i].role == {role!r} "
                             f"for h in mh if h[0] in {keys})")
            else:
                raise ValueError(f"the floor does not know how to compute fact '{fact}'")
        self.emit("f = {" + ", ".join(items) + "}")

    def category(self) -> None:
        self.emit("category = case.category")
        self.emit("if not category:")
        self.emit("roles = ('customer',) if any(m.role == 'customer' for m in transcript) else ('customer', 'agent', 'system')", 2)
        self.emit("found = {}", 2)
        self.emit("for index, message_hits in enumerate(hits):", 2)
        self.emit("if message_hits and transcript[index].role in roles:", 3)
        self.emit("for key, start, end in message_hits:", 4)
        self.emit("found_category = KEYWORD_CATEGORY.get(key)", 5)
        self.emit("if found_category is not None:", 5)
        self.emit("found.setdefault(found_category, []).append(key)", 6)
        self.emit("category = max(found, key=lambda c: (len(set(found[c])), len(found[c]), -CATEGORY_ORDER[c])) if found else None", 2)
        self.emit("f['category'] = category")

    def severity_and_priority(self) -> None:
        self.emit("severity = CATEGORY_SEVERITY.get(category, MEDIUM)")
        for rule in self.pb.severity_rules:
            rank = SEVERITY_ORDER[rule.value]
            self.emit(f"if {self.cond(rule.predicate)} and severity < {rank}:")
            self.emit(f"severity = {rank}", 2)
        self.emit("severity = SEVERITY_NAMES[severity]")
        self.emit("f['severity'] = severity")
        self.emit("priority = None")
        for index, rule in enumerate(self.pb.priorities):
            keyword = "if" if index == 0 else "elif"
            self.emit(f"{keyword} {self.cond(rule.predicate)}:")
            self.emit(f"priority = {rule.value!r}", 2)
        self.emit("f['priority'] = priority")

    def sla(self) -> None:
        self.emit("target = {}")
        for rule in self.pb.sla_rules:
            sets = [(name, getattr(rule, name)) for name in CLOCKS if getattr(rule, name) is not None]
            if not sets:
                continue
            self.emit(f"if {self.cond(rule.predicate)}:")
            for name, duration in sets:
                self.emit(f"target.setdefault({name!r}, {self.pool.name(duration, 'D')})", 2)
        self.emit("received = case.received_at")
        self.emit("resolved = case.resolved_at")
        self.emit("first_done = case.first_response_at or next((m.at for m in transcript if m.role == 'agent' and m.at is not None), None)")
        self.emit("clocks = []")
        self.emit("breached_any = False")
        for name, start, done in (("first_response", "received", "first_done"),
                                  ("resolution", "received", "resolved"),
                                  ("follow_up", "resolved", "case.followed_up_at")):
            self.emit(f"duration = target.get({name!r})")
            self.emit(f"if duration is not None and {start} is not None:")
            self.emit(f"due = CAL_ADD({start}, duration) if duration.business else {start} + timedelta(seconds=duration.seconds)", 2)
            self.emit(f"late = ({done} or now) > due", 2)
            self.emit(f"clocks.append(({name!r}, due, late))", 2)
            self.emit(f"f['sla.{name}.breached'] = late", 2)
            self.emit("breached_any = breached_any or late", 2)
        if any(rule.reply is not None for rule in self.pb.sla_rules):
            self.reply_clock()
        if any(rule.update is not None for rule in self.pb.sla_rules):
            self.update_clock()
        self.emit("f['sla.breached'] = breached_any")

    def worst_wait(self, name: str, gaps: str, depth: int) -> None:
        """Of the waits in ``gaps``, the one that overran its target most (the first of equals)."""
        self.emit("worst = None", depth)
        self.emit(f"for start, end in {gaps}:", depth)
        self.emit("due = CAL_ADD(start, duration) if duration.business else start + timedelta(seconds=duration.seconds)", depth + 1)
        self.emit("overdue = int(((end or now) - due).total_seconds())", depth + 1)
        self.emit("if worst is None or overdue > worst[0]: worst = (overdue, due)", depth + 1)
        self.emit("if worst is not None:", depth)
        self.emit("late = worst[0] > 0", depth + 1)
        self.emit(f"clocks.append(({name!r}, worst[1], late))", depth + 1)
        self.emit(f"f['sla.{name}.breached'] = late", depth + 1)
        self.emit("breached_any = breached_any or late", depth + 1)

    def reply_clock(self) -> None:
        """Each run of customer messages waits until the next agent message; resolving answers
        every wait (one still open at the resolution ends there)."""
        self.emit("duration = target.get('reply')")
        self.emit("if duration is not None:")
        self.emit("gaps = []", 2)
        self.emit("waiting = None", 2)
        self.emit("for m in transcript:", 2)
        self.emit("at = m.at", 3)
        self.emit("if at is None: continue", 3)
        self.emit("if m.role == 'customer':", 3)
        self.emit("if waiting is None and (resolved is None or at < resolved): waiting = at", 4)
        self.emit("elif m.role == 'agent' and waiting is not None:", 3)
        self.emit("gaps.append((waiting, at if resolved is None or at < resolved else resolved))", 4)
        self.emit("waiting = None", 4)
        self.emit("if waiting is not None: gaps.append((waiting, resolved))", 2)
        self.worst_wait("reply", "gaps", 2)

    def update_clock(self) -> None:
        """The silences of an open case: from received (or the first message), then from each
        agent message, to the next; the last lasts until the resolution, or now."""
        self.emit("duration = target.get('update')")
        self.emit("start = received if received is not None else min((m.at for m in transcript if m.at is not None), default=None)")
        self.emit("if duration is not None and start is not None:")
        self.emit("gaps = []", 2)
        self.emit("for at in sorted(m.at for m in transcript if m.role == 'agent' and m.at is not None):", 2)
        self.emit("if at <= start: continue", 3)
        self.emit("if resolved is not None and at > resolved: break", 3)
        self.emit("gaps.append((start, at))", 3)
        self.emit("start = at", 3)
        self.emit("if resolved is None or resolved > start: gaps.append((start, resolved))", 2)
        self.worst_wait("update", "gaps", 2)

    def compensation(self) -> None:
        self.emit("tier = customer.tier if customer.tier in TIERS else LOWEST_TIER")
        self.emit("amount = proposal.amount if proposal else None")
        self.emit("f['proposal.over_authority'] = amount is not None and FRONT_AUTHORITY is not None and amount > FRONT_AUTHORITY")
        self.emit("limit = LIMITS.get((fault, tier))")
        self.emit("cap = None")
        self.emit("approver = None")
        self.emit("exceeds = False")
        self.emit("if limit is not None:")
        self.emit("cap_amount, multiple, floor_level, remedies = limit", 2)
        self.emit("order = customer.order_amount", 2)
        self.emit("caps = [c for c in (cap_amount, (multiple * order).quantize(CENT) if multiple is not None and order is not None else None) if c is not None]", 2)
        self.emit("cap = min(caps) if caps else None", 2)
        self.emit("exceeds = amount is not None and cap is not None and amount > cap", 2)
        self.emit("if exceeds:", 2)
        self.emit("floor_rank = LEVEL_RANK.get(floor_level, 0) if floor_level else 0", 3)
        self.emit("approver = next((lid for lid, rank, auth in LEVELS if rank >= floor_rank and (auth is None or auth >= amount)), floor_level)", 3)
        self.emit("f['proposal.exceeds_cap'] = exceeds")
        self.emit("compensation = (fault, tier, cap, exceeds, approver)")

    def escalation(self) -> None:
        self.emit("asks = []")
        for trigger in self.pb.triggers:
            within = self.pool.name(trigger.within, "D") if trigger.within is not None else "None"
            self.emit(f"if {self.cond(trigger.predicate)}:")
            if trigger.level == "by_authority":
                self.emit("if amount is not None:", 2)
                self.emit("rank = next((r for lid, r, auth in LEVELS if auth is None or auth >= amount), None)", 3)
                self.emit(f"if rank is not None: asks.append((rank, {within}, {trigger.id!r}))", 3)
            else:
                rank = self.pb.level(trigger.level).rank  # type: ignore[union-attr]
                self.emit(f"asks.append(({rank}, {within}, {trigger.id!r}))", 2)
        self.emit("rank = max((a[0] for a in asks), default=0)")
        self.emit("by = None")
        self.emit("if rank:")
        self.emit("withins = [a[1] for a in asks if a[0] == rank and a[1] is not None]", 2)
        self.emit("within = min(withins, key=lambda d: d.seconds) if withins else TAKE_OVER[rank]", 2)
        self.emit("if within is not None:", 2)
        self.emit("by = CAL_ADD(now, within) if within.business else now + timedelta(seconds=within.seconds)", 3)
        self.emit("level = LEVELS[rank][0]")
        self.emit("f['escalation.level'] = level")
        self.emit("f['escalation.required'] = rank > 0")
        self.emit("escalation = (level, by, tuple(a[2] for a in asks))")

    def taboos(self, gated: bool = False) -> None:
        """Every taboo check behind its gate: the inlined condition, or (``gated``) a lookup in
        the set of gates another engine found open."""
        self.emit("violations = []")
        self.emit("agent_hits = [(i, h) for i, message_hits in enumerate(hits) if message_hits and transcript[i].role == 'agent' for h in message_hits]")
        for taboo in self.pb.taboos:
            for check in taboo.checks:
                rule = check.head.rule
                gate = f"({rule!r} in gates)" if gated else self.cond(check.head.predicate)
                self.emit(f"if {gate}:")
                self._check(check, rule)

    def text_module(self) -> str:
        """``text_checks(...)``: the taboo checks alone, for engines that decide the gates."""
        self.lines = ["def text_checks(case, hits, gates, exceeds, amount, now, clocks, agent_count):"]
        self.emit("transcript = case.transcript")
        self.emit("proposal = case.proposal")
        self.emit("resolved = case.resolved_at")
        self.taboos(gated=True)
        self.emit("return violations")
        return "\n".join(self.lines) + "\n"

    def _check(self, check: Any, rule: str) -> None:
        pool, emit = self.pool, self.emit
        if isinstance(check, PhrasesCheck):
            keys = pool.name(check.keys, "K")
            emit(f"violations.extend(({rule!r}, i, h[1], h[2]) for i, h in agent_hits if h[0] in {keys})", 2)
        elif isinstance(check, RequiredPhrasesCheck):
            keys = pool.name(check.keys, "K")
            within = check.within_messages if check.within_messages is not None else 10**9
            emit("seen = 0", 2)
            emit("said = agent_count == 0", 2)
            emit("for i, message_hits in enumerate(hits):", 2)
            emit("if transcript[i].role != 'agent': continue", 3)
            emit("seen += 1", 3)
            emit(f"if seen > {within}: break", 3)
            emit(f"if any(h[0] in {keys} for h in message_hits): said = True; break", 3)
            emit(f"if not said: violations.append(({rule!r}, None, None, None))", 2)
        elif isinstance(check, PromisesCheck):
            promise, date = pool.name(check.promise_keys, "K"), pool.name(check.date_keys, "K")
            if check.date_required:
                emit("for i, h in agent_hits:", 2)
                emit(f"if h[0] in {promise} and not any(x[0] in {date} for x in hits[i]) "
                     f"and not _DATE_LIKE.search(transcript[i].text):", 3)
                emit(f"violations.append(({rule!r}, i, h[1], h[2]))", 4)
            if check.authority:
                emit("if exceeds and not (proposal.approved_by in LEVEL_RANK and "
                     "(LEVELS[LEVEL_RANK[proposal.approved_by]][2] is None or LEVELS[LEVEL_RANK[proposal.approved_by]][2] >= amount)):", 2)
                emit(f"violations.append(({rule!r}, None, None, None))", 3)
            if check.overdue:
                emit("if proposal is not None and proposal.promised_by is not None and "
                     "((resolved is not None and resolved > proposal.promised_by) or (resolved is None and now > proposal.promised_by)):", 2)
                emit(f"violations.append(({rule!r}, None, None, None))", 3)
        elif isinstance(check, RefusalCheck):
            refusal, alternative = pool.name(check.refusal_keys, "K"), pool.name(check.alternative_keys, "K")
            emit(f"refusals = [(i, h) for i, h in agent_hits if h[0] in {refusal}]", 2)
            emit(f"if refusals and not any(h[0] in {alternative} and i >= refusals[0][0] for i, h in agent_hits):", 2)
            emit(f"violations.append(({rule!r}, refusals[0][0], refusals[0][1][1], refusals[0][1][2]))", 3)
        elif isinstance(check, HandoffsCheck):
            emit("if case.handoffs:", 2)
            emit(f"if len(case.handoffs) > {check.max_handoffs}: violations.append(({rule!r}, None, None, None))", 3)
            if check.check_returns:
                emit(f"elif _returns(_route(case.handoffs)): violations.append(({rule!r}, None, None, None))", 3)
        elif isinstance(check, SlaCheck):
            clocks = pool.name(frozenset(check.clocks), "K")
            emit(f"violations.extend(({rule!r}, None, None, None) for name, due, late in clocks if late and name in {clocks})", 2)
        elif isinstance(check, FactCheck):
            emit(f"violations.append(({rule!r}, None, None, None))", 2)
        else:
            raise TypeError(f"no floor code for {type(check).__name__}")
