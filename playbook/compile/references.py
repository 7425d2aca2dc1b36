"""Stages that check ids: no duplicates, and every reference names something that exists."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from playbook.checks import phrase_set_fields
from playbook.messages import DEFAULT_MESSAGES
from playbook.suggest import did_you_mean

from .diagnostics import Path
from .run import CompileRun


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


def _unique(run: CompileRun, items: Iterable[_HasId], path: Path, what: str) -> None:
    seen: dict[str, int] = {}
    lowered: dict[str, str] = {}
    for index, item in enumerate(items):
        ident = item.id
        if ident in seen:
            run.reporter.error(
                "duplicate-id", f"duplicate {what} id '{ident}' (first at {path[-1]}[{seen[ident]}])",
                path + (index, "id"), "give each one its own id",
            )
        else:
            seen[ident] = index
            if ident.lower() in lowered and lowered[ident.lower()] != ident:
                run.reporter.warning(
                    "id-case", f"{what} ids '{lowered[ident.lower()]}' and '{ident}' differ only by case",
                    path + (index, "id"), "use one spelling",
                )
            lowered.setdefault(ident.lower(), ident)


def check_unique_ids(run: CompileRun) -> None:
    s = run.source
    _unique(run, s.tiers, ("tiers",), "tier")
    _unique(run, s.faults, ("faults",), "fault")
    _unique(run, s.record, ("record",), "record field")
    _unique(run, s.categories, ("categories",), "category")
    _unique(run, s.phrase_sets, ("phrase_sets",), "phrase set")
    _unique(run, s.taboos, ("taboos",), "taboo")
    _unique(run, s.actions, ("actions",), "action")
    _unique(run, s.escalation.levels, ("escalation", "levels"), "level")
    _unique(run, s.escalation.triggers, ("escalation", "triggers"), "trigger")
    _unique(run, s.sla.rules, ("sla", "rules"), "SLA rule")
    _unique(run, s.triage.severity, ("triage", "severity"), "severity rule")
    _unique(run, s.triage.priorities, ("triage", "priorities"), "priority")
    if s.compensation:
        _unique(run, s.compensation.remedies, ("compensation", "remedies"), "remedy")
    for t_index, taboo in enumerate(s.taboos):
        _unique(run, taboo.checks, ("taboos", t_index, "checks"), "check")
    numbered: dict[int, int] = {}
    for t_index, taboo in enumerate(s.taboos):
        if taboo.number is None:
            continue
        if taboo.number in numbered:
            first = s.taboos[numbered[taboo.number]].id
            run.reporter.error(
                "duplicate-number", f"taboo '{taboo.id}' has number {taboo.number}, as taboo '{first}' does "
                f"(taboos[{numbered[taboo.number]}])", ("taboos", t_index, "number"), "give each taboo its own number",
            )
        else:
            numbered[taboo.number] = t_index
    phrase_ids: dict[str, Path] = {}
    for s_index, phrase_set in enumerate(s.phrase_sets):
        for p_index, phrase in enumerate(phrase_set.phrases):
            if isinstance(phrase, str):
                continue
            path = ("phrase_sets", s_index, "phrases", p_index, "id")
            if phrase.id in phrase_ids:
                run.reporter.error("duplicate-id", f"duplicate phrase id '{phrase.id}'", path, "phrase ids are global")
            phrase_ids.setdefault(phrase.id, path)


def _ref(run: CompileRun, what: str, name: str, valid: list[str], path: Path) -> None:
    if name not in valid:
        run.reporter.unknown_reference(what, name, valid, path)


def resolve_references(run: CompileRun) -> None:
    s = run.source
    domains = run.domains()
    taboo_ids = [t.id for t in s.taboos]
    set_ids = [p.id for p in s.phrase_sets]
    for index, phrase_set in enumerate(s.phrase_sets):
        if phrase_set.taboo is not None:
            _ref(run, "taboo", phrase_set.taboo, taboo_ids, ("phrase_sets", index, "taboo"))
    for t_index, taboo in enumerate(s.taboos):
        for c_index, check in enumerate(taboo.checks):
            for field_name, names in phrase_set_fields(check).items():
                for n_index, name in enumerate(names):
                    path = ("taboos", t_index, "checks", c_index, field_name, n_index)
                    _ref(run, "phrase set", name, set_ids, path)
    if s.compensation:
        remedies = domains["remedies"]
        for l_index, limit in enumerate(s.compensation.limits):
            base: Path = ("compensation", "limits", l_index)
            for key, domain, what in (("fault", "faults", "fault"), ("tier", "tiers", "tier")):
                value = getattr(limit, key)
                values = value if isinstance(value, list) else [value]
                for v_index, name in enumerate(values):
                    where: Path = base + ((key, v_index) if isinstance(value, list) else (key,))
                    _ref(run, what, name, domains[domain], where)
            for r_index, name in enumerate(limit.remedies):
                _ref(run, "remedy", name, remedies, base + ("remedies", r_index))
            if limit.approver is not None:
                _ref(run, "level", limit.approver, domains["levels"], base + ("approver",))
    for t_index, trigger in enumerate(s.escalation.triggers):
        if trigger.level != "by_authority":
            _ref(run, "level", trigger.level, domains["levels"], ("escalation", "triggers", t_index, "level"))
    for key in s.messages:
        if key not in DEFAULT_MESSAGES:
            run.reporter.warning(
                "unknown-message", f"unknown message key '{key}' (it is never used)", ("messages", key),
                did_you_mean(key, DEFAULT_MESSAGES),
            )
