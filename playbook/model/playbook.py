"""The root of a playbook document, as written in YAML."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator

from .actions import ActionRule
from .calendar import CalendarSection
from .categories import Category
from .common import Id, Rate, Strict
from .conditions import Condition
from .escalation import EscalationSection
from .money import CompensationSection
from .parties import Fault, RecordField, Tier
from .phrases import PhraseSet
from .rules import conditional_rules
from .sla import SlaSection
from .taboos import Taboo
from .triage import TriageSection
from .watch import WatchSection

CurrencyCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="An ISO 4217 code, e.g. 'USD'.")]


class Meta(Strict):
    """What the playbook is: id and version (shown in every decision), language and currency."""

    id: Id
    version: str = Field(description="Version of this playbook, e.g. '2026.1'. Shown in decisions.")
    title: str | None = None
    description: str | None = None
    language: str = Field(description="Language of messages and scripts, e.g. 'zh' or 'en'.")
    languages: list[str] = Field(default_factory=list, description="Languages the phrase sets cover.")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code of amounts, e.g. 'CNY'.")
    rates: dict[CurrencyCode, Rate] = Field(
        default_factory=dict,
        description="Other currencies a case may be in, each with how many units of 'currency' one unit "
        "of it is worth ({USD: 7.1} with currency CNY: 1 USD = 7.1 CNY). A case in a currency that is "
        "neither 'currency' nor listed here is refused: its amounts cannot be compared with the caps.",
    )

    @field_validator("rates")
    @classmethod
    def _no_rate_for_own_currency(cls, rates: dict[str, Decimal], info: ValidationInfo) -> dict[str, Decimal]:
        currency = info.data.get("currency")
        if currency in rates:
            raise ValueError(f"rates lists {currency}, the playbook's own currency; remove it (its rate is 1)")
        return rates


class PlaybookSource(Strict):
    """A complaint-handling playbook. Every section is data; nothing here runs code."""

    extends: str | list[str] | None = Field(
        default=None,
        description="Playbook(s) this one overlays: a path relative to this file, or 'standard:zh' / 'standard:en'.",
    )
    playbook: Meta
    calendar: CalendarSection = Field(default_factory=CalendarSection)
    tiers: list[Tier] = Field(min_length=1, description="Customer tiers, highest first.")
    faults: list[Fault] = Field(min_length=1, description="Kinds of fault, most company-caused first.")
    record: list[RecordField] = Field(default_factory=list, description="What a complaint record must hold.")
    categories: list[Category] = Field(default_factory=list)
    phrase_sets: list[PhraseSet] = Field(default_factory=list)
    compensation: CompensationSection | None = None
    escalation: EscalationSection
    sla: SlaSection
    triage: TriageSection = Field(default_factory=TriageSection)
    taboos: list[Taboo] = Field(default_factory=list)
    actions: list[ActionRule] = Field(default_factory=list)
    messages: dict[str, str] = Field(
        default_factory=dict,
        description="Engine messages in the playbook's language, by key (see `playbook schema --messages`).",
    )
    watch: WatchSection | None = Field(default=None, description="Patterns watched across cases over time.")

    def domains(self) -> dict[str, list[str]]:
        """The ids each closed-domain fact may take ('faults', 'tiers', 'levels'…)."""
        return {
            "faults": [f.id for f in self.faults],
            "tiers": [t.id for t in self.tiers],
            "categories": [c.id for c in self.categories],
            "remedies": [r.id for r in self.compensation.remedies] if self.compensation else [],
            "priorities": [p.id for p in self.triage.priorities],
            "levels": [lv.id for lv in self.escalation.levels],
            "phrase_sets": [p.id for p in self.phrase_sets],
        }

    def conditions(self) -> Iterator[tuple[tuple[str | int, ...], Condition]]:
        """Every condition in the playbook with its document path (for tools such as lint)."""
        for rule in conditional_rules(self):
            if rule.when is not None:
                yield rule.path + ("when",), rule.when
