"""Pydantic model of a decision. Field names are part of the public contract.

A decision is *produced* by the engine, not parsed: calling a model's constructor sets the
fields as given (defaults filled in, an unknown or missing field still refused) without
per-field validation, which was a fifth of an evaluation's time. The public models, their
JSON Schema and parsing are unchanged: ``Decision.model_validate`` and
``Decision.model_validate_json`` validate everything, as for any input.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

# BaseModel's own slots, set through their descriptors (what ``object.__setattr__`` finds,
# without looking them up by name for every object)
_slots = BaseModel.__dict__
_set_dict = _slots["__dict__"].__set__
_set_fields_set = _slots["__pydantic_fields_set__"].__set__
_set_extra = _slots["__pydantic_extra__"].__set__
_set_private = _slots["__pydantic_private__"].__set__


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.__init__ = _produced_init(cls)  # type: ignore[method-assign]

    def __init__(self, /, **data: Any) -> None:  # replaced per model by _produced_init
        raise TypeError(f"{type(self).__name__} is abstract")

    # Tell pydantic this is not a custom __init__ to run while *validating* (parsing keeps
    # the full validation); ``tests/decision/test_produced.py`` fails if that ever changes.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]


def _produced_init(cls: type[BaseModel]) -> Any:
    """The constructor of one result model: the fields set as the engine computed them
    (what ``model_construct`` does, with the field names still checked: a wrong name is a
    bug, not a value to drop). Made per model so that each call reads its template, required
    names and factories from the closure, not from class attributes."""
    fields = cls.model_fields
    # every field in order, with its default (``None`` standing in for the required ones and
    # the factory-made ones): copied and updated for each object, both in C
    template = {
        name: None if info.is_required() or info.default_factory is not None else info.default
        for name, info in fields.items()
    }
    size = len(template)
    required = frozenset(name for name, info in fields.items() if info.is_required())
    factories: tuple[tuple[str, Any], ...] = tuple(
        (name, info.default_factory) for name, info in fields.items() if info.default_factory is not None
    )
    model = cls.__name__

    def refuse(data: dict[str, Any]) -> None:
        unknown = sorted(set(data) - template.keys())
        if unknown:
            raise TypeError(f"{model}: unknown field(s) {', '.join(unknown)}")
        raise TypeError(f"{model}: missing field '{sorted(required - data.keys())[0]}'")

    def __init__(self: BaseModel, /, **data: Any) -> None:
        values = template.copy()
        values.update(data)
        if len(values) != size or not data.keys() >= required:
            refuse(data)
        for name, factory in factories:
            if name not in data:
                values[name] = factory()
        _set_dict(self, values)
        _set_fields_set(self, set(data))
        _set_extra(self, None)
        _set_private(self, None)

    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]
    __init__.__qualname__ = f"{model}.__init__"
    return __init__


_M = TypeVar("_M", bound=BaseModel)
_new = object.__new__


def produce(cls: type[_M], values: dict[str, Any]) -> _M:
    """What ``cls(**values)`` makes when ``values`` give every field of ``cls`` in its order,
    without checking or filling anything: for the objects the engine makes by the dozen per
    case, from dict displays written in the model's order (``tests/decision`` compares both)."""
    made = _new(cls)
    _set_dict(made, values)
    _set_fields_set(made, set(values))
    _set_extra(made, None)
    _set_private(made, None)
    return made


class KeywordHit(_Out):
    keyword: str
    message_index: int
    start: int
    end: int


class CategoryResult(_Out):
    id: str | None
    label: str | None = None
    source: Literal["given", "detected", "unknown"]
    matched_keywords: list[KeywordHit] = Field(default_factory=list)


class Evidence(_Out):
    """Proof of a text violation: where in which message, as written and as normalised."""

    message_index: int
    start: int = Field(description="Start offset (code points) in the ORIGINAL message text.")
    end: int = Field(description="End offset, exclusive.")
    text: str = Field(description="The original text at [start, end).")
    phrase: str = Field(description="The phrase as the playbook writes it.")
    normalized: str = Field(description="The normalised form that matched.")
    phrase_id: str
    source: str | None = Field(default=None, description="Where the phrase is written: file:line:col.")


class Violation(_Out):
    rule: str = Field(description="Id of the rule: '<taboo>/<check>' or '<phrase set>/<phrase>'.")
    taboo: str | None
    check: str | None = None
    severity: str
    message: str
    evidence: list[Evidence] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict, description="Facts that fired a fact-based check.")
    instead: str | None = Field(default=None, description="What to say instead.")


class CompensationResult(_Out):
    fault: str
    tier: str | None
    order_amount: Decimal | None
    cap: Decimal | None = Field(description="Most that may be offered without approval; None when unknown.")
    cap_basis: str
    remedies: list[str]
    proposal_amount: Decimal | None = None
    exceeds_cap: bool = False
    approver: str | None = Field(default=None, description="Escalation level that may approve the proposal.")
    days_late: int | None = Field(default=None, description="Whole days the delivery is late.")
    late_delivery_amount: Decimal | None = Field(
        default=None, description="Owed for late delivery (per-day rate × days late), on top of the cap."
    )
    rule: str | None = None


class TriggerHit(_Out):
    id: str
    level: str
    reason: str | None = None
    facts: dict[str, Any] = Field(default_factory=dict)


class EscalationResult(_Out):
    required: bool
    level: str
    level_label: str | None = None
    by: datetime | None = None
    triggers: list[TriggerHit] = Field(default_factory=list)


class ClockResult(_Out):
    clock: Literal["first_response", "resolution", "follow_up", "reply", "update"]
    target: str | None = Field(description="The SLA target as written, e.g. '24h' or '7bd'.")
    rule: str | None = None
    started_at: datetime | None = None
    due_by: datetime | None = None
    done_at: datetime | None = None
    breached: bool = False
    overdue_seconds: int = 0
    note: str | None = None


class ActionItem(_Out):
    order: int
    id: str
    kind: str
    title: str
    detail: str | None = None
    script: str | None = None
    due_by: datetime | None = None
    rule: str


class MissingFact(_Out):
    field: str
    label: str
    question: str | None = None


class TraceEvent(_Out):
    """One rule looked at during evaluation. Collected only when a trace is asked for."""

    stage: str
    rule: str
    outcome: Literal["fired", "passed", "skipped", "failed"]
    detail: str | None = None
    facts: dict[str, Any] = Field(default_factory=dict)
    source: str | None = Field(default=None, description="file:line:col of the rule in the playbook.")


class Decision(_Out):
    case_id: str
    playbook: str
    playbook_version: str
    playbook_hash: str | None = Field(
        default=None, description="Content hash of the playbook version that decided (Playbook.content_hash)."
    )
    evaluated_at: datetime
    category: CategoryResult
    severity: str
    priority: str | None
    actions: list[ActionItem]
    compensation: CompensationResult | None
    escalation: EscalationResult
    sla: list[ClockResult]
    violations: list[Violation]
    missing: list[MissingFact]
    warnings: list[str] = Field(default_factory=list)
    trace: list[TraceEvent] | None = None

    def to_json(self) -> bytes:
        """The decision as UTF-8 JSON: the bytes ``model_dump_json()`` gives, written faster."""
        from .json import decision_json

        return decision_json(self)

    def violated(self, taboo_or_rule: str) -> bool:
        """True when some violation has this taboo id or rule id."""
        return any(v.taboo == taboo_or_rule or v.rule == taboo_or_rule for v in self.violations)
