"""Taboo checks, one module per kind, listed in one table (:data:`KINDS`).

A check kind is its YAML shape (a source model in :mod:`playbook.model.taboos`) and one
module here holding its compiled form and its table row, ``KIND``: how to build it, the
messages it writes, which fields name phrase sets (for reference resolution and lint) and
which fields sum the check up (for ``explain``). The table is read from those modules, so
nothing else in the package lists check kinds and a new kind touches two files.
"""

from __future__ import annotations

import importlib
import pkgutil
import typing
from typing import Any

from playbook.model import taboos as src

from .base import CheckContext, CheckHead, CompiledCheck, LevelView, PhraseView
from .kind import CheckKind, CheckMessage, PhraseSets


def _rows() -> tuple[CheckKind[Any], ...]:
    """The ``KIND`` of every module of this package, in the order of the source union."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        row = getattr(importlib.import_module(f"{__name__}.{info.name}"), "KIND", None)
        if isinstance(row, CheckKind):
            found.append(row)
    order = {model: rank for rank, model in enumerate(typing.get_args(typing.get_args(src.Check)[0]))}
    return tuple(sorted(found, key=lambda row: (order.get(row.source, len(order)), row.kind)))


KINDS: tuple[CheckKind[Any], ...] = _rows()
"""Every check kind. An immutable tuple read once from the modules: nothing registers itself."""

_BY_SOURCE: dict[type[src.CheckBase], CheckKind[Any]] = {row.source: row for row in KINDS}


def kind_of(check: src.CheckBase) -> CheckKind[Any]:
    """The table row of a source check."""
    row = _BY_SOURCE.get(type(check))
    if row is None:
        raise TypeError(f"check kind {type(check).__name__} has no module in playbook.checks defining its KIND")
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
    "CheckMessage",
    "CompiledCheck",
    "LevelView",
    "PhraseSets",
    "PhraseView",
    "build_check",
    "kind_of",
    "phrase_set_fields",
    "summary",
]
