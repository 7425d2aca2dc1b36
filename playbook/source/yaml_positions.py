"""Where each node of a composed YAML document was written.

The composer records compact 1-based positions while it reads; only a document that is
accepted is turned into :class:`Span` objects by path (or the diagnostics raised).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playbook.errors import Span
from playbook.source.tree import DocPath, NodeSpan

# A position while composing: 1-based (line, column, end line, end column). Spans are
# only built for documents that are accepted, or for the diagnostics raised.
Where = tuple[int, int, int, int]


@dataclass(slots=True)
class Pos:
    """Positions of one composed node; children mirror the data (shared by aliases)."""

    value: Where
    children: dict[str, tuple[Where | None, Pos]] | list[Pos] | None = None


def where_of(start: Any, end: Any) -> Where:
    """1-based position from PyYAML's 0-based marks."""
    return (start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def flatten(root: Pos, file: str | None) -> dict[DocPath, NodeSpan]:
    """Path → spans for every node, walking iteratively (depth is user-controlled).

    Nodes repeated through aliases share their :class:`Span` objects.
    """
    spans: dict[Where, Span] = {}

    def span(where: Where) -> Span:
        found = spans.get(where)
        if found is None:
            found = spans[where] = Span(file, *where)
        return found

    out: dict[DocPath, NodeSpan] = {}
    todo: list[tuple[DocPath, Where | None, Pos]] = [((), None, root)]
    while todo:
        path, key_where, pos = todo.pop()
        out[path] = NodeSpan(value=span(pos.value), key=span(key_where) if key_where is not None else None)
        if isinstance(pos.children, dict):
            for key, (child_key_span, child) in pos.children.items():
                todo.append((path + (key,), child_key_span, child))
        elif isinstance(pos.children, list):
            for index, child in enumerate(pos.children):
                todo.append((path + (index,), None, child))
    return out
