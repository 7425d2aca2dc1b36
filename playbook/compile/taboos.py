"""Stage: taboos and their checks, and the recommended actions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from playbook.checks import CheckHead, CompiledCheck, build_check
from playbook.model.rules import ACTIONS, CHECKS
from playbook.model.taboos import PhrasesCheck as PhrasesCheckSource

from .compiled import CompiledAction, CompiledTaboo, PhraseIndex
from .conditions import Always
from .run import CompileRun

if TYPE_CHECKING:
    from playbook.checks.scope import HitScope


@dataclass(frozen=True, slots=True)
class _PhraseSets:
    """Phrase sets as check builders see them (:class:`playbook.checks.PhraseSets`)."""

    index: PhraseIndex

    def keys(self, set_ids: list[str]) -> frozenset[int]:
        out: set[int] = set()
        for set_id in set_ids:
            out |= self.index.keys_by_set.get(set_id, frozenset())
        return frozenset(out)

    def examples(self, set_ids: list[str]) -> tuple[str, ...]:
        index = self.index
        found = [index.phrases[k].text for set_id in set_ids for k in sorted(index.keys_by_set.get(set_id, ()))]
        return tuple(found[:3])

    def scopes(self, set_ids: list[str]) -> Mapping[int, HitScope]:
        scope_of = self.index.scope_of
        if not scope_of:
            return {}
        return {k: scope_of[k] for k in self.keys(set_ids) if k in scope_of}


def build_taboos(run: CompileRun, index: PhraseIndex) -> tuple[CompiledTaboo, ...]:
    """The taboos with their compiled checks, which find phrases through ``index``."""
    sets = _PhraseSets(index)
    predicates = {rule.path: pred for rule, pred in run.predicates(CHECKS)}
    taboos = []
    for t_index, taboo in enumerate(run.source.taboos):
        checks = []
        for c_index, check in enumerate(taboo.checks):
            path = ("taboos", t_index, "checks", c_index)
            head = CheckHead(
                id=check.id,
                taboo=taboo.id,
                taboo_label=taboo.label,
                severity=str(check.severity or taboo.severity),
                message=check.message,
                predicate=predicates[path],
                origin=run.origin(path),
            )
            checks.append(build_check(check, head, sets))
        taboos.append(CompiledTaboo(taboo.id, taboo.number, taboo.label, str(taboo.severity), tuple(checks)))
    taboos.extend(_policy_rules(run, sets))
    return tuple(taboos)


def _policy_rules(run: CompileRun, sets: _PhraseSets) -> list[CompiledTaboo]:
    """Forbidden sets under a rule of their own: one phrases check per set, always in force,
    grouped by rule after the taboos (so their violations come after the taboos').

    The checks are the ``phrases`` kind's own, so a hit is found, merged and reported
    exactly as under a taboo; only the rule it names differs.
    """
    by_rule: dict[str, list[CompiledCheck]] = {}
    labels: dict[str, str] = {}
    for s_index, phrase_set in enumerate(run.source.phrase_sets):
        if phrase_set.rule is None:
            continue
        path = ("phrase_sets", s_index)
        head = CheckHead(
            id=phrase_set.id, taboo=phrase_set.rule, taboo_label=phrase_set.label or phrase_set.rule,
            severity=str(phrase_set.severity), message=None, predicate=Always(), origin=run.origin(path),
            policy_rule=phrase_set.rule,
        )
        check = PhrasesCheckSource(id=phrase_set.id, kind="phrases", phrase_sets=[phrase_set.id])
        by_rule.setdefault(phrase_set.rule, []).append(build_check(check, head, sets))
        labels.setdefault(phrase_set.rule, phrase_set.label or phrase_set.rule)
    return [CompiledTaboo(rule, None, labels[rule], "medium", tuple(checks)) for rule, checks in by_rule.items()]


def build_actions(run: CompileRun) -> tuple[CompiledAction, ...]:
    return tuple(
        CompiledAction(
            rule.id, str(rule.item.kind), rule.item.title, rule.item.stage, rule.item.script, pred,
            str(rule.item.due) if rule.item.due else None, run.origin(rule.path),
        )
        for rule, pred in run.predicates(ACTIONS)
    )
