"""Immutable, evaluation-ready objects produced by the compiler.

Everything here is frozen and slotted, holds tuples and read-only mappings only, and is
therefore safe to share between threads. Each rule keeps the document path and source
location it came from, so traces and ``explain`` can point back at the YAML line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from playbook.errors import Span
from playbook.model.duration import Duration
from playbook.text.normalize import normalize

from .conditions import Predicate

if TYPE_CHECKING:
    from playbook.calendar import BusinessCalendar
    from playbook.checks.base import CompiledCheck
    from playbook.checks.scope import HitScope
    from playbook.messages import MessageTable
    from playbook.text.matcher import PhraseMatcher

    from .plan import DecisionPlan


def frozen_map(data: dict[Any, Any]) -> Mapping[Any, Any]:
    """A read-only view of a dict the compiler will not touch again."""
    return MappingProxyType(data)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a compiled rule comes from: its document path and its place in the files.

    The place stays a :class:`~playbook.errors.Span` so tools read its file and line as
    they are; it becomes ``file:line:col`` text only where it is written out (``source``).
    """

    path: str
    span: Span | None

    @property
    def source(self) -> str | None:
        """``file:line:col``, as traces and reports print it."""
        return str(self.span) if self.span is not None else None


@dataclass(frozen=True, slots=True)
class CompiledPhrase:
    key: int
    id: str
    set_id: str
    kind: str  # forbidden | required | signal | keyword
    text: str
    severity: str
    instead: str | None
    taboo: str | None
    origin: Origin
    scope: HitScope | None = None  # where a hit counts, when the phrase or its set says (scope:)


@dataclass(frozen=True, slots=True)
class PhraseIndex:
    """Every phrase of the playbook (and every category keyword) behind one matcher."""

    phrases: tuple[CompiledPhrase, ...]
    matcher: PhraseMatcher
    keys_by_set: Mapping[str, frozenset[int]]
    forbidden_keys: frozenset[int]
    keyword_category: Mapping[int, str]  # phrase key → category id, for keyword phrases
    said_zero: Mapping[str, int]  # every said.<role>.<set> fact at 0, copied into each evaluation
    scope_of: Mapping[int, HitScope] = field(default_factory=lambda: frozen_map({}))  # phrase key → its scope, for phrases that have one


@dataclass(frozen=True, slots=True)
class CompiledCategory:
    id: str
    label: str
    severity: str
    team: str | None


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A condition with an outcome: severity rules, priorities."""

    id: str
    predicate: Predicate
    value: str
    reason: str | None
    origin: Origin


@dataclass(frozen=True, slots=True)
class CompiledLimit:
    fault: str
    tier: str
    amount: Decimal | None
    order_multiple: Decimal | None
    remedies: tuple[str, ...]
    approver: str | None
    origin: Origin
    floor_multiple: Decimal | None = None
    """The cap is never below this multiple of the order amount."""

    @property
    def rule(self) -> str:
        """How traces name this cell of the table: ``fault×tier``."""
        return f"{self.fault}×{self.tier}"


@dataclass(frozen=True, slots=True)
class CompiledLevel:
    id: str
    label: str
    rank: int
    authority: Decimal | None
    take_over_within: Duration | None
    roles: frozenset[str] = frozenset()
    """Folded names (the id and the level's roles) a case may call this level by."""


@dataclass(frozen=True, slots=True)
class CompiledTrigger:
    id: str
    predicate: Predicate
    level: str  # a level id or 'by_authority'
    within: Duration | None
    reason: str | None
    origin: Origin


@dataclass(frozen=True, slots=True)
class CompiledSlaRule:
    id: str
    predicate: Predicate
    first_response: Duration | None
    resolution: Duration | None
    follow_up: Duration | None
    reply: Duration | None
    update: Duration | None
    origin: Origin


@dataclass(frozen=True, slots=True)
class CompiledTaboo:
    id: str
    number: int | None
    label: str
    severity: str
    checks: tuple[CompiledCheck, ...]


@dataclass(frozen=True, slots=True)
class CompiledAction:
    id: str
    kind: str
    title: str
    stage: str | None
    script: str | None
    predicate: Predicate
    due: str | None
    origin: Origin


@dataclass(frozen=True, slots=True)
class CompiledRecordField:
    id: str
    label: str
    required: bool
    question: str | None


@dataclass(frozen=True, slots=True)
class CompiledPlaybook:
    """The whole playbook, ready to evaluate cases. Built once, shared freely."""

    id: str
    version: str
    language: str
    currency: str
    rates: Mapping[str, Decimal]
    calendar: BusinessCalendar
    tiers: tuple[str, ...]
    tier_labels: Mapping[str, str]
    faults: tuple[str, ...]
    fault_labels: Mapping[str, str]
    apology_faults: frozenset[str]
    record_fields: tuple[CompiledRecordField, ...]
    categories: Mapping[str, CompiledCategory]
    phrases: PhraseIndex
    severity_rules: tuple[CompiledRule, ...]
    priorities: tuple[CompiledRule, ...]
    limits: Mapping[tuple[str, str], CompiledLimit]
    late_delivery_per_day: Decimal | None
    remedy_labels: Mapping[str, str]
    levels: tuple[CompiledLevel, ...]
    triggers: tuple[CompiledTrigger, ...]
    sla_rules: tuple[CompiledSlaRule, ...]
    taboos: tuple[CompiledTaboo, ...]
    actions: tuple[CompiledAction, ...]
    messages: Mapping[str, str]
    apology_script: str | None
    plan: DecisionPlan
    """The stages' decision glue as closures (:mod:`playbook.compile.plan`), what an
    evaluation without a trace runs."""
    texts: MessageTable
    """``messages`` (and the defaults) compiled once, as the engine writes them."""

    def level(self, level_id: str) -> CompiledLevel | None:
        for level in self.levels:
            if level.id == level_id:
                return level
        return None

    def level_named(self, name: str) -> CompiledLevel | None:
        """The level a case names by id or by one of the level's roles (compared folded)."""
        found = self.level(name)
        if found is not None:
            return found
        key = fold_name(name)
        for level in self.levels:
            if key in level.roles:
                return level
        return None


def fold_name(name: str) -> str:
    """A name as levels and teams are compared: folded like phrases (总经理辦公室 = 总经理办公室)."""
    return normalize(name).text or name.strip().casefold()
