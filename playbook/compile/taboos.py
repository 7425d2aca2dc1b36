"""Stage: taboos and their checks, and the recommended actions."""

from __future__ import annotations

from playbook.checks import CheckHead, build_check
from playbook.facts import Stage

from .compiled import CompiledAction, CompiledTaboo
from .run import CompileRun


def build_taboos(run: CompileRun) -> None:
    index = run.products.get("phrases")
    if index is None:
        return  # the phrase stage failed and said why

    def keys(set_ids: list[str]) -> frozenset[int]:
        out: set[int] = set()
        for set_id in set_ids:
            out |= index.keys_by_set.get(set_id, frozenset())
        return frozenset(out)

    def examples(set_ids: list[str]) -> tuple[str, ...]:
        found = [index.phrases[k].text for set_id in set_ids for k in sorted(index.keys_by_set.get(set_id, ()))]
        return tuple(found[:3])

    conditions = run.conditions()
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
                predicate=conditions.compile(check.when, path + ("when",), Stage.ESCALATION),
                origin=run.origin(path),
            )
            checks.append(build_check(check, head, keys, examples))
        taboos.append(CompiledTaboo(taboo.id, taboo.number, taboo.label, str(taboo.severity), tuple(checks)))
    run.products["taboos"] = tuple(taboos)


def build_actions(run: CompileRun) -> None:
    conditions = run.conditions()
    actions = []
    for index, action in enumerate(run.source.actions):
        path = ("actions", index)
        pred = conditions.compile(action.when, path + ("when",), Stage.ESCALATION)
        actions.append(
            CompiledAction(
                action.id, str(action.kind), action.title, action.stage, action.script, pred,
                str(action.due) if action.due else None, run.origin(path),
            )
        )
    run.products["actions"] = tuple(actions)
