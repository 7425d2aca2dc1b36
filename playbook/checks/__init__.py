"""Taboo checks, one module per kind. ``build_check`` turns a source check into a compiled one."""

from __future__ import annotations

from collections.abc import Callable

from playbook.model import taboos as src

from .base import CheckHead, CompiledCheck
from .fact import FactCheck
from .handoffs import HandoffsCheck
from .phrases import PhrasesCheck
from .promises import PromisesCheck
from .refusal import RefusalCheck
from .required import RequiredPhrasesCheck
from .sla import SlaCheck

SetKeys = Callable[[list[str]], frozenset[int]]
"""Resolves phrase-set ids to the matcher keys of their phrases."""


def build_check(check: src.Check, head: CheckHead, keys: SetKeys, examples: Callable[[list[str]], tuple[str, ...]]) -> CompiledCheck:
    """The compiled form of one source check (references already resolved by the compiler)."""
    if isinstance(check, src.PhrasesCheck):
        return PhrasesCheck(head, keys(check.phrase_sets))
    if isinstance(check, src.HandoffsCheck):
        return HandoffsCheck(head, check.max_handoffs, check.returns)
    if isinstance(check, src.PromisesCheck):
        return PromisesCheck(
            head, keys(check.promise_phrases), keys(check.date_phrases),
            check.date_required, check.authority, check.overdue,
        )
    if isinstance(check, src.RequiredPhrasesCheck):
        return RequiredPhrasesCheck(head, keys(check.phrase_sets), check.within_messages, examples(check.phrase_sets))
    if isinstance(check, src.SlaCheck):
        return SlaCheck(head, tuple(str(getattr(c, "value", c)) for c in check.clocks))
    if isinstance(check, src.RefusalCheck):
        return RefusalCheck(head, keys(check.refusal_phrases), keys(check.alternative_phrases))
    if isinstance(check, src.FactCheck):
        return FactCheck(head, tuple(check.show))
    raise TypeError(f"no compiled form for check kind {type(check).__name__}")


def phrase_set_fields(check: src.Check) -> dict[str, list[str]]:
    """The fields of a check that name phrase sets, for reference resolution."""
    names = ("phrase_sets", "promise_phrases", "date_phrases", "refusal_phrases", "alternative_phrases")
    return {name: getattr(check, name) for name in names if hasattr(check, name)}


__all__ = ["CheckHead", "CompiledCheck", "build_check", "phrase_set_fields"]
