"""Combining documents while keeping every value's position.

Two ways of building one playbook from several files need the same care: a *folder*
(files side by side, each holding some top-level sections) and ``extends`` (an overlay
changing a base playbook). Both work on :class:`Node`, a tree that carries each value
together with the spans it was read from, so a merged document still reports errors in
the file and line where each value was written.

Folder rule: a top-level key may appear in several files only if it holds a list in
each (the lists are concatenated in file order) or a mapping in each (the mappings are
joined; a key inside them set in two files is a ``duplicate-key`` error).

Overlay rule (``extends``): mappings merge key by key, the overlay winning. A list of
mappings that all have an ``id`` merges by id when the overlay list is not empty: an
overlay item with a known id is deep-merged into the base item, an item with a new id is
appended, and ``{id: x, remove: true}`` deletes base item ``x``. A condition (a ``when``
value) is replaced whole. Any other value, including plain lists and an empty list,
replaces the base value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from playbook.errors import Diagnostic, LoadError, Span
from playbook.source.tree import DocPath, NodeSpan, SourceTree
from playbook.suggest import did_you_mean

REMOVE = "remove"
ID = "id"


@dataclass(slots=True)
class Node:
    """One value with its spans; containers hold child nodes instead of plain values."""

    spans: NodeSpan | None
    content: Any  # dict[str, Node] | list[Node] | scalar

    def child_span(self, key: str | int, prefer: str = "value") -> Span | None:
        """Span of a child (its key span when ``prefer='key'`` and it has one)."""
        child: Node | None = None
        if isinstance(self.content, dict):
            child = self.content.get(key)
        elif isinstance(self.content, list) and isinstance(key, int) and 0 <= key < len(self.content):
            child = self.content[key]
        spans = child.spans if child is not None else None
        if spans is None:
            return self.spans.value if self.spans else None
        return spans.key if prefer == "key" and spans.key is not None else spans.value


def to_node(tree: SourceTree) -> Node:
    """The :class:`Node` form of ``tree`` (recursion depth is bounded by the nesting limit)."""

    def build(value: Any, path: DocPath) -> Node:
        spans = tree.positions.get(path)
        if isinstance(value, dict):
            return Node(spans, {key: build(item, path + (key,)) for key, item in value.items()})
        if isinstance(value, list):
            return Node(spans, [build(item, path + (index,)) for index, item in enumerate(value)])
        return Node(spans, value)

    return build(tree.data, ())


def to_tree(root: Node, file: str | None, sources: Iterable[str]) -> SourceTree:
    """Plain data and flat positions back from a :class:`Node` tree."""
    positions: dict[DocPath, NodeSpan] = {}

    def flatten(node: Node, path: DocPath) -> Any:
        if node.spans is not None:
            positions[path] = node.spans
        if isinstance(node.content, dict):
            return {key: flatten(child, path + (key,)) for key, child in node.content.items()}
        if isinstance(node.content, list):
            return [flatten(child, path + (index,)) for index, child in enumerate(node.content)]
        return node.content

    data = flatten(root, ())
    return SourceTree(data=data, positions=positions, file=file, sources=_unique(sources))


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


# -- folders ----------------------------------------------------------------


def combine_folder(trees: list[SourceTree], folder: str) -> SourceTree:
    """One document from the files of a folder, by the folder rule in the module doc."""
    if not trees:
        raise LoadError(Diagnostic(code="empty-folder", message=f"folder {folder} holds no playbook files"))
    root = Node(trees[0].positions.get(()), {})
    diagnostics: list[Diagnostic] = []
    owners: dict[str, Node] = {}
    for tree in trees:
        node = to_node(tree)
        for key, child in node.content.items():
            present = root.content.get(key)
            if present is None:
                root.content[key] = Node(child.spans, _shallow(child.content))
                owners[key] = child
            elif key != "extends" and isinstance(present.content, list) and isinstance(child.content, list):
                present.content.extend(child.content)
            elif key != "extends" and isinstance(present.content, dict) and isinstance(child.content, dict):
                for inner, value in child.content.items():
                    if inner in present.content:
                        diagnostics.append(_split_duplicate(f"{key}.{inner}", present.content[inner], value))
                    else:
                        present.content[inner] = value
            else:
                diagnostics.append(_split_duplicate(key, owners[key], child, top_level=True))
    if diagnostics:
        raise LoadError(diagnostics)
    sources = [source for tree in trees for source in tree.sources]
    return to_tree(root, folder, sources)


def _shallow(content: Any) -> Any:
    """A fresh container, so later files extend the merged document, not the first file."""
    if isinstance(content, dict):
        return dict(content)
    if isinstance(content, list):
        return list(content)
    return content


def _split_duplicate(name: str, first: Node, second: Node, top_level: bool = False) -> Diagnostic:
    first_span = _key_span(first)
    where = str(first_span) if first_span is not None else "another file"
    message = f"duplicate key '{name}': it is already set in {where}"
    hint = (
        "only lists and mappings can be split across the files of a folder; keep this key in one file"
        if top_level
        else "set each key in one file only"
    )
    return Diagnostic(code="duplicate-key", message=message, span=_key_span(second), hint=hint)


def _key_span(node: Node) -> Span | None:
    if node.spans is None:
        return None
    return node.spans.key or node.spans.value


# -- overlays ---------------------------------------------------------------


#: Keys whose value is one whole thing — a condition — that an overlay replaces rather than
#: merges: mixing ``{fact: a, eq: 1}`` into ``{any: [...]}`` would make a third condition
#: nobody wrote.
ATOMIC_KEYS = frozenset({"when"})


def overlay(base: Node, over: Node, diagnostics: list[Diagnostic]) -> Node:
    """``over`` applied on ``base`` by the overlay rule; problems go to ``diagnostics``."""
    if isinstance(base.content, dict) and isinstance(over.content, dict):
        merged: dict[str, Node] = {}
        for key, child in base.content.items():
            if key in over.content:
                merged[key] = over.content[key] if key in ATOMIC_KEYS else overlay(child, over.content[key], diagnostics)
            else:
                merged[key] = child
        for key, child in over.content.items():
            if key not in base.content:
                merged[key] = child
        return Node(over.spans or base.spans, merged)
    if isinstance(base.content, list) and isinstance(over.content, list) and _merges_by_id(base.content, over.content):
        return Node(over.spans or base.spans, _merge_by_id(base.content, over.content, diagnostics))
    return over


def _item_id(node: Node) -> Any:
    if isinstance(node.content, dict) and ID in node.content:
        value = node.content[ID].content
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return value
    return None


def _merges_by_id(base: list[Node], over: list[Node]) -> bool:
    return bool(over) and all(_item_id(item) is not None for item in [*base, *over])


def _merge_by_id(base: list[Node], over: list[Node], diagnostics: list[Diagnostic]) -> list[Node]:
    items: list[Node | None] = list(base)
    where: dict[Any, int] = {_item_id(item): index for index, item in enumerate(base)}
    for item in over:
        item_id = _item_id(item)
        assert isinstance(item.content, dict)
        flag = item.content.get(REMOVE)
        if flag is not None and flag.content is True:
            _remove(items, where, item, item_id, diagnostics)
            continue
        if flag is not None and flag.content is False:
            item = Node(item.spans, {key: child for key, child in item.content.items() if key != REMOVE})
        index = where.get(item_id)
        if index is not None and items[index] is not None:
            current = items[index]
            assert current is not None
            items[index] = overlay(current, item, diagnostics)
        else:
            where[item_id] = len(items)
            items.append(item)
    return [item for item in items if item is not None]


def _remove(
    items: list[Node | None], where: dict[Any, int], item: Node, item_id: Any, diagnostics: list[Diagnostic]
) -> None:
    assert isinstance(item.content, dict)
    extra = [key for key in item.content if key not in (ID, REMOVE)]
    if extra:
        diagnostics.append(
            Diagnostic(
                code="extends-invalid",
                message=f"an item with 'remove: true' takes only 'id', but this one also sets {', '.join(repr(k) for k in extra)}",
                span=item.child_span(extra[0], prefer="key"),
            )
        )
        return
    index = where.get(item_id)
    if index is None or items[index] is None:
        known = [str(_item_id(node)) for node in items if node is not None]
        diagnostics.append(
            Diagnostic(
                code="extends-unknown-id",
                message=f"cannot remove '{item_id}': the base has no item with that id",
                span=item.child_span(ID),
                hint=did_you_mean(str(item_id), known),
            )
        )
        return
    items[index] = None
