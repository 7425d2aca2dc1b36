"""What every compiled taboo check shares: identity, gate condition, severity, message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from playbook.compile.compiled import Origin
from playbook.compile.conditions import Predicate
from playbook.decision import Evidence, Violation

if TYPE_CHECKING:
    from playbook.engine.state import Evaluation


@dataclass(frozen=True, slots=True)
class CheckHead:
    """The part of a check every kind has."""

    id: str
    taboo: str
    taboo_label: str
    severity: str
    message: str | None  # the playbook's own message template, if any
    predicate: Predicate
    origin: Origin

    @property
    def rule(self) -> str:
        return f"{self.taboo}/{self.id}"

    def violation(
        self,
        ev: Evaluation,
        default_key: str,
        evidence: list[Evidence] | None = None,
        facts: dict[str, Any] | None = None,
        instead: str | None = None,
        severity: str | None = None,
        **values: Any,
    ) -> Violation:
        values.setdefault("taboo", self.taboo_label)
        values.setdefault("label", self.taboo_label)
        if self.message:
            from playbook.messages import render

            text = render({"_": self.message}, "_", values)
        else:
            text = ev.say(default_key, **values)
        return Violation(
            rule=self.rule,
            taboo=self.taboo,
            check=self.id,
            severity=severity or self.severity,
            message=text,
            evidence=evidence or [],
            facts=facts or {},
            instead=instead,
        )


class CompiledCheck:
    """Interface of a compiled check: ``run`` returns the violations it finds."""

    __slots__ = ()
    head: CheckHead

    def run(self, ev: Evaluation) -> list[Violation]:  # pragma: no cover - interface
        raise NotImplementedError
