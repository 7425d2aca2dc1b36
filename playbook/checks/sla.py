"""Delay: an SLA clock breached, with how late it is."""

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
class SlaCheck(CompiledCheck):
    head: CheckHead
    clocks: tuple[str, ...]

    def run(self, ev: CheckContext) -> list[Violation]:
        out: list[Violation] = []
        for name in self.clocks:
            clock = ev.clocks.get(name)
            if clock is None or not clock.breached:
                continue
            facts = {
                "clock": name,
                "target": clock.target,
                "due_by": clock.due_by.isoformat() if clock.due_by else None,
                "done_at": clock.done_at.isoformat() if clock.done_at else None,
                "overdue_seconds": clock.overdue_seconds,
            }
            out.append(
                self.head.violation(
                    ev,
                    "sla_breached",
                    facts=facts,
                    clock=ev.say(f"clock_{name}"),
                    overdue=ev.overdue(clock.overdue_seconds),
                    due_by=clock.due_by.strftime("%Y-%m-%d %H:%M") if clock.due_by else "?",
                    target=ev.duration(ev.targets.get(name) or clock.target),
                )
            )
        return out


def _build(c: src.SlaCheck, head: CheckHead, sets: PhraseSets) -> SlaCheck:
    return SlaCheck(head, tuple(str(getattr(clock, "value", clock)) for clock in c.clocks))


KIND = CheckKind(
    src.SlaCheck, _build,
    messages=(
        CheckMessage("sla_breached", "{clock} is late by {overdue} (due {due_by})", ("clock", "overdue", "due_by", "target")),
    ),
    summary_fields=("clocks",),
)
