"""What every compiled taboo check shares, and the narrow view of a case it is given.

A check never sees the engine: it reads a :class:`CheckContext`, a read-only protocol the
engine's per-call state happens to satisfy. So a check can be written, read and tested
without knowing how an evaluation is orchestrated, and the engine can change its state
freely as long as it still offers these few things.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from playbook.decision import Evidence, Violation
from playbook.template import Template

if TYPE_CHECKING:
    from playbook.case import Case
    from playbook.compile.compiled import Origin
    from playbook.compile.conditions import Predicate
    from playbook.decision import ClockResult, CompensationResult
    from playbook.model.duration import Duration
    from playbook.text.matcher import Hit

    from .scope import MessagePositions


class PhraseView(Protocol):
    """What a check may know of one phrase of the playbook."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def instead(self) -> str | None: ...


class LevelView(Protocol):
    """What a check may know of one escalation level."""

    @property
    def id(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def authority(self) -> Decimal | None: ...


class CheckContext(Protocol):
    """The read-only view of one evaluation that a check runs against.

    Everything earlier stages decided (facts, clocks, compensation) and the helpers that
    turn it into evidence and messages in the playbook's language.
    """

    @property
    def case(self) -> Case: ...
    @property
    def now(self) -> datetime: ...
    @property
    def facts(self) -> Mapping[str, Any]: ...
    @property
    def hits(self) -> Sequence[Sequence[Hit]]:
        """Phrase hits of each transcript message, in message order."""
    @property
    def clocks(self) -> Mapping[str, ClockResult]: ...
    @property
    def compensation(self) -> CompensationResult | None: ...
    @property
    def targets(self) -> Mapping[str, Duration]:
        """The SLA target chosen for each clock."""

    def say(self, key: str, **values: Any) -> str:
        """A message of the playbook, in its language."""
    def overdue(self, seconds: int) -> str:
        """How late, in the playbook's units."""
    def duration(self, target: Duration | str | None) -> str:
        """A duration said in the playbook's language."""
    def agent_hits(self, keys: frozenset[int]) -> Iterator[tuple[int, Hit]]:
        """Hits of these phrase keys in agent messages, in transcript order."""
    @property
    def agent_keys(self) -> AbstractSet[int]:
        """The phrase keys with a hit in some agent message (to pass over a check at once)."""
    def agent_hits_by_message(self, keys: frozenset[int]) -> Iterator[tuple[int, Iterator[Hit]]]:
        """The agent messages holding a hit of these keys, in transcript order, each with
        its hits of them in ``(start, key)`` order (read only as far as a check needs)."""
    @property
    def positions(self) -> MessagePositions:
        """Each message's role and rank among its role's messages, for scopes (first / last N)."""
    def evidence(self, index: int, hit: Hit) -> Evidence:
        """The evidence record of one hit in message ``index``."""
    def evidence_of(self, pairs: Iterable[tuple[int, Hit]]) -> list[Evidence]:
        """The evidence records of these hits, as many as one violation may list."""
    @property
    def violation_room(self) -> int:
        """How many violations this check may still return (the decision's limit)."""
    def phrase(self, key: int) -> PhraseView:
        """The phrase behind a hit's key."""
    def level(self, level_id: str) -> LevelView | None:
        """The escalation level with this id, if the playbook has one."""


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
    policy_rule: str | None = None  # a phrase set's own rule: violations name it and no taboo
    rule: str = field(init=False, compare=False, repr=False)
    """Id of the rule a violation names: the phrase set's own, else ``<taboo>/<check>``."""
    _template: Template | None = field(init=False, compare=False, repr=False)
    """``message`` split once (it is filled for every violation of the check)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "rule", self.policy_rule or f"{self.taboo}/{self.id}")
        object.__setattr__(self, "_template", Template(self.message) if self.message else None)

    def violation(
        self,
        ev: CheckContext,
        default_key: str,
        evidence: list[Evidence] | None = None,
        facts: dict[str, Any] | None = None,
        instead: str | None = None,
        severity: str | None = None,
        **values: Any,
    ) -> Violation:
        values.setdefault("taboo", self.taboo_label)
        values.setdefault("label", self.taboo_label)
        if self._template is not None:
            text = self._template.fill(values)
        else:
            text = ev.say(default_key, **values)
        return Violation(
            rule=self.rule,
            taboo=None if self.policy_rule else self.taboo,
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

    def run(self, ev: CheckContext) -> list[Violation]:  # pragma: no cover - interface
        raise NotImplementedError
