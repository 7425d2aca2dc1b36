"""The parsed document and where each part of it was written.

Validation, compilation and the CLI all need to turn a path inside the document
(``taboos[2].checks[0].phrase_sets``) back into ``file:line:col``. Keeping the plain data
and a flat path → span index side by side lets every later phase stay ignorant of YAML
while still reporting errors where the policy writer can fix them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from playbook.errors import Span

PathItem = str | int
DocPath = tuple[PathItem, ...]


@dataclass(frozen=True, slots=True)
class NodeSpan:
    """Where one document node was written.

    ``key`` is the span of the mapping key that holds the node (None for list items and
    the document root); ``value`` is the span of the node itself.
    """

    value: Span
    key: Span | None = None


@dataclass(frozen=True, slots=True)
class SourceTree:
    """Plain data of one document plus a position for every path in it.

    ``data`` holds only dicts, lists and YAML core scalars, so it can go straight to
    ``model_validate``. ``positions`` maps each document path to its :class:`NodeSpan`;
    ``Span.file`` may differ between paths when the document was assembled from several
    files (a folder, or ``extends``). ``sources`` lists every file that contributed, bases
    before the documents that extend them.
    """

    data: dict[str, Any]
    positions: Mapping[DocPath, NodeSpan] = field(default_factory=dict)
    file: str | None = None
    sources: tuple[str, ...] = ()

    def node_span(self, path: DocPath) -> NodeSpan | None:
        """The exact spans recorded for ``path``, or None when the path was not written."""
        return self.positions.get(tuple(path))

    def span_of(self, path: DocPath, prefer: Literal["key", "value"] = "key") -> Span | None:
        """Best span for ``path``: its key (or value) span, else the nearest written ancestor's.

        Falling back to ancestors is what makes "missing field" errors useful: the
        missing key has no span, so the error points at the mapping that lacks it.
        """
        current = tuple(path)
        while True:
            spans = self.positions.get(current)
            if spans is not None:
                if prefer == "key" and spans.key is not None:
                    return spans.key
                return spans.value
            if not current:
                return None
            current = current[:-1]
