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
from playbook.source.tree import DocPath, NodeSpan, SourceTree

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

_TAB_HINT = "YAML indentation must use spaces, not tabs"
_SYNTAX_HINTS = (
    ("mapping values are not allowed", "text containing ': ' must be put in quotes"),
    ("did not find expected key", "check the indentation of this line and the lines above it"),
    ("could not find expected ':'", "a key must be followed by ': ' (colon and space)"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("or ']'", "a '[' is not closed, or a comma is missing between items"),
    ("or '}'", "a '{' is not closed, or a comma is missing between entries"),
    ("found character '@'", "text starting with @ or ` must be put in quotes"),
    ("found character '`'", "text starting with @ or ` must be put in quotes"),
)


# A position while composing: 1-based (line, column, end line, end column). Spans are
# only built for documents that are accepted, or for the diagnostics raised.
_Where = tuple[int, int, int, int]


@dataclass(slots=True)
class _Pos:
    """Positions of one composed node; children mirror the data (shared by aliases)."""

    value: _Where
    children: dict[str, tuple[_Where | None, _Pos]] | list[_Pos] | None = None


@dataclass(slots=True)
class _Built:
    """A finished node: its value, positions and the costs aliases to it would add."""

    value: Any
    pos: _Pos
    size: int  # nodes in the subtree after alias expansion
    levels: int  # collections nested in the subtree (0 for a scalar)
    tag: str | None = None  # resolved tag, scalars only
    text: str | None = None  # source text, scalars only


@dataclass(slots=True)
class _Frame:
    """A collection being composed."""

    is_map: bool
    value: dict[str, Any] | list[Any]
    pos: _Pos
    anchor: str | None
    size: int = 1
    levels: int = 1
    key: _Built | None = None
    key_state: str = "ok"  # ok | skip | merge, for the pending mapping key
    awaiting_value: bool = False
    first_seen: dict[str, _Where] = field(default_factory=dict)
    merges: list[_Built] = field(default_factory=list)


class _Stop(Exception):
    """Composition cannot go on (a limit was hit); the diagnostic is already recorded."""


def read_yaml(text: str | bytes, file: str | None = None, limits: Limits = DEFAULT_LIMITS) -> SourceTree:
    """Read one YAML or JSON document into a :class:`SourceTree`.

    The document must be a single mapping. Every problem found is raised together as a
    :class:`LoadError`; a syntax error or an exceeded limit stops reading, so problems
    after it in the file are not reported.
    """
    source = _flow_tabs_to_spaces(decode_source(text, file, limits))
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
    return SourceTree(data=root.value, positions=_flatten(root.pos, file), file=file, sources=(file,) if file else ())


def _flow_tabs_to_spaces(text: str) -> str:
    """Let JSON indented with tabs parse everywhere.

    In a flow document (JSON, or YAML written with braces) a tab at the start of a line
    is only whitespace, but PyYAML's pure-Python scanner rejects it. Replacing each
    leading tab with one space keeps every column where it was.
    """
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")) or "\t" not in text:
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        body = line.lstrip(" \t")
        indent = len(line) - len(body)
        if "\t" in line[:indent]:
            lines[index] = line[:indent].replace("\t", " ") + body
    return "\n".join(lines)


def _where(start: Any, end: Any) -> _Where:
    """1-based position from PyYAML's 0-based marks."""
    return (start.line + 1, start.column + 1, end.line + 1, end.column + 1)


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

    def span(self, where: _Where) -> Span:
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
            if loader_class is not yaml.SafeLoader and _is_own_depth_limit(exc):
                # libyaml (0.2.6 and later) has a nesting limit of its own that it hits while
                # scanning ahead, before our composer sees the level that is too deep. The
                # pure-Python parser has none and streams events, so reading again with it
                # reports the limit the playbook sets, at the value that breaks it.
                loader.dispose()
                self.nodes = 0
                self.anchors.clear()
                self.open_anchors.clear()
                loader = yaml.SafeLoader(self.text)
                try:
                    return self._compose_stream(loader)
                except _Stop:
                    return None
                except yaml.MarkedYAMLError as again:
                    self.diagnostics.append(self._syntax_error(again))
                    return None
            self.diagnostics.append(self._syntax_error(exc))
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
                        span=self.span(_where(event.start_mark, event.end_mark)),
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

    def _count(self, amount: int, where: _Where) -> None:
        self.nodes += amount
        if self.nodes > self.limits.max_nodes:
            self._stop(
                "yaml-too-large",
                f"the document has more than {self.limits.max_nodes} values once aliases (*name) "
                "are expanded; this looks like an alias bomb or a file that is far too large",
                "write values out instead of nesting aliases, or split the playbook",
                where,
            )

    def _stop(self, code: str, message: str, hint: str | None, where: _Where) -> None:
        self.diagnostics.append(Diagnostic(code=code, message=message, span=self.span(where), hint=hint))
        raise _Stop()

    def _check_depth(self, depth: int, where: _Where) -> None:
        if depth > self.limits.max_depth:
            self._stop(
                "yaml-too-deep",
                f"values are nested more than {self.limits.max_depth} levels deep",
                "flatten the structure",
                where,
            )

    def _forbidden_tag(self, tag: str, where: _Where) -> None:
        self.diagnostics.append(
            Diagnostic(
                code="yaml-tag",
                message=f"tag '{_short_tag(tag)}' is not allowed: tags are not allowed in playbooks",
                span=self.span(where),
                hint="write plain values (text, numbers, true/false, lists and mappings) without '!' tags",
            )
        )

    def _scalar(self, event: ScalarEvent) -> _Built:
        where = _where(event.start_mark, event.end_mark)
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
        built = _Built(value, _Pos(where), 1, 0, tag=tag, text=text)
        if event.anchor is not None:
            self.anchors[event.anchor] = built
        return built

    def _join_surrogates(self, text: str, where: _Where) -> str:
        """Join escaped UTF-16 surrogate pairs into the characters they encode."""
        try:
            return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        except UnicodeDecodeError:
            self.diagnostics.append(
                Diagnostic(
                    code="yaml-bad-value",
                    message="the text holds half of a \\u surrogate pair, which is not a character",
                    span=self.span(where),
                    hint="escape characters outside the basic plane as a pair, e.g. \\ud83d\\ude00",
                )
            )
            return text

    def _build_scalar(self, tag: str, text: str, event: ScalarEvent, where: _Where) -> Any:
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
            self.diagnostics.append(
                Diagnostic(
                    code="yaml-bad-value",
                    message=f"'{shown}' is not a valid {_TAG_WORDS.get(tag, _short_tag(tag))}",
                    span=self.span(where),
                    hint="put the value in quotes if it is meant as text",
                )
            )
            return text
        self.built_scalars[(tag, text)] = value
        return value

    def _alias(self, event: AliasEvent, depth: int) -> _Built:
        where = _where(event.start_mark, event.end_mark)
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
            self.diagnostics.append(
                Diagnostic(
                    code="yaml-syntax",
                    message=f"alias *{name} is used but no anchor &{name} is defined before it",
                    span=self.span(where),
                )
            )
            return _Built(None, _Pos(where), 1, 0, tag=_CORE + "null")
        self._count(target.size, where)
        self._check_depth(depth + target.levels, where)
        pos = _Pos(where, target.pos.children)
        return _Built(_copy(target.value), pos, target.size, target.levels, tag=target.tag, text=target.text)

    def _start(self, event: MappingStartEvent | SequenceStartEvent, depth: int) -> _Frame:
        where = _where(event.start_mark, event.end_mark)
        is_map = isinstance(event, MappingStartEvent)
        self._check_depth(depth, where)
        self._count(1, where)
        if event.tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
            self._forbidden_tag(event.tag, where)
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        if is_map:
            return _Frame(True, {}, _Pos(where, {}), event.anchor)
        return _Frame(False, [], _Pos(where, []), event.anchor)

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
            self.diagnostics.append(
                Diagnostic(
                    code="duplicate-key",
                    message=f"duplicate key '{key.value}': it is already set on line {first[0]}",
                    span=self.span(where),
                    hint="remove one of the two, or merge their contents",
                )
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
        children: dict[str, tuple[_Where | None, _Pos]] = {}
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

    # -- syntax errors ------------------------------------------------------

    def _syntax_error(self, exc: yaml.MarkedYAMLError) -> Diagnostic:
        mark = exc.problem_mark or exc.context_mark
        span = Span(self.file, mark.line + 1, mark.column + 1) if mark is not None else Span(self.file, 1, 1)
        message = exc.problem or exc.context or "invalid YAML"
        context = exc.context_mark
        if exc.problem and exc.context:
            if context is None:
                message = f"{exc.problem} ({exc.context})"
            elif mark is None or (context.line, context.column) != (mark.line, mark.column):
                message = (
                    f"{exc.problem} ({exc.context} that starts at line {context.line + 1}, column {context.column + 1})"
                )
        if mark is not None and self._char_at(mark.line, mark.column) == "\t":
            hint: str | None = _TAB_HINT
        else:
            hint = next((text for needle, text in _SYNTAX_HINTS if needle in message), None)
        return Diagnostic(code="yaml-syntax", message=message, span=span, hint=hint)

    def _char_at(self, line: int, column: int) -> str:
        """The character at a 0-based position, or '' past the end."""
        lines = self.text.split("\n", line + 1)
        if line >= len(lines) or column >= len(lines[line]):
            return ""
        return lines[line][column]


def _is_own_depth_limit(exc: yaml.MarkedYAMLError) -> bool:
    """Whether a parser error is libyaml's own nesting limit, not a syntax error."""
    return "nesting depth" in (exc.problem or "")


def _copy(value: Any) -> Any:
    """Copy the containers of an aliased value so merges never alter shared data."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _flatten(root: _Pos, file: str | None) -> dict[DocPath, NodeSpan]:
    """Path → spans for every node, walking iteratively (depth is user-controlled).

    Nodes repeated through aliases share their :class:`Span` objects.
    """
    spans: dict[_Where, Span] = {}

    def span(where: _Where) -> Span:
        found = spans.get(where)
        if found is None:
            found = spans[where] = Span(file, *where)
        return found

    out: dict[DocPath, NodeSpan] = {}
    todo: list[tuple[DocPath, _Where | None, _Pos]] = [((), None, root)]
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
