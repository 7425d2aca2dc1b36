"""``playbook show [PATH]``: the merged playbook, each item with the file and line it came from.

An overlay (``extends: standard:zh`` plus a few items) is short on purpose, so what it
*produces* is hard to see: which base checks survive, which item the overlay replaced, in
which file a value was written. ``show`` prints the document the loader built — folder
files joined, bases overlaid — before defaults are filled in, so it reads like YAML a
person wrote. As YAML every list item and section carries a ``# file:line`` comment (and a
value inside an item gets one when it was written in another file than its item), so the
output is itself a valid playbook. As JSON the origins sit beside the document, keyed by
JSON Pointer.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from typing import Any, TextIO

import click
import yaml

from playbook.errors import Span
from playbook.output_version import OUTPUT_VERSION
from playbook.reporting import Reporters
from playbook.source.tree import DocPath, SourceTree

from .exits import OK, handle_errors
from .options import format_option, open_output, open_playbook, output_option


def origin(tree: SourceTree, path: DocPath) -> Span | None:
    """Where the node at ``path`` was written: its key for a mapping entry, else the value."""
    spans = tree.node_span(path)
    if spans is None:
        return None
    return spans.key or spans.value


def where(span: Span | None) -> str | None:
    """``file:line`` with the file relative to the current folder when it lies below it."""
    if span is None:
        return None
    return f"{_display(span.file) if span.file else '<input>'}:{span.line}"


def _display(file: str) -> str:
    relative = os.path.relpath(file)
    return file if relative.startswith("..") else relative


def pointer(path: DocPath) -> str:
    """The JSON Pointer (RFC 6901) of a document path."""
    return "".join("/" + str(step).replace("~", "~0").replace("/", "~1") for step in path)


def origins(tree: SourceTree) -> dict[str, str]:
    """JSON Pointer → ``file:line`` for every written node, in document order."""
    found: dict[str, str] = {}

    def walk(value: Any, path: DocPath) -> None:
        text = where(origin(tree, path)) if path else None
        if text is not None:
            found[pointer(path)] = text
        if isinstance(value, dict):
            for key, child in value.items():
                walk(child, (*path, key))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                walk(child, (*path, index))

    walk(tree.data, ())
    return found


def _scalar(value: Any) -> str:
    """One YAML scalar on one line, quoted when plain text would read as something else."""
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    text: str = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1 << 30)
    text = text.removesuffix("\n").removesuffix("\n...").strip()
    if "\n" in text:
        return json.dumps(value, ensure_ascii=False, default=str)
    return text


class _YamlWriter:
    """Block YAML with origin comments; one instance per rendering (no shared state)."""

    def __init__(self, tree: SourceTree) -> None:
        self.tree = tree
        self.lines: list[str] = []

    def _file(self, path: DocPath) -> str | None:
        span = origin(self.tree, path)
        return span.file if span is not None else None

    def _comment(self, path: DocPath, always: bool) -> str:
        """`` # file:line`` for list items and sections; for other values only when written
        in another file than the nearest annotated ancestor."""
        span = origin(self.tree, path)
        if span is None:
            return ""
        if not always:
            parent = path[:-1]
            while parent and origin(self.tree, parent) is None:
                parent = parent[:-1]
            if parent and self._file(parent) == span.file:
                return ""
        return f"  # {where(span)}"

    def write(self, value: Any, path: DocPath, indent: int) -> None:
        if isinstance(value, dict):
            self._mapping(value, path, indent, first_prefix=None)
        elif isinstance(value, list):
            self._sequence(value, path, indent)

    def _mapping(self, value: dict[str, Any], path: DocPath, indent: int, first_prefix: str | None) -> None:
        for number, (key, child) in enumerate(value.items()):
            child_path = (*path, key)
            lead = first_prefix if number == 0 and first_prefix is not None else " " * indent
            # sections (top level) are items too; inside an item, a key is annotated only
            # when another file wrote it
            comment = "" if number == 0 and first_prefix is not None else self._comment(child_path, always=not path)
            head = f"{lead}{_scalar(str(key))}:"
            if _is_inline(child):
                self.lines.append(f"{head} {_inline(child)}{comment}")
            else:
                self.lines.append(head + comment)
                self.write(child, child_path, indent + 2)

    def _sequence(self, value: list[Any], path: DocPath, indent: int) -> None:
        for index, child in enumerate(value):
            child_path = (*path, index)
            # an item of a list of plain values (phrases, keywords) is annotated only when
            # another file added it
            comment = self._comment(child_path, always=isinstance(child, (dict, list)))
            lead = " " * indent + "- "
            if isinstance(child, dict) and child:
                start = len(self.lines)
                self._mapping(child, child_path, indent + 2, first_prefix=lead)
                self.lines[start] += comment
            elif _is_inline(child):
                self.lines.append(f"{lead}{_inline(child)}{comment}")
            else:
                self.lines.append(lead.rstrip() + comment)
                self.write(child, child_path, indent + 2)


def _is_inline(value: Any) -> bool:
    return not isinstance(value, (dict, list)) or not value


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return _scalar(value)


def render_yaml(tree: SourceTree, stream: TextIO) -> None:
    """The merged document as block YAML with ``# file:line`` comments."""
    sources = ", ".join(_display(source) for source in tree.sources)
    writer = _YamlWriter(tree)
    writer.write(tree.data, (), 0)
    stream.write(f"# merged from: {sources}\n" if sources else "")
    stream.write("\n".join(writer.lines) + "\n")


def render_json(tree: SourceTree, stream: TextIO) -> None:
    """``{"version", "sources", "playbook", "origins"}``; origins map JSON Pointers into
    ``playbook`` to ``file:line``."""
    document = {
        "version": OUTPUT_VERSION,
        "sources": list(tree.sources),
        "playbook": tree.data,
        "origins": origins(tree),
    }
    json.dump(document, stream, ensure_ascii=False, indent=2, default=_json_default)
    stream.write("\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


REPORTERS: Reporters[SourceTree] = Reporters({"yaml": render_yaml, "json": render_json})
"""The output formats of ``playbook show``, YAML first."""


@click.command("show")
@click.argument("path", required=False, metavar="[PATH]")
@format_option(*REPORTERS.formats, default=REPORTERS.default)
@output_option("Write the playbook to this file instead of standard output.")
@handle_errors
def show_command(path: str | None, output_format: str, output: Any) -> None:
    """Print the merged playbook at PATH (a file, a folder or standard:zh / standard:en;
    default: the standard Chinese playbook), each item with the file:line it came from."""
    playbook = open_playbook(path)
    tree = playbook.tree
    if tree is None:  # a playbook built in Python has no file; the CLI always loads one
        raise click.UsageError("this playbook was not loaded from files")
    with open_output(output, sys.stdout) as stream:
        REPORTERS.render(tree, output_format, stream)
    raise SystemExit(OK)
