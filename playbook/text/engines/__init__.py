"""Matching engines and how one is chosen.

``reference`` (normalise each message in Python + pyahocorasick) is always available
and defines the hits.  ``hyperscan`` and ``portable`` fold the whole transcript once
and scan it once (:mod:`.onescan`), with exactly the reference's hits: ``hyperscan``
where its wheel exists, ``portable`` (pyahocorasick over the folded text) everywhere.
``auto`` takes hyperscan when it loads, else the portable engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..patterns import PatternTable
from ..spec import Hit
from .reference import ReferenceEngine

ENGINE_NAMES = ("auto", "reference", "hyperscan", "portable")


class Engine(Protocol):
    """What :class:`~playbook.text.matcher.PhraseMatcher` needs from an engine."""

    name: str

    def scan(self, text: str) -> tuple[Hit, ...]: ...

    def scan_many(self, texts: Sequence[str]) -> tuple[tuple[Hit, ...], ...]: ...


class EngineUnavailableError(ValueError):
    """The engine asked for cannot run here (its package does not load)."""


def build_engine(table: PatternTable, name: str = "auto") -> Engine:
    """The engine called ``name`` for this pattern table."""
    if name == "reference":
        return ReferenceEngine(table)
    if name == "portable":
        from .onescan import PortableEngine

        return PortableEngine(table)
    if name not in ("auto", "hyperscan"):
        raise ValueError(f"unknown matcher engine {name!r}; choose one of {', '.join(ENGINE_NAMES)}")
    try:
        import hyperscan
    except ImportError as exc:
        if name == "auto":
            return build_engine(table, "portable")
        raise EngineUnavailableError(
            f"the 'hyperscan' matcher engine cannot load ({exc}); install the hyperscan package "
            "(wheels exist for x86-64 and aarch64 Linux) or use engine='portable' (or 'auto', "
            "which falls back to it)"
        ) from exc
    from .onescan import HyperscanEngine

    try:
        return HyperscanEngine(table)
    except hyperscan.ArchitectureError as exc:
        if name == "auto":
            return build_engine(table, "portable")
        raise EngineUnavailableError(
            f"hyperscan does not support this CPU ({exc}); use engine='portable' or 'auto'"
        ) from exc


__all__ = ["ENGINE_NAMES", "Engine", "EngineUnavailableError", "ReferenceEngine", "build_engine"]
