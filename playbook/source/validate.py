"""Validate a :class:`SourceTree` against a pydantic model and explain every error.

Each pydantic error becomes a :class:`Diagnostic` with a stable code, located at the
node it is about, worded for policy writers:

``unknown-field``   a key the model does not have (with "did you mean ...?")
``missing-field``   a required key is absent (located at the mapping that lacks it)
``wrong-type``      the value is the wrong kind of thing ("expected a number, got text 'abc'")
``invalid-value``   the right kind of value, but not allowed (literals, enums, ranges,
                    custom validators, whose message is passed through)
``unknown-kind``    a discriminator value (``kind: ...``) names no known variant

Plain unions make pydantic report one error per member for a single mistake; those are
folded into the one that explains it (see :func:`_fold_unions`), and the alternatives
are kept as ``related`` diagnostics so nothing is lost.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from playbook.errors import Diagnostic, format_path, sort_diagnostics
from playbook.source import explain
from playbook.source.locate import (
    Located,
    field_names,
    literal_values,
    locate,
    settle,
    union_members,
)
from playbook.source.tree import DocPath, SourceTree
from playbook.suggest import did_you_mean, nearest

M = TypeVar("M", bound=BaseModel)

_UNKNOWN_FIELD = frozenset({"extra_forbidden", "unexpected_keyword_argument"})
_MISSING_FIELD = frozenset({"missing", "missing_keyword_argument", "missing_argument"})
_CHOICE = frozenset({"literal_error", "enum"})


@dataclass(frozen=True, slots=True)
class _Record:
    """One explained error, with what union folding needs to know about it."""

    diagnostic: Diagnostic
    located: Located
    value: Any
    shape: str | None  # what the value should have been, when it was the wrong kind


def validate(model_cls: type[M], tree: SourceTree, *, context: Any = None) -> tuple[M | None, list[Diagnostic]]:
    """Validate ``tree.data`` as ``model_cls``; return the model or every error, sorted.

    Exceptions other than pydantic's ``ValidationError`` (bugs in validators) propagate.
    """
    try:
        return model_cls.model_validate(tree.data, context=context), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    records = [_explain(model_cls, tree, dict(error)) for error in errors]
    return None, sort_diagnostics(record.diagnostic for record in _fold_unions(records, tree, 0))


# -- one error -------------------------------------------------------------


def _explain(model_cls: type[BaseModel], tree: SourceTree, error: dict[str, Any]) -> _Record:
    located = locate(model_cls, tree.data, error["loc"])
    kind = error["type"]
    if kind in _UNKNOWN_FIELD:
        return _unknown_field(tree, located, error)
    if kind in _MISSING_FIELD:
        return _missing_field(tree, located, error)
    if kind == "union_tag_invalid":
        return _unknown_kind(tree, located, error)
    if kind == "union_tag_not_found":
        return _missing_kind(tree, located, error)
    if kind in _CHOICE:
        return _not_a_choice(tree, located, error)
    return _bad_value(tree, located, error)


def _make(
    tree: SourceTree,
    located: Located,
    error: dict[str, Any],
    code: str,
    message: str,
    hint: str | None = None,
    *,
    path: DocPath | None = None,
    prefer: str = "value",
    shape: str | None = None,
) -> _Record:
    path = located.path if path is None else path
    if located.key_error and path:
        message = f"key {explain.show(path[-1])}: {message}"
        prefer = "key"
    span = tree.span_of(path, prefer="key" if prefer == "key" else "value")
    diagnostic = Diagnostic(code=code, message=message, span=span, path=path, hint=hint)
    return _Record(diagnostic, located, error.get("input"), shape)


def _where(path: DocPath) -> str:
    return f"in {format_path(path)}" if path else "at the top level"


def _unknown_field(tree: SourceTree, located: Located, error: dict[str, Any]) -> _Record:
    name = located.path[-1] if located.path else "?"
    allowed = field_names(located.parent) or []
    hint = did_you_mean(str(name), allowed) if allowed else None
    message = f"unknown field '{name}' {_where(located.path[:-1])}"
    return _make(tree, located, error, "unknown-field", message, hint, prefer="key")


def _missing_field(tree: SourceTree, located: Located, error: dict[str, Any]) -> _Record:
    name = located.path[-1] if located.path else "?"
    message = f"missing required field '{name}'"
    parent = located.path[:-1]
    if parent:
        message += f" {_where(parent)}"
    return _make(tree, located, error, "missing-field", message, prefer="key")


def _discriminator(located: Located, error: dict[str, Any]) -> str:
    if located.discriminator:
        return located.discriminator
    raw = str((error.get("ctx") or {}).get("discriminator", "kind"))
    return raw.strip("'")


def _unknown_kind(tree: SourceTree, located: Located, error: dict[str, Any]) -> _Record:
    ctx = error.get("ctx") or {}
    field = _discriminator(located, error)
    tag = ctx.get("tag")
    allowed = explain.quoted_items(str(ctx.get("expected_tags", ""))) or _kinds(located.point, field)
    message = f"unknown {field} '{tag}'"
    hint = did_you_mean(str(tag), allowed)
    if hint is not None and hint.startswith("did you mean") and len(allowed) <= 12:
        hint += " (allowed: " + ", ".join(f"'{item}'" for item in allowed) + ")"
    path = located.path + (field,) if isinstance(error.get("input"), dict) and field in error["input"] else located.path
    return _make(tree, located, error, "unknown-kind", message, hint, path=path)


def _missing_kind(tree: SourceTree, located: Located, error: dict[str, Any]) -> _Record:
    field = _discriminator(located, error)
    allowed = _kinds(located.point, field)
    hint = f"'{field}' says which kind of entry this is" + (
        ": one of " + ", ".join(f"'{item}'" for item in allowed) if allowed else ""
    )
    message = f"missing required field '{field}'"
    if located.path:
        message += f" {_where(located.path)}"
    return _make(tree, located, error, "missing-field", message, hint, path=located.path + (field,), prefer="key")


def _kinds(tp: Any, field: str) -> list[str]:
    """Discriminator values the members of a tagged union accept for ``field``."""
    kinds: list[str] = []
    for member in union_members(tp) or []:
        bare, _ = settle(member, None)
        if isinstance(bare, type) and issubclass(bare, BaseModel):
            info = bare.model_fields.get(field)
            if info is None:
                info = next((f for f in bare.model_fields.values() if f.alias == field), None)
            if info is not None:
                kinds.extend(str(value) for value in literal_values(info.annotation) or ())
    return kinds


def _not_a_choice(tree: SourceTree, located: Located, error: dict[str, Any]) -> _Record:
    value = error.get("input")
    allowed = literal_values(located.point)
    if allowed is None:
        allowed = explain.quoted_items(str((error.get("ctx") or {}).get("expected", "")))
    shown = [
        explain.show(item.value if hasattr(item, "value") and not isinstance(item, str) else item) for item in allowed
    ]
    if len(shown) == 1:
        expected = shown[0]
        message = f"{explain.show(value)} is not allowed here; expected {expected}"
    else:
        expected = "one of " + ", ".join(shown)
        message = f"{explain.show(value)} is not allowed here; expected {expected}"
    best = nearest(str(value), [str(item) for item in allowed]) if value is not None else None
    hint = f"did you mean {explain.show(_original(best, allowed))}?" if best is not None else None
    return _make(tree, located, error, "invalid-value", message, hint, shape=expected)


def _original(text: str, allowed: list[Any]) -> Any:
    return next((item for item in allowed if str(item) == text), text)


def _bad_value(tree: SourceTree, located: Located, error: dict[str, Any]) -> _Record:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind in explain.TYPE_ERRORS:
        expected = explain.EXPECTED[kind]
        names = field_names(located.point) if kind.startswith(("model", "dataclass")) else None
        if names:
            expected += (
                " (with " + ", ".join(f"'{name}'" for name in names[:4]) + (", ..." if len(names) > 4 else "") + ")"
            )
        message = explain.wrong_type_message(expected, value)
        return _make(
            tree,
            located,
            error,
            "wrong-type",
            message,
            explain.wrong_type_hint(kind, value),
            shape=explain.EXPECTED[kind],
        )
    if kind == "is_instance_of":
        expected = f"a {ctx.get('class', 'value of another kind')}"
        return _make(tree, located, error, "wrong-type", explain.wrong_type_message(expected, value), shape=expected)
    message = explain.constraint_message(kind, ctx, value) or explain.custom_message(error)
    return _make(tree, located, error, "invalid-value", message)


# -- unions ----------------------------------------------------------------


def _fold_unions(records: list[_Record], tree: SourceTree, depth: int) -> list[_Record]:
    """Replace the per-member errors of each union by the ones that explain the mistake.

    If every member rejected the value for being the wrong kind of thing, one
    ``wrong-type`` error lists what would have been accepted. Otherwise the member the
    value most looks like wins (its discriminating literal fields match, then fewest
    errors), and the other members' errors become ``related`` diagnostics.
    """
    kept: list[_Record] = []
    groups: dict[tuple[Any, ...], list[_Record]] = {}
    for record in records:
        if len(record.located.choices) > depth:
            groups.setdefault(record.located.choices[depth].key, []).append(record)
        else:
            kept.append(record)
    for group in groups.values():
        kept.extend(_fold_group(group, tree, depth))
    return kept


def _fold_group(group: list[_Record], tree: SourceTree, depth: int) -> list[_Record]:
    union_path = group[0].located.choices[depth].path
    members: dict[str, list[_Record]] = {}
    for record in group:
        members.setdefault(record.located.choices[depth].label, []).append(record)

    def rejects_kind(records: list[_Record]) -> bool:
        return all(record.shape is not None and record.diagnostic.path == union_path for record in records)

    near = [label for label, records in members.items() if not rejects_kind(records)]
    if not near:
        return [_merged_wrong_type(group, tree, union_path)]
    best = min(near, key=lambda label: (_kind_mismatch(members[label], union_path), len(members[label])))
    chosen = _fold_unions(members[best], tree, depth + 1)
    others = tuple(record.diagnostic for label, records in members.items() if label != best for record in records)
    if chosen and others:
        first = chosen[0]
        related = first.diagnostic.related + others
        chosen[0] = dataclasses.replace(first, diagnostic=dataclasses.replace(first.diagnostic, related=related))
    return chosen


def _kind_mismatch(records: list[_Record], union_path: DocPath) -> bool:
    """True when a literal field right under the union rejected the value (``kind: x``)."""
    return any(
        record.diagnostic.code == "invalid-value"
        and record.shape is not None
        and len(record.diagnostic.path) == len(union_path) + 1
        and record.diagnostic.path[: len(union_path)] == union_path
        for record in records
    )


def _merged_wrong_type(group: list[_Record], tree: SourceTree, union_path: DocPath) -> _Record:
    expectations: list[str] = []
    for record in group:
        if record.shape is not None and record.shape not in expectations:
            expectations.append(record.shape)
    if len(expectations) > 1:
        expected = ", ".join(expectations[:-1]) + " or " + expectations[-1]
    else:
        expected = expectations[0]
    value = group[0].value
    first = group[0]
    if all(record.diagnostic.code == "invalid-value" for record in group):
        code, message = "invalid-value", f"{explain.show(value)} is not allowed here; expected {expected}"
    else:
        code, message = "wrong-type", explain.wrong_type_message(expected, value)
    diagnostic = Diagnostic(
        code=code,
        message=message,
        span=tree.span_of(union_path, prefer="value"),
        path=union_path,
        hint=next((record.diagnostic.hint for record in group if record.diagnostic.hint), None),
    )
    return _Record(diagnostic, first.located, value, expected)
