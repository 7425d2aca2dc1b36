"""A violation whenever the check's condition holds (e.g. no cause recorded)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from playbook.decision import Violation
from playbook.model import taboos as src

from .base import CheckHead, CompiledCheck
from .kind import CheckKind, CheckMessage, PhraseSets

if TYPE_CHECKING:
    from .base import CheckContext


@dataclass(frozen=True, slots=True)
class FactCheck(CompiledCheck):
    """The gate condition (``head.predicate``) is the whole check: reaching ``run`` means it held."""

    head: CheckHead
    show: tuple[str, ...]

    def run(self, ev: CheckContext) -> list[Violation]:
        names = self.show or self.head.predicate.facts_used()
        facts = {name: ev.facts.get(name) for name in names}
        return [self.head.violation(ev, "fact_check", facts=facts, **{k.replace(".", "_"): v for k, v in facts.items()})]


def _build(c: src.FactCheck, head: CheckHead, sets: PhraseSets) -> FactCheck:
    return FactCheck(head, tuple(c.show))


KIND = CheckKind(src.FactCheck, _build, messages=(CheckMessage("fact_check", "{label}"),), message_names_facts=True)
