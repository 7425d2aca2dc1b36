"""The shape of one row of the check-kind table (:data:`playbook.checks.KINDS`).

Each check module defines its own row as ``KIND``, next to the compiled check it builds, so
a new kind is its source model (:mod:`playbook.model.taboos`) and one module here: the
table, the messages it writes and what compile, lint and ``explain`` need to know all come
from that row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from playbook.model import taboos as src

from .base import CheckHead, CompiledCheck

if TYPE_CHECKING:
    from .scope import HitScope

S = TypeVar("S", bound=src.CheckBase)


class PhraseSets(Protocol):
    """What a builder may ask of the compiler about phrase sets named by a check."""

    def keys(self, set_ids: list[str]) -> frozenset[int]:
        """The matcher keys of every phrase in these sets."""

    def examples(self, set_ids: list[str]) -> tuple[str, ...]:
        """A few phrases of these sets, for messages."""

    def scopes(self, set_ids: list[str]) -> Mapping[int, HitScope]:
        """The scope of each phrase of these sets that has one (the others: agent messages, anywhere)."""


@dataclass(frozen=True, slots=True)
class CheckMessage:
    """An engine message a check writes: its key, English default and the names it is given.

    ``fields`` are the values the check passes besides the default text's own placeholders;
    a playbook's translation (or a check's own ``message``) may use any of them.
    """

    key: str
    text: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckKind(Generic[S]):
    """One row of the table: a source model, how to compile it, and what its fields mean."""

    source: type[S]
    build: Callable[[S, CheckHead, PhraseSets], CompiledCheck]
    messages: tuple[CheckMessage, ...]
    """The engine messages this kind writes."""
    phrase_fields: tuple[str, ...] = ()
    """Fields holding phrase-set ids."""
    summary_fields: tuple[str, ...] = ()
    """Fields that say in a few words what the check looks at, in the order shown."""
    message_names_facts: bool = False
    """Its own ``message`` may name any fact (as ``a_b`` for ``a.b``): it shows the facts it reads."""

    @property
    def kind(self) -> str:
        return str(self.source.model_fields["kind"].annotation.__args__[0])  # type: ignore[union-attr]
