"""Trying an overlay on the served playbook: "what if this phrase read differently?"

The overlay is YAML text written by the rules of ``extends`` overlays (items merged by id,
phrases appended, ``remove: true`` deletes), applied in memory on the *served* version's
merged source, then validated and compiled like any playbook. Nothing is read or written
on disk and the served version is untouched: the result lives for one request (and in a
small per-app cache, so editing a case against the same overlay does not compile again).

The overlay may not say ``extends`` (it always extends the served version) and is bounded
by ``ServeSettings.max_overlay_bytes`` as well as by the usual YAML limits.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from pydantic import BaseModel, ConfigDict, Field

from playbook.api import Playbook, validate_source
from playbook.case import Case
from playbook.compile.pipeline import compile_source
from playbook.decision import Decision
from playbook.errors import Diagnostic, LoadError, Span
from playbook.source.limits import DEFAULT_LIMITS, Limits
from playbook.source.loader import EXTENDS
from playbook.source.merge import overlay, to_node, to_tree
from playbook.source.yaml_reader import read_yaml

OVERLAY = "<overlay>"


class OverlayRequest(BaseModel):
    """A case, and an overlay to try on the served playbook for it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case: Case
    overlay: str = Field(default="", max_length=1_000_000,
                         description="Overlay YAML applied on the served version (no 'extends'). Empty: none.")
    trace: bool = Field(default=False, description="Include the explain trace.")


class OverlayResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    base: str = Field(description="Content hash of the served version the overlay was applied on.")
    overlaid: str = Field(description="Content hash of the playbook with the overlay applied.")
    decision: Decision
    warnings: list[str] = Field(description="Compile warnings of the overlaid playbook, as the CLI prints them.")


class OverlayCache:
    """The last few overlaid playbooks of one app, keyed by (served hash, overlay text)."""

    def __init__(self, size: int = 8) -> None:
        self._size = size
        self._items: OrderedDict[tuple[str, str], Playbook] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, base: Playbook, text: str, limits: Limits = DEFAULT_LIMITS) -> Playbook:
        key = (base.content_hash, text)
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        built = apply_overlay(base, text, limits)
        with self._lock:
            self._items[key] = built
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return built


def apply_overlay(base: Playbook, text: str, limits: Limits = DEFAULT_LIMITS) -> Playbook:
    """``base`` with the overlay ``text`` applied; PlaybookError with located diagnostics else."""
    if not text.strip():
        return base
    tree = read_yaml(text.encode("utf-8"), OVERLAY, limits)
    if not isinstance(tree.data, dict):
        raise LoadError(Diagnostic(code="overlay-not-mapping", message="an overlay is a mapping of sections",
                                   span=Span(OVERLAY, 1, 1), hint="for example: phrase_sets: [{id: …, phrases: […]}]"))
    if EXTENDS in tree.data:
        raise LoadError(Diagnostic(
            code="overlay-extends", message="an overlay tried here always extends the served playbook",
            span=tree.span_of((EXTENDS,), prefer="key"), hint="remove the 'extends' line"))
    if base.tree is None:
        raise LoadError(Diagnostic(code="overlay-no-source",
                                   message="the served playbook has no source to apply an overlay on"))
    diagnostics: list[Diagnostic] = []
    merged = overlay(to_node(base.tree), to_node(tree), diagnostics)
    if diagnostics:
        raise LoadError(diagnostics)
    merged_tree = to_tree(merged, OVERLAY, [*base.tree.sources, OVERLAY])
    source = validate_source(merged_tree)
    compiled, warnings = compile_source(source, merged_tree.span_of)
    return Playbook(compiled, source, warnings, merged_tree)


def evaluate_with_overlay(base: Playbook, request: OverlayRequest, cache: OverlayCache,
                          limits: Limits = DEFAULT_LIMITS) -> OverlayResult:
    try:
        playbook = cache.get(base, request.overlay, limits)
    except RecursionError:  # pragma: no cover - the YAML limits bound the nesting first
        raise LoadError(Diagnostic(code="overlay-too-deep", message="the overlay nests too deeply")) from None
    decision = playbook.evaluate(request.case, trace=request.trace)
    return OverlayResult(base=base.content_hash, overlaid=playbook.content_hash, decision=decision,
                         warnings=[d.format() for d in playbook.diagnostics])


__all__ = ["OverlayCache", "OverlayRequest", "OverlayResult", "apply_overlay", "evaluate_with_overlay"]
