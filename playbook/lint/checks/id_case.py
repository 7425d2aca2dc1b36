"""PB501 id-case: two ids of the same kind that differ only by case (``Quality`` and ``quality``).

Conditions and cases compare ids exactly, so a case saying ``quality`` never reaches the
rules written for ``Quality``; the two are almost certainly meant to be one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from playbook.errors import Diagnostic, Severity
from playbook.model.playbook import PlaybookSource
from playbook.source.tree import DocPath

from ..base import LintContext, LintRule


def _collections(source: PlaybookSource) -> Iterable[tuple[str, DocPath, Sequence[Any]]]:
    yield "tier", ("tiers",), source.tiers
    yield "fault", ("faults",), source.faults
    yield "record field", ("record",), source.record
    yield "category", ("categories",), source.categories
    yield "phrase set", ("phrase_sets",), source.phrase_sets
    yield "taboo", ("taboos",), source.taboos
    yield "action", ("actions",), source.actions
    yield "level", ("escalation", "levels"), source.escalation.levels
    yield "trigger", ("escalation", "triggers"), source.escalation.triggers
    yield "SLA rule", ("sla", "rules"), source.sla.rules
    yield "severity rule", ("triage", "severity"), source.triage.severity
    yield "priority", ("triage", "priorities"), source.triage.priorities
    if source.compensation is not None:
        yield "remedy", ("compensation", "remedies"), source.compensation.remedies
    for index, taboo in enumerate(source.taboos):
        yield f"check of taboo '{taboo.id}'", ("taboos", index, "checks"), taboo.checks


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    source = context.source
    for what, path, items in _collections(source):
        ids: list[tuple[str, DocPath]] = [(item.id, path + (i, "id")) for i, item in enumerate(items)]
        yield from _compare(context, rule, what, ids)
    phrase_ids: list[tuple[str, DocPath]] = []
    for s_index, phrase_set in enumerate(source.phrase_sets):
        for p_index, phrase in enumerate(phrase_set.phrases):
            if not isinstance(phrase, str):
                phrase_ids.append((phrase.id, ("phrase_sets", s_index, "phrases", p_index, "id")))
    yield from _compare(context, rule, "phrase", phrase_ids)


def _compare(context: LintContext, rule: LintRule, what: str, ids: list[tuple[str, DocPath]]) -> Iterable[Diagnostic]:
    first: dict[str, str] = {}
    for ident, path in ids:
        folded = ident.casefold()
        other = first.setdefault(folded, ident)
        if other != ident:
            yield rule.finding(
                context,
                f"{what} ids '{other}' and '{ident}' differ only by case",
                path,
                f"use one spelling: rename '{ident}' to '{other}', or give it a different id",
            )


RULE = LintRule("PB501", "id-case", Severity.WARNING, "Two ids of the same kind differ only by case.", check)
