"""From a pydantic error ``loc`` to the document path and the type expected there.

Pydantic's ``loc`` mixes two things: the steps through the document (field names as
written, list indexes, dict keys) and steps through the *schema* (the member tag of a
union, the discriminator value of a tagged union, labels such as
``function-after[...]``). Policy writers only know the document, so this module walks
the model's type hints alongside the ``loc`` to tell the two apart, and on the way learns
what the error needs to be explained: the model whose fields are allowed at that point,
the type expected at the error, and which union members were tried.

The walk is generic over any pydantic model: nested models, lists, tuples, dicts,
Optional, plain and discriminated unions (string or callable discriminators), aliases,
generic models and RootModel. Where the type is not known (``Any``, custom types),
steps are taken from the data itself.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections import abc
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, RootModel
from pydantic.fields import FieldInfo

from playbook.source.tree import DocPath, PathItem

_UNION_ORIGINS: tuple[Any, ...] = (typing.Union, types.UnionType)
_SEQUENCE_ORIGINS: tuple[Any, ...] = (list, set, frozenset, abc.Sequence, abc.MutableSequence, abc.Set, abc.MutableSet)
_MAPPING_ORIGINS: tuple[Any, ...] = (dict, abc.Mapping, abc.MutableMapping)
_PRIMITIVE_LABELS = {int: "int", str: "str", float: "float", bool: "bool", bytes: "bytes"}
_MISSING = object()


@dataclass(frozen=True, slots=True)
class UnionChoice:
    """A union the error went through: where it is and which member was tried."""

    key: tuple[Any, ...]  # the loc up to the union; identifies the union point
    path: DocPath  # document path of the value the union validated
    label: str  # pydantic's tag for the member
    member: Any  # the member type, or None when it could not be identified


@dataclass(slots=True)
class Located:
    """What the walk learnt about one error location."""

    path: DocPath
    point: Any = None  # type expected at the error (None: unknown)
    parent: Any = None  # type of the container holding the last path step
    discriminator: str | None = None  # discriminator field, when ``point`` is a tagged union
    key_error: bool = False  # the error is about a dict key, not its value
    choices: list[UnionChoice] = field(default_factory=list)


def locate(model_cls: type[BaseModel], data: Any, loc: Iterable[PathItem]) -> Located:
    """Split ``loc`` into document steps and schema steps, following ``model_cls``."""
    items = list(loc)
    path: list[PathItem] = []
    point, discriminator = settle(model_cls, None)
    parent: Any = None
    node: Any = data
    choices: list[UnionChoice] = []
    key_error = False
    for index, item in enumerate(items):
        members = union_members(point)
        if members is not None:
            member = _pick_member(members, item, discriminator)
            choices.append(UnionChoice(tuple(items[:index]), tuple(path), str(item), member))
            point, discriminator = settle(member, None)
            continue
        if item == "[key]":
            key_error = True
            point, discriminator = settle(_mapping_types(point)[0], None)
            continue
        parent = point
        point, discriminator = _step(point, item, node)
        path.append(item)
        node = _child(node, item)
    return Located(tuple(path), point, parent, _discriminator_name(point, discriminator), key_error, choices)


def settle(tp: Any, discriminator: Any) -> tuple[Any, Any]:
    """Strip wrappers that do not show in ``loc``: Annotated, Optional, aliases, RootModel.

    Returns the bare type and the discriminator found in ``Annotated`` metadata.
    """
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            args = typing.get_args(tp)
            for meta in args[1:]:
                found = getattr(meta, "discriminator", None)
                if found is not None:
                    discriminator = found
            tp = args[0]
            continue
        if isinstance(tp, typing.NewType):
            tp = tp.__supertype__
            continue
        if _is_type_alias(tp):
            tp = tp.__value__
            continue
        if origin in _UNION_ORIGINS:
            members = [arg for arg in typing.get_args(tp) if arg is not type(None)]
            if len(members) == 1:
                tp = members[0]
                continue
            return tp, discriminator
        if _is_model(tp) and issubclass(tp, RootModel):
            root = tp.model_fields["root"]
            tp, discriminator = _field_type(root)
            continue
        return tp, discriminator


def union_members(tp: Any) -> list[Any] | None:
    """The members of a union of two or more types (None excluded), else None."""
    if typing.get_origin(tp) not in _UNION_ORIGINS:
        return None
    members = [arg for arg in typing.get_args(tp) if arg is not type(None)]
    return members if len(members) > 1 else None


def field_names(tp: Any) -> list[str] | None:
    """Keys a policy writer may use in a mapping of type ``tp``, or None if not a record type."""
    if _is_model(tp):
        return [_written_name(name, info) for name, info in tp.model_fields.items()]
    if dataclasses.is_dataclass(tp):
        return [f.name for f in dataclasses.fields(tp)]
    if typing.is_typeddict(tp):
        return list(_hints(tp))
    return None


def literal_values(tp: Any) -> list[Any] | None:
    """Allowed values of a Literal or Enum type (after unwrapping), else None."""
    tp, _ = settle(tp, None)
    if typing.get_origin(tp) is typing.Literal:
        return list(typing.get_args(tp))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return [member.value for member in tp]
    members = union_members(tp)
    if members is not None:
        values: list[Any] = []
        for member in members:
            found = literal_values(member)
            if found is None:
                return None
            values.extend(found)
        return values
    return None


def type_name(tp: Any) -> str | None:
    """A short name for a type, used when no better description exists."""
    tp, _ = settle(tp, None)
    name = getattr(tp, "__name__", None)
    return name if isinstance(name, str) else None


# -- steps --------------------------------------------------------------------


def _step(tp: Any, item: PathItem, node: Any) -> tuple[Any, Any]:
    """The type (and discriminator) one document step below ``tp``."""
    if _is_model(tp):
        info = _find_field(tp, item)
        return _field_type(info) if info is not None else (None, None)
    if (dataclasses.is_dataclass(tp) and isinstance(tp, type)) or typing.is_typeddict(tp):
        return settle(_hints(tp).get(str(item)), None)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return settle(args[0], None)
        if isinstance(item, int) and 0 <= item < len(args):
            return settle(args[item], None)
        return None, None
    if origin in _SEQUENCE_ORIGINS:
        return settle(args[0] if args else None, None)
    if origin in _MAPPING_ORIGINS or tp in (dict,):
        return settle(_mapping_types(tp)[1], None)
    return None, None


def _hints(tp: Any) -> dict[str, Any]:
    """Field annotations of a dataclass or TypedDict; empty when they cannot be resolved
    (a forward reference to a name not in scope), which only costs precision."""
    try:
        return typing.get_type_hints(tp, include_extras=True)
    except (NameError, TypeError):
        return {}


def _mapping_types(tp: Any) -> tuple[Any, Any]:
    args = typing.get_args(tp)
    if len(args) == 2:
        return args[0], args[1]
    return None, None


def _child(node: Any, item: PathItem) -> Any:
    if isinstance(node, dict):
        return node.get(item, _MISSING)
    if isinstance(node, list) and isinstance(item, int) and 0 <= item < len(node):
        return node[item]
    return _MISSING


def _field_type(info: FieldInfo) -> tuple[Any, Any]:
    tp, discriminator = settle(info.annotation, info.discriminator)
    for meta in info.metadata:
        found = getattr(meta, "discriminator", None)
        if found is not None:
            discriminator = found
    return tp, discriminator


def _find_field(model: type[BaseModel], item: PathItem) -> FieldInfo | None:
    """The field ``item`` names, by any alias it can be written as or by its name."""
    fields = model.model_fields
    for info in fields.values():
        if item in _aliases(info):
            return info
    return fields.get(item) if isinstance(item, str) else None


def _aliases(info: FieldInfo) -> list[str]:
    found: list[str] = []
    alias = info.validation_alias
    if isinstance(alias, str):
        found.append(alias)
    elif alias is not None:
        for choice in getattr(alias, "choices", ()):
            if isinstance(choice, str):
                found.append(choice)
    if isinstance(info.alias, str):
        found.append(info.alias)
    return found


def _written_name(name: str, info: FieldInfo) -> str:
    aliases = _aliases(info)
    return aliases[0] if aliases else name


def _discriminator_name(tp: Any, discriminator: Any) -> str | None:
    if union_members(tp) is None or discriminator is None:
        return None
    if isinstance(discriminator, str):
        return discriminator
    inner = getattr(discriminator, "discriminator", None)
    return inner if isinstance(inner, str) else None


# -- union members ------------------------------------------------------------


def _pick_member(members: list[Any], tag: PathItem, discriminator: Any) -> Any:
    """The member a union tag in ``loc`` stands for, or None when it cannot be told."""
    text = str(tag)
    for member in members:
        if text in _member_tags(member, discriminator):
            return member
    for member in members:
        if any(text.startswith(prefix) for prefix in _member_prefixes(member)):
            return member
    return None


def _member_tags(member: Any, discriminator: Any) -> set[str]:
    """Exact tags pydantic may use for ``member``: Tag(...), discriminator values, names."""
    tags: set[str] = set()
    if typing.get_origin(member) is typing.Annotated:
        for meta in typing.get_args(member)[1:]:
            tag = getattr(meta, "tag", None)
            if isinstance(tag, str):
                tags.add(tag)
    bare, _ = settle(member, None)
    if isinstance(discriminator, str) and _is_model(bare):
        info = _find_field(bare, discriminator)
        if info is not None:
            values = literal_values(info.annotation)
            tags.update(str(value.value if isinstance(value, enum.Enum) else value) for value in values or ())
    name = getattr(bare, "__name__", None)
    if isinstance(name, str):
        tags.add(name)
    if bare in _PRIMITIVE_LABELS:
        tags.add(_PRIMITIVE_LABELS[bare])
    if bare is type(None):
        tags.add("none")
    return tags


def _member_prefixes(member: Any) -> list[str]:
    bare, _ = settle(member, None)
    prefixes: list[str] = []
    if typing.get_origin(member) is typing.Annotated:
        prefixes.append("function-")
    if bare in _PRIMITIVE_LABELS:
        prefixes.append("constrained-" + _PRIMITIVE_LABELS[bare])
    origin = typing.get_origin(bare)
    if origin is typing.Literal:
        prefixes.append("literal[")
    elif origin is not None:
        name = getattr(origin, "__name__", "")
        if name:
            prefixes.append(name.lower() + "[")
    elif not _is_model(bare):
        prefixes.append("function-")
    return prefixes


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _is_type_alias(tp: Any) -> bool:
    alias_type = getattr(typing, "TypeAliasType", None)
    return alias_type is not None and isinstance(tp, alias_type)
