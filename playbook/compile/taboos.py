"""Stage: taboos and their checks, and the recommended actions."""

from __future__ import annotations

from dataclasses import dataclass

from playbook.checks import CheckHead, build_check
from playbook.model.rules import ACTIONS, CHECKS

from .compiled import CompiledAction, CompiledTaboo, PhraseIndex
from .run import CompileRun


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
    return tuple(taboos)


def build_actions(run: CompileRun) -> tuple[CompiledAction, ...]:
    return tuple(
        CompiledAction(
            rule.id, str(rule.item.kind), rule.item.title, rule.item.stage, rule.item.script, pred,
            str(rule.item.due) if rule.item.due else None, run.origin(rule.path),
        )
        for rule, pred in run.predicates(ACTIONS)
    )
