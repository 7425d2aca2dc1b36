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
    said_names: Mapping[str, tuple[str, ...]] = field(init=False, compare=False, repr=False)
    """Per speaking role, the ``said.<role>.<set>`` fact of each phrase key (index = key):
    named once here, not per hit of every case."""
    said_start: dict[str, int] = field(init=False, compare=False, repr=False)
    """``said_zero`` as a plain dict, which an evaluation copies in C; never changed."""

    category_of: tuple[str | None, ...] = field(init=False, compare=False, repr=False)
    """``keyword_category`` by phrase key (index = key; ``None`` for a phrase that is no keyword)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "category_of", tuple(self.keyword_category.get(p.key) for p in self.phrases))
        names = {role: tuple(f"said.{role}.{p.set_id}" for p in self.phrases) for role in ("customer", "agent")}
        object.__setattr__(self, "said_names", frozen_map(names))
        object.__setattr__(self, "said_start", dict(self.said_zero))


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
    facts_used: tuple[str, ...] = field(init=False, compare=False, repr=False)
    """The facts the condition reads (a fired trigger lists their values), found once."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "facts_used", self.predicate.facts_used())


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
    rule: str = field(init=False, compare=False, repr=False)
    """``actions/<id>``, the rule its action item names."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "rule", f"actions/{self.id}")


@dataclass(frozen=True, slots=True)
class CompiledRecordField:
    id: str
    label: str
    required: bool
    question: str | None
    fact: str = field(init=False, compare=False, repr=False)
    """``record.<id>``, the fact (and the missing field) it is."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "fact", f"record.{self.id}")


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
    required_fields: tuple[CompiledRecordField, ...] = field(init=False, compare=False, repr=False)
    """The record fields a case must fill, in the playbook's order."""
    _level_by_id: Mapping[str, CompiledLevel] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "required_fields", tuple(f for f in self.record_fields if f.required))
        by_id: dict[str, CompiledLevel] = {}
        for level in self.levels:
            by_id.setdefault(level.id, level)  # the first of an id, as a walk down the ladder finds
        object.__setattr__(self, "_level_by_id", frozen_map(by_id))

    def level(self, level_id: str) -> CompiledLevel | None:
        return self._level_by_id.get(level_id)

    def missing_fields(self, record: Mapping[str, Any]) -> list[CompiledRecordField]:
        """The required record fields ``record`` leaves absent or empty, in the playbook's order:
        the one reading of "missing", for the ``record.missing`` fact and the decision's list."""
        return [f for f in self.required_fields if (value := record.get(f.id)) is None or value == ""]

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
