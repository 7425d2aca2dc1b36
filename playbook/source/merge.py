"""Combining documents while keeping every value's position.

Two ways of building one playbook from several files need the same care: a *folder*
(files side by side, each holding some top-level sections) and ``extends`` (an overlay
changing a base playbook). Both work on :class:`Node`, a tree that carries each value
together with the spans it was read from, so a merged document still reports errors in
the file and line where each value was written.

Folder rule: a top-level key may appear in several files only if it holds a list in
each (the lists are concatenated in file order) or a mapping in each (the mappings are
joined; a key inside them set in two files is a ``duplicate-key`` error).

Overlay rule (``extends``): mappings merge key by key, the overlay winning. Lists an
overlay may patch are keyed, and a non-empty overlay list merges item by item:

- a list of mappings that all have an ``id`` (taboos, checks, phrase sets, levels,
  triggers, rules…) merges by id: an overlay item with a known id is deep-merged into the
  base item, an item with a new id is appended, and ``{id: x, remove: true}`` deletes
  base item ``x``;
- ``phrases`` (of a phrase set) are appended: a plain string the base already has is
  not added twice, a mapping with an id the base uses replaces that phrase whole, and
  ``{id: x, remove: true}`` deletes it;
- compensation ``limits`` are keyed by fault × tier: an overlay row for a cell the base
  has is deep-merged into it (a base row covering several cells is split into one row
  per cell first, so one cell can be patched), a new cell is appended, and
  ``{fault: f, tier: t, remove: true}`` deletes the cell.

A condition (a ``when`` value) is replaced whole. Any other value, including other plain
lists and an empty list, replaces the base value.
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


#: Keys holding a phrase set's phrases: an overlay adds to them rather than replacing them.
PHRASES_KEY = "phrases"
#: Keys holding the compensation table, whose rows are keyed by fault × tier.
LIMITS_KEY = "limits"
CELL_KEYS = ("fault", "tier")


def overlay(base: Node, over: Node, diagnostics: list[Diagnostic], key: str | None = None) -> Node:
    """``over`` applied on ``base`` by the overlay rule; problems go to ``diagnostics``.

    ``key`` is the mapping key holding both values (None at the root and for list items):
    the list rules depend on it.
    """
    if isinstance(base.content, dict) and isinstance(over.content, dict):
        merged: dict[str, Node] = {}
        for name, child in base.content.items():
            if name in over.content:
                merged[name] = (
                    over.content[name] if name in ATOMIC_KEYS else overlay(child, over.content[name], diagnostics, name)
                )
            else:
                merged[name] = child
        for name, child in over.content.items():
            if name not in base.content:
                merged[name] = child
        return Node(over.spans or base.spans, merged)
    if isinstance(base.content, list) and isinstance(over.content, list) and over.content:
        spans = over.spans or base.spans
        if key == PHRASES_KEY:
            return Node(spans, _merge_phrases(base.content, over.content, diagnostics))
        if key == LIMITS_KEY and _all_cells(base.content) and _all_cells(over.content):
            return Node(spans, _merge_cells(base.content, over.content, diagnostics))
        if _merges_by_id(base.content, over.content):
            return Node(spans, _merge_by_id(base.content, over.content, diagnostics))
    return over


def _item_id(node: Node) -> Any:
    if isinstance(node.content, dict) and ID in node.content:
        value = node.content[ID].content
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return value
    return None


def _merges_by_id(base: list[Node], over: list[Node]) -> bool:
    return bool(over) and all(_item_id(item) is not None for item in [*base, *over])


def _removes(item: Node) -> bool | None:
    """True for ``remove: true``, False for ``remove: false``, None when not written."""
    if not isinstance(item.content, dict) or REMOVE not in item.content:
        return None
    return item.content[REMOVE].content is True


def _without_remove(item: Node) -> Node:
    assert isinstance(item.content, dict)
    return Node(item.spans, {key: child for key, child in item.content.items() if key != REMOVE})


# -- phrases: appended -------------------------------------------------------------


def _merge_phrases(base: list[Node], over: list[Node], diagnostics: list[Diagnostic]) -> list[Node]:
    items: list[Node | None] = list(base)
    by_id: dict[Any, int] = {}
    texts: set[Any] = set()
    for index, item in enumerate(base):
        if _item_id(item) is not None:
            by_id[_item_id(item)] = index
        elif not isinstance(item.content, (dict, list)):
            texts.add(item.content)
    for item in over:
        item_id = _item_id(item)
        if item_id is None:
            if isinstance(item.content, (dict, list)) or item.content not in texts:
                texts.add(item.content if not isinstance(item.content, (dict, list)) else None)
                items.append(item)
            continue
        flag = _removes(item)
        if flag:
            _remove(items, by_id, item, item_id, diagnostics)
            continue
        if flag is False:
            item = _without_remove(item)
        at = by_id.get(item_id)
        if at is not None and items[at] is not None:
            items[at] = item  # a reused id replaces the phrase whole
        else:
            by_id[item_id] = len(items)
            items.append(item)
    return [item for item in items if item is not None]


# -- compensation limits: keyed by fault × tier ------------------------------------

Cell = tuple[Any, Any]


def _members(node: Node | None) -> list[Node] | None:
    """The value nodes a ``fault`` or ``tier`` entry names (one, or each of a list)."""
    if node is None:
        return None
    if isinstance(node.content, list):
        members = list(node.content)
        if members and all(_hashable_scalar(member.content) for member in members):
            return members
        return None
    return [node] if _hashable_scalar(node.content) else None


def _hashable_scalar(value: Any) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool)


def _all_cells(items: list[Node]) -> bool:
    return all(
        isinstance(item.content, dict) and all(_members(item.content.get(key)) for key in CELL_KEYS)
        for item in items
    )


def _cells(item: Node) -> list[tuple[Cell, Node, Node]]:
    """Each (fault, tier) cell a row covers, with the value nodes that name it."""
    assert isinstance(item.content, dict)
    faults = _members(item.content["fault"]) or []
    tiers = _members(item.content["tier"]) or []
    return [((fault.content, tier.content), fault, tier) for fault in faults for tier in tiers]


def _one_cell(item: Node, fault: Node, tier: Node) -> Node:
    assert isinstance(item.content, dict)
    return Node(item.spans, {**item.content, "fault": fault, "tier": tier})


def _merge_cells(base: list[Node], over: list[Node], diagnostics: list[Diagnostic]) -> list[Node]:
    rows: list[Node | None] = list(base)
    where: dict[Cell, int] = {}
    for index, row in enumerate(base):
        for cell, _, _ in _cells(row):
            where.setdefault(cell, index)
    for item in over:
        flag = _removes(item)
        if flag is False:
            item = _without_remove(item)
        cells = _cells(item)
        if flag:
            _remove_cells(rows, where, item, cells, diagnostics)
            continue
        if all(cell not in where for cell, _, _ in cells):
            for cell, _, _ in cells:
                where[cell] = len(rows)
            rows.append(item)
            continue
        for cell, fault, tier in cells:
            _split(rows, where, cell)
            patch = _one_cell(item, fault, tier)
            at = where.get(cell)
            current = rows[at] if at is not None else None
            if at is not None and current is not None:
                rows[at] = overlay(current, patch, diagnostics)
            else:
                where[cell] = len(rows)
                rows.append(patch)
    return [row for row in rows if row is not None]


def _split(rows: list[Node | None], where: dict[Cell, int], cell: Cell) -> None:
    """Make ``cell`` a row of its own when it shares a base row with other cells: the
    row's other cells stay where they are, each as its own row, in the same order."""
    index = where.get(cell)
    row = rows[index] if index is not None else None
    if index is None or row is None:
        return
    cells = _cells(row)
    if len(cells) == 1:
        return
    rows[index:index + 1] = [_one_cell(row, fault, tier) for _, fault, tier in cells]
    _reindex(rows, where)


