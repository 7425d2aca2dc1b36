"""Stage: category (given, or detected from the customer's words), severity and priority."""

from __future__ import annotations

from dataclasses import dataclass, field

from playbook.compile.compiled import CompiledPlaybook
from playbook.decision import CategoryResult, KeywordHit
from playbook.decision.model import produce
from playbook.model.common import SEVERITY_ORDER

from .state import Evaluation


def decide_category(ev: Evaluation) -> CategoryResult:
    pb: CompiledPlaybook = ev.playbook
    given = ev.case.category
    if given:
        category = pb.categories.get(given)
        if category is None:
            ev.warnings.append(f"category '{given}' is not in the playbook")
        return CategoryResult(id=given, label=category.label if category else None, source="given")
    keyword_category = pb.phrases.keyword_category
    if not keyword_category:
        return CategoryResult(id=None, source="unknown")
    transcript = ev.case.transcript
    roles = {"customer"} if any(m.role == "customer" for m in transcript) else {"customer", "agent", "system"}
    found: dict[str, _Keywords] = {}
    phrases = pb.phrases.phrases
    category_of = pb.phrases.category_of
    listed = ev.max_evidence
    serial = 0
    for index, message_hits in enumerate(ev.hits):
        if not message_hits or transcript[index].role not in roles:
            continue
        for hit in message_hits:
            category_id = category_of[hit[0]]  # the hit's key, read as a tuple item
            if category_id is None:
                continue
            keywords = found.get(category_id)
            if keywords is None:
                keywords = found[category_id] = _Keywords()
            keywords.count += 1
            serial += 1
            text = phrases[hit.key].text
            # every hit is counted; a hit is made a record only while it may be listed, or
            # as the first of its keyword (so the keywords named stay all of them)
            if len(keywords.early) < listed:
                keywords.early.append((serial, index, text, hit.start, hit.end))
                keywords.first.setdefault(text, None)
            elif text not in keywords.first:
                keywords.first[text] = (serial, index, text, hit.start, hit.end)
    if not found:
        ev.warnings.append(ev.say("unknown_category"))
        return CategoryResult(id=None, source="unknown")
    order = list(pb.categories)
    best = max(found, key=lambda c: (len(found[c].first), found[c].count, -order.index(c)))
    chosen = found[best]
    records = chosen.early
    if chosen.count > len(records):
        records = sorted([*records, *(record for record in chosen.first.values() if record is not None)])
        ev.warnings.append(ev.say("keywords_cut", count=f"{chosen.count:,}", limit=f"{listed:,}"))
    if ev.trace is not None:
        ev.note("category", best, "fired", detail="detected from keywords", facts={"keywords": sorted(chosen.first)})
    matched = [produce(KeywordHit, {"keyword": text, "message_index": index, "start": start, "end": end})
               for _, index, text, start, end in records]
    return CategoryResult(id=best, label=pb.categories[best].label, source="detected", matched_keywords=matched)


@dataclass(slots=True)
class _Keywords:
    """The keyword hits of one category: how many, the first ``max_evidence`` of them, and
    the first of each keyword (``None`` when it is among those already kept)."""

    count: int = 0
    early: list[tuple[int, int, str, int, int]] = field(default_factory=list)  # (serial, message, keyword, start, end)
    first: dict[str, tuple[int, int, str, int, int] | None] = field(default_factory=dict)


def decide_severity(ev: Evaluation, category_id: str | None) -> str:
    pb = ev.playbook
    category = pb.categories.get(category_id) if category_id else None
    severity = category.severity if category else "medium"
    if ev.trace is None:
        return pb.plan.severity(ev.facts, severity)
    for rule in pb.severity_rules:
        if ev.holds(rule.predicate):
            ev.note("severity", rule.id, "fired", rule.origin, rule.reason,
                    {f: ev.facts.get(f) for f in rule.predicate.facts_used()})
            if SEVERITY_ORDER[rule.value] > SEVERITY_ORDER[severity]:
                severity = rule.value
        else:
            ev.note("severity", rule.id, "passed", rule.origin, predicate=rule.predicate)
    return severity


def decide_priority(ev: Evaluation) -> str | None:
    if ev.trace is None:
        return ev.playbook.plan.priority(ev.facts)
    for rule in ev.playbook.priorities:
        if ev.holds(rule.predicate):
            ev.note("priority", rule.id, "fired", rule.origin, rule.reason,
                    {f: ev.facts.get(f) for f in rule.predicate.facts_used()})
            return rule.value
        ev.note("priority", rule.id, "passed", rule.origin, predicate=rule.predicate)
    return None
