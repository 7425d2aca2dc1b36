"""Safe reading of YAML (and JSON) into plain data plus a position for every node.

PyYAML's own ``safe_load`` is not enough for policy files written by hand and reviewed
in pull requests: it silently keeps the last of two duplicate keys, expands aliases
without bound (the "billion laughs" bomb), recurses on deep nesting, and forgets where
each value was written. So this module drives the PyYAML *parser* (libyaml when
available) event by event and composes the document itself:

* with an explicit stack, so nesting depth is checked before it costs anything;
* counting nodes after alias expansion, so an alias bomb stops at ``Limits.max_nodes``;
* recording the span of every key and value, so later errors get ``file:line:col``;
* collecting every duplicate key, forbidden tag and non-text key instead of stopping
  at the first.

Scalars are resolved exactly as PyYAML's ``SafeLoader`` resolves them (YAML 1.1: ``yes``
is true, ``2024-01-31`` is a date, ``1e5`` is text), so ``yaml.safe_dump`` output reads
back unchanged. One exception: in a file named ``*.json``, numbers with an exponent
(``1e-05``) are numbers, as JSON means them. Merge keys (``<<``) are supported; merged
values keep the positions where they were written (at the anchor).

JSON is read as YAML. Strings holding raw characters YAML forbids (U+007F to U+009F)
or treats as line breaks (U+2028, U+2029) must be written as ``\\u`` escapes, as
``json.dumps`` does by default.

Two jobs live beside this one: :mod:`playbook.source.yaml_syntax` turns the parser's
syntax errors into located diagnostics with hints, and :mod:`playbook.source.yaml_positions`
keeps the positions recorded while composing and turns them into spans by path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from playbook.errors import Diagnostic, LoadError, Span
from playbook.source.explain import describe_value
from playbook.source.limits import DEFAULT_LIMITS, Limits
from playbook.source.text import decode_source
from playbook.source.tree import SourceTree
from playbook.source.yaml_positions import Pos, Where, flatten, where_of
from playbook.source.yaml_syntax import flow_tabs_to_spaces, is_own_depth_limit, syntax_error

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CORE = "tag:yaml.org,2002:"
_MERGE = _CORE + "merge"
_STR = _CORE + "str"
_NON_SPECIFIC = (None, "!")
_UNSET = object()
# JSON numbers YAML 1.1 reads as text (an exponent without a dot or without a sign).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_EXPONENT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?[eE][-+]?[0-9]+")


class _Everything:
    """A container holding every character."""

    def __contains__(self, item: object) -> bool:
        return True


_ALL = _Everything()
_MAP_TAGS = (None, "!", _CORE + "map")
_SEQ_TAGS = (None, "!", _CORE + "seq")

# Scalar tags that produce plain values, and how each is built from a scalar node.
_SCALAR_BUILDERS: dict[str, Callable[[Any, ScalarNode], Any]] = {
    _CORE + "null": yaml.constructor.SafeConstructor.construct_yaml_null,
    _CORE + "bool": yaml.constructor.SafeConstructor.construct_yaml_bool,
    _CORE + "int": yaml.constructor.SafeConstructor.construct_yaml_int,
    _CORE + "float": yaml.constructor.SafeConstructor.construct_yaml_float,
    _CORE + "str": yaml.constructor.SafeConstructor.construct_yaml_str,
    _CORE + "timestamp": yaml.constructor.SafeConstructor.construct_yaml_timestamp,
    # ``=`` (the YAML 1.1 "value" key) and a ``<<`` that is not a key are just text.
    _CORE + "value": yaml.constructor.SafeConstructor.construct_yaml_str,
    _MERGE: yaml.constructor.SafeConstructor.construct_yaml_str,
}

_TAG_WORDS = {
    _CORE + "int": "whole number",
    _CORE + "float": "number",
    _CORE + "bool": "true/false value",
    _CORE + "null": "null value",
    _CORE + "timestamp": "date or timestamp",
}



@dataclass(slots=True)
class _Built:
    """A finished node: its value, positions and the costs aliases to it would add."""

    value: Any
    pos: Pos
    size: int  # nodes in the subtree after alias expansion
    levels: int  # collections nested in the subtree (0 for a scalar)
    tag: str | None = None  # resolved tag, scalars only
    text: str | None = None  # source text, scalars only


@dataclass(slots=True)
class _Frame:
    """A collection being composed."""

    is_map: bool
    value: dict[str, Any] | list[Any]
    pos: Pos
    anchor: str | None
    size: int = 1
    levels: int = 1
    key: _Built | None = None
    key_state: str = "ok"  # ok | skip | merge, for the pending mapping key
    awaiting_value: bool = False
    first_seen: dict[str, Where] = field(default_factory=dict)
    merges: list[_Built] = field(default_factory=list)


class _Stop(Exception):
    """Composition cannot go on (a limit was hit); the diagnostic is already recorded."""


def read_yaml(text: str | bytes, file: str | None = None, limits: Limits = DEFAULT_LIMITS) -> SourceTree:
    """Read one YAML or JSON document into a :class:`SourceTree`.

    The document must be a single mapping. Every problem found is raised together as a
    :class:`LoadError`; a syntax error or an exceeded limit stops reading, so problems
    after it in the file are not reported.
    """
    source = flow_tabs_to_spaces(decode_source(text, file, limits))
    composer = _Composer(source, file, limits)
    root = composer.compose()
    diagnostics = composer.diagnostics
    if not diagnostics:
        if root is None or (root.value is None and not root.text):
            diagnostics.append(
                Diagnostic(
                    code="yaml-not-mapping",
                    message="the file is empty; expected a mapping of keys such as 'id: ...'",
                    span=Span(file, 1, 1),
                )
            )
        elif not isinstance(root.value, dict):
            diagnostics.append(
                Diagnostic(
                    code="yaml-not-mapping",
                    message=(
                        f"the top level must be a mapping of keys such as 'id: ...', "
                        f"but this file holds {describe_value(root.value)}"
                    ),
                    span=Span(file, *root.pos.value),
                )
            )
    if diagnostics:
        raise LoadError(diagnostics)
    assert root is not None
    return SourceTree(data=root.value, positions=flatten(root.pos, file), file=file, sources=(file,) if file else ())


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


class _Composer:
    """Builds data and positions from parser events; one instance per read."""

    def __init__(self, text: str, file: str | None, limits: Limits) -> None:
        self.text = text
        self.json_numbers = bool(file) and str(file).lower().endswith(".json")
        self.surrogate_escapes = _SURROGATE_ESCAPE.search(text) is not None
        self.file = file
        self.limits = limits
        self.diagnostics: list[Diagnostic] = []
        self.nodes = 0
        self.alias_nodes = 0
        self.anchors: dict[str, _Built] = {}
        self.open_anchors: set[str] = set()
        # Resolving and building scalars only reads class tables and the node given, so
        # a loader over empty text serves as resolver and constructor for this read.
        self.scalars: Any = yaml.SafeLoader("")
        resolvers = self.scalars.yaml_implicit_resolvers
        # First characters that may start an implicitly typed scalar (all, if any resolver
        # applies to every first character).
        self.first_chars: Container[str] = _ALL if None in resolvers else frozenset(resolvers)
        self.built_scalars: dict[tuple[str, str], Any] = {}
        self.plain_tags: dict[str, str] = {}

    def span(self, where: Where) -> Span:
        return Span(self.file, *where)

    def compose(self) -> _Built | None:
        loader_class = _Loader
        if self.surrogate_escapes:
            # libyaml rejects "\ud83d\ude00" (how json.dumps writes an emoji); the Python
            # parser reads the two halves, which _scalar joins into one character.
            loader_class = yaml.SafeLoader
        loader = loader_class(self.text)
        try:
            return self._compose_stream(loader)
        except _Stop:
            return None
        except yaml.MarkedYAMLError as exc:
            if loader_class is not yaml.SafeLoader and is_own_depth_limit(exc):
                # libyaml (0.2.6 and later) has a nesting limit of its own that it hits while
                # scanning ahead, before our composer sees the level that is too deep. The
                # pure-Python parser has none and streams events, so reading again with it
                # reports the limit the playbook sets, at the value that breaks it.
                loader.dispose()
                self.nodes = 0
                self.alias_nodes = 0
                self.anchors.clear()
                self.open_anchors.clear()
                loader = yaml.SafeLoader(self.text)
                try:
                    return self._compose_stream(loader)
                except _Stop:
                    return None
                except yaml.MarkedYAMLError as again:
                    self.diagnostics.append(syntax_error(again, self.file, self.text))
                    return None
            self.diagnostics.append(syntax_error(exc, self.file, self.text))
            return None
        except yaml.reader.ReaderError as exc:
            self.diagnostics.append(
                Diagnostic(code="file-encoding", message=str(exc.reason), span=Span(self.file, 1, 1))
            )
            return None
        except yaml.YAMLError as exc:
            self.diagnostics.append(Diagnostic(code="yaml-syntax", message=str(exc), span=Span(self.file, 1, 1)))
            return None
        finally:
            loader.dispose()

    def _compose_stream(self, loader: Any) -> _Built | None:
        loader.get_event()  # stream start
        if loader.check_event(StreamEndEvent):
            return None
        loader.get_event()  # document start
        root = self._compose_document(loader)
        loader.get_event()  # document end
        if not loader.check_event(StreamEndEvent):
            event = loader.peek_event()
            if isinstance(event, DocumentStartEvent):
                self.diagnostics.append(
                    Diagnostic(
                        code="yaml-multi-doc",
                        message="the file holds more than one YAML document; a playbook file holds exactly one",
                        span=self.span(where_of(event.start_mark, event.end_mark)),
                        hint="remove the '---' line, or move the second document to its own file",
                    )
                )
        return root

    def _compose_document(self, loader: Any) -> _Built:
        stack: list[_Frame] = []
        while True:
            event = loader.get_event()
            built: _Built | None = None
            if isinstance(event, ScalarEvent):
                built = self._scalar(event)
            elif isinstance(event, AliasEvent):
                built = self._alias(event, len(stack))
            elif isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                stack.append(self._start(event, len(stack) + 1))
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                frame = stack.pop()
                built = self._finish(frame, event)
            if built is None:
                continue
            if not stack:
                return built
            self._add(stack[-1], built)

    # -- nodes ---------------------------------------------------------------

    def _count(self, amount: int, where: Where) -> None:
        self.nodes += amount
        if self.nodes > self.limits.max_nodes:
            self._stop(
                "yaml-too-large",
                f"the document has more than {self.limits.max_nodes:,} values (aliases expanded)",
                "split the playbook into several files, or raise the limit with playbook --limit max_nodes=…",
                where,
            )

    def _count_alias(self, amount: int, where: Where) -> None:
        """Values an alias adds: bounded on their own, so a bomb is named as one while a long
        list written out (30,000 phrases) is bounded only by the file and playbook sizes."""
        self.alias_nodes += amount
        if self.alias_nodes > self.limits.max_alias_values:
            self._stop(
                "yaml-too-large",
                f"the document has more than {self.limits.max_alias_values} values once aliases (*name) "
                "are expanded; this looks like an alias bomb",
                "write values out instead of nesting aliases, or raise the limit with "
                "playbook --limit max_alias_values=…",
                where,
            )

    def _report(self, code: str, message: str, where: Where, hint: str | None = None) -> None:
        """Record one problem at ``where`` and go on reading (every problem is reported)."""
        self.diagnostics.append(Diagnostic(code=code, message=message, span=self.span(where), hint=hint))

    def _stop(self, code: str, message: str, hint: str | None, where: Where) -> None:
        """Record a problem after which reading cannot go on."""
        self._report(code, message, where, hint)
        raise _Stop()

    def _check_depth(self, depth: int, where: Where) -> None:
        if depth > self.limits.max_depth:
            self._stop(
                "yaml-too-deep",
                f"values are nested more than {self.limits.max_depth} levels deep",
                "flatten the structure",
                where,
            )

    def _forbidden_tag(self, tag: str, where: Where) -> None:
        self._report(
            "yaml-tag",
            f"tag '{_short_tag(tag)}' is not allowed: tags are not allowed in playbooks",
            where,
            "write plain values (text, numbers, true/false, lists and mappings) without '!' tags",
        )

    def _scalar(self, event: ScalarEvent) -> _Built:
        where = where_of(event.start_mark, event.end_mark)
        self._count(1, where)
        text = event.value
        tag = event.tag
        if tag in _NON_SPECIFIC:
            if not event.implicit[0] or (text and text[0] not in self.first_chars):
                tag = _STR  # quoted, or no implicit type can start with this character
            else:
                tag = self.plain_tags.get(text)
                if tag is None:
                    tag = self.plain_tags[text] = self.scalars.resolve(ScalarNode, text, event.implicit)
        if self.surrogate_escapes and _SURROGATE.search(text):
            text = self._join_surrogates(text, where)
        value: Any = text
        if tag != _STR:
            value = self._build_scalar(tag, text, event, where)
        elif self.json_numbers and event.implicit[0] and _JSON_EXPONENT.fullmatch(text):
            tag, value = _CORE + "float", float(text)
        built = _Built(value, Pos(where), 1, 0, tag=tag, text=text)
        if event.anchor is not None:
            self.anchors[event.anchor] = built
        return built

    def _join_surrogates(self, text: str, where: Where) -> str:
        """Join escaped UTF-16 surrogate pairs into the characters they encode."""
        try:
            return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        except UnicodeDecodeError:
            self._report(
                "yaml-bad-value",
                "the text holds half of a \\u surrogate pair, which is not a character",
                where,
                "escape characters outside the basic plane as a pair, e.g. \\ud83d\\ude00",
            )
            return text

    def _build_scalar(self, tag: str, text: str, event: ScalarEvent, where: Where) -> Any:
        """The value of a non-text scalar; built once per distinct text and tag in a read."""
        cached = self.built_scalars.get((tag, text), _UNSET)
        if cached is not _UNSET:
            return cached
        builder = _SCALAR_BUILDERS.get(tag)
        if builder is None:
            self._forbidden_tag(tag, where)
            return text
        marks: tuple[Any, Any] = (event.start_mark, event.end_mark)
        node = ScalarNode(tag, text, *marks, event.style)
        try:
            value = builder(self.scalars, node)
        except (ValueError, KeyError, OverflowError, AttributeError, IndexError, TypeError):
            # PyYAML's constructors assume their resolver matched: an explicit tag on text
            # that does not fit (`!!timestamp x`, `!!int ""`) fails inside them.
            shown = text if len(text) <= 40 else text[:37] + "..."
            self._report(
                "yaml-bad-value",
                f"'{shown}' is not a valid {_TAG_WORDS.get(tag, _short_tag(tag))}",
                where,
                "put the value in quotes if it is meant as text",
            )
            return text
        self.built_scalars[(tag, text)] = value
        return value

    def _alias(self, event: AliasEvent, depth: int) -> _Built:
        where = where_of(event.start_mark, event.end_mark)
        name = event.anchor or ""
        target = self.anchors.get(name)
        if target is None:
            if name in self.open_anchors:
                self._stop(
                    "yaml-too-large",
                    f"alias *{name} is used inside the value of its own anchor &{name}, "
                    "which would make the document infinitely large",
                    None,
                    where,
                )
            self._report(
                "yaml-syntax",
                f"alias *{name} is used but no anchor &{name} is defined before it",
                where,
            )
            return _Built(None, Pos(where), 1, 0, tag=_CORE + "null")
        self._count_alias(target.size, where)
        self._count(target.size, where)
        self._check_depth(depth + target.levels, where)
        pos = Pos(where, target.pos.children)
        return _Built(_copy(target.value), pos, target.size, target.levels, tag=target.tag, text=target.text)

    def _start(self, event: MappingStartEvent | SequenceStartEvent, depth: int) -> _Frame:
        where = where_of(event.start_mark, event.end_mark)
        is_map = isinstance(event, MappingStartEvent)
        self._check_depth(depth, where)
        self._count(1, where)
        if event.tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
            self._forbidden_tag(event.tag, where)
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        if is_map:
            return _Frame(True, {}, Pos(where, {}), event.anchor)
        return _Frame(False, [], Pos(where, []), event.anchor)

    def _finish(self, frame: _Frame, event: MappingEndEvent | SequenceEndEvent) -> _Built:
        start = frame.pos.value
        end: Any = event.end_mark
        frame.pos.value = (start[0], start[1], end.line + 1, end.column + 1)
        if frame.merges:
            self._apply_merges(frame)
        built = _Built(frame.value, frame.pos, frame.size, frame.levels)
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = built
        return built

    # -- collections ---------------------------------------------------------

    def _add(self, frame: _Frame, built: _Built) -> None:
        if not frame.is_map:
            assert isinstance(frame.value, list) and isinstance(frame.pos.children, list)
            frame.value.append(built.value)
            frame.pos.children.append(built.pos)
            self._grow(frame, built)
        elif not frame.awaiting_value:
            frame.awaiting_value = True
            frame.key = built
            frame.key_state = self._check_key(frame, built)
        else:
            frame.awaiting_value = False
            key = frame.key
            assert key is not None
            if frame.key_state == "ok":
                assert isinstance(frame.value, dict) and isinstance(frame.pos.children, dict)
                frame.value[key.value] = built.value
                frame.pos.children[key.value] = (key.pos.value, built.pos)
                self._grow(frame, built)
            elif frame.key_state == "merge":
                self._collect_merge(frame, built)

    @staticmethod
    def _grow(frame: _Frame, built: _Built) -> None:
        frame.size += built.size
        frame.levels = max(frame.levels, built.levels + 1)

    def _check_key(self, frame: _Frame, key: _Built) -> str:
        where = key.pos.value
        if key.tag == _MERGE:
            return "merge"
        if not isinstance(key.value, str):
            self.diagnostics.append(self._key_type_error(key))
            return "skip"
        first = frame.first_seen.get(key.value)
        if first is not None:
            self._report(
                "duplicate-key",
                f"duplicate key '{key.value}': it is already set on line {first[0]}",
                where,
                "remove one of the two, or merge their contents",
            )
            return "skip"
        frame.first_seen[key.value] = where
        return "ok"

    def _key_type_error(self, key: _Built) -> Diagnostic:
        if isinstance(key.value, (dict, list)):
            message = f"a mapping key must be text, but this key is {describe_value(key.value)}"
            hint = None
        else:
            message = f"mapping key '{key.text}' is read as {describe_value(key.value)}, but keys must be text"
            hint = f"put the key in quotes: '{key.text}':"
        return Diagnostic(code="yaml-key-type", message=message, span=self.span(key.pos.value), hint=hint)

    def _collect_merge(self, frame: _Frame, built: _Built) -> None:
        if isinstance(built.value, dict):
            frame.merges.append(built)
            return
        if isinstance(built.value, list) and isinstance(built.pos.children, list):
            items = [
                _Built(value, pos, 1, 0)
                for value, pos in zip(built.value, built.pos.children)
                if isinstance(value, dict)
            ]
            if len(items) == len(built.value):
                frame.merges.extend(items)
                return
        self.diagnostics.append(
            Diagnostic(
                code="yaml-merge",
                message=f"the merge key '<<' takes a mapping or a list of mappings, not {describe_value(built.value)}",
                span=self.span(built.pos.value),
                hint="write '<<: *name' where '&name' marks a mapping",
            )
        )

    @staticmethod
    def _apply_merges(frame: _Frame) -> None:
        """YAML 1.1 merge: explicit keys win, then earlier merge sources over later ones."""
        assert isinstance(frame.value, dict) and isinstance(frame.pos.children, dict)
        values: dict[str, Any] = {}
        children: dict[str, tuple[Where | None, Pos]] = {}
        for source in frame.merges:
            assert isinstance(source.pos.children, dict)
            for key, value in source.value.items():
                if key not in values:
                    values[key] = value
                    children[key] = source.pos.children[key]
        for key, value in frame.value.items():
            values[key] = value
            children[key] = frame.pos.children[key]
        frame.value.clear()
        frame.value.update(values)
        frame.pos.children.clear()
        frame.pos.children.update(children)



def _copy(value: Any) -> Any:
    """Copy the containers of an aliased value so merges never alter shared data."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value
