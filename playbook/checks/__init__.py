"""Taboo checks, one module per kind, listed in one table (:data:`KINDS`).

A check kind is its YAML shape (a source model in :mod:`playbook.model.taboos`) and its
compiled form (a module here). The table row joins the two and says which fields name
phrase sets (for reference resolution and lint) and which fields sum the check up (for
``explain``), so nothing else in the package lists check kinds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from playbook.model import taboos as src

from .base import CheckContext, CheckHead, CompiledCheck, LevelView, PhraseView
from .fact import FactCheck
from .handoffs import HandoffsCheck
from .phrases import PhrasesCheck
from .promises import PromisesCheck
from .refusal import RefusalCheck
from .required import RequiredPhrasesCheck
from .sla import SlaCheck


class PhraseSets(Protocol):
    """What a builder may ask of the compiler about phrase sets named by a check."""

    def keys(self, set_ids: list[str]) -> frozenset[int]:
        """The matcher keys of every phrase in these sets."""

    def examples(self, set_ids: list[str]) -> tuple[str, ...]:
        """A few phrases of these sets, for messages."""


Builder = Callable[[Any, CheckHead, PhraseSets], CompiledCheck]


@dataclass(frozen=True, slots=True)
class CheckKind:
    """One row of the table: a source model, how to compile it, and what its fields mean."""

    source: type[src.CheckBase]
    build: Builder
    phrase_fields: tuple[str, ...] = ()
    """Fields holding phrase-set ids."""
    summary_fields: tuple[str, ...] = ()
    """Fields that say in a few words what the check looks at, in the order shown."""

    @property
    def kind(self) -> str:
        return str(self.source.model_fields["kind"].annotation.__args__[0])  # type: ignore[union-attr]


KINDS: tuple[CheckKind, ...] = (
    CheckKind(
        src.PhrasesCheck,
        lambda c, head, sets: PhrasesCheck(head, sets.keys(c.phrase_sets)),
        phrase_fields=("phrase_sets",), summary_fields=("phrase_sets",),
    ),
    CheckKind(
        src.HandoffsCheck,
        lambda c, head, sets: HandoffsCheck(head, c.max_handoffs, c.returns),
        summary_fields=("max_handoffs",),
    ),
    CheckKind(
        src.PromisesCheck,
        lambda c, head, sets: PromisesCheck(
            head, sets.keys(c.promise_phrases), sets.keys(c.date_phrases), c.date_required, c.authority, c.overdue,
        ),
        phrase_fields=("promise_phrases", "date_phrases"), summary_fields=("promise_phrases", "date_phrases"),
    ),
    CheckKind(
        src.RequiredPhrasesCheck,
        lambda c, head, sets: RequiredPhrasesCheck(
            head, sets.keys(c.phrase_sets), c.within_messages, sets.examples(c.phrase_sets),
        ),
        phrase_fields=("phrase_sets",), summary_fields=("phrase_sets", "within_messages"),
    ),
    CheckKind(
        src.SlaCheck,
        lambda c, head, sets: SlaCheck(head, tuple(str(getattr(clock, "value", clock)) for clock in c.clocks)),
        summary_fields=("clocks",),
    ),
    CheckKind(
        src.RefusalCheck,
        lambda c, head, sets: RefusalCheck(head, sets.keys(c.refusal_phrases), sets.keys(c.alternative_phrases)),
        phrase_fields=("refusal_phrases", "alternative_phrases"),
        summary_fields=("refusal_phrases", "alternative_phrases"),
    ),
    CheckKind(
        src.FactCheck,
        lambda c, head, sets: FactCheck(head, tuple(c.show)),
    ),
)
"""Every check kind. A tuple: nothing registers itself at import time."""

_BY_SOURCE: dict[type[src.CheckBase], CheckKind] = {row.source: row for row in KINDS}


def kind_of(check: src.CheckBase) -> CheckKind:
    """The table row of a source check."""
    row = _BY_SOURCE.get(type(check))
    if row is None:
        raise TypeError(f"check kind {type(check).__name__} is not in playbook.checks.KINDS")
    return row


def build_check(check: src.CheckBase, head: CheckHead, sets: PhraseSets) -> CompiledCheck:
    """The compiled form of one source check (references already resolved by the compiler)."""
    return kind_of(check).build(check, head, sets)


def phrase_set_fields(check: src.CheckBase) -> dict[str, list[str]]:
    """The fields of a check that name phrase sets, for reference resolution."""
    return {name: getattr(check, name) for name in kind_of(check).phrase_fields}


def summary(check: src.CheckBase) -> str:
    """What a check looks for, in a few words: its kind and the sets, clocks or limits it reads."""
    params = []
    for name in kind_of(check).summary_fields:
        value = getattr(check, name, None)
        if isinstance(value, list):
            if value:
                params.append(f"{name} [{', '.join(str(getattr(v, 'value', v)) for v in value)}]")
        elif value is not None:
            params.append(f"{name} {value}")
    kind = str(check.kind)  # type: ignore[attr-defined]
    return kind + (": " + "; ".join(params) if params else "")


__all__ = [
    "KINDS",
    "CheckContext",
    "CheckHead",
    "CheckKind",
    "CompiledCheck",
    "LevelView",
    "PhraseSets",
    "PhraseView",
    "build_check",
    "kind_of",
    "phrase_set_fields",
    "summary",
]