def _reindex(rows: list[Node | None], where: dict[Cell, int]) -> None:
    where.clear()
    for index, row in enumerate(rows):
        if row is not None:
            for cell, _, _ in _cells(row):
                where.setdefault(cell, index)


def _remove_cells(
    rows: list[Node | None], where: dict[Cell, int], item: Node, cells: list[tuple[Cell, Node, Node]],
    diagnostics: list[Diagnostic],
) -> None:
    assert isinstance(item.content, dict)
    extra = [key for key in item.content if key not in (*CELL_KEYS, REMOVE)]
    if extra:
        diagnostics.append(
            Diagnostic(
                code="extends-invalid",
                message="a limit with 'remove: true' takes only 'fault' and 'tier', but this one also sets "
                + ", ".join(repr(k) for k in extra),
                span=item.child_span(extra[0], prefer="key"),
            )
        )
        return
    for cell, fault, _ in cells:
        if cell not in where or rows[where[cell]] is None:
            known = [f"{f} × {t}" for f, t in where]
            diagnostics.append(
                Diagnostic(
                    code="extends-unknown-id",
                    message=f"cannot remove the limit for fault '{cell[0]}' × tier '{cell[1]}': the base has none",
                    span=fault.spans.value if fault.spans else item.spans.value if item.spans else None,
                    hint=did_you_mean(f"{cell[0]} × {cell[1]}", known),
                )
            )
            continue
        _split(rows, where, cell)
        rows[where[cell]] = None
        _reindex(rows, where)


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
