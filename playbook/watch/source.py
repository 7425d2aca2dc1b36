"""Read a ``watch:`` section from a YAML file, with every problem located.

Validation errors name the file, line and column of the offending key, the path
inside the document (``watch.patterns[1].threshold``) and, for a misspelt key or
kind, the nearest valid name. This stands in for the playbook loader until the watch
section is read as part of the whole playbook.
"""

from __future__ import annotations

import os
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from playbook.errors import Diagnostic, LoadError, SchemaError, Span
from playbook.suggest import did_you_mean
from playbook.watch.model import (
    CountPattern,
    DeadlinePattern,
    LadderPattern,
    LadderStep,
    WatchSection,
)

_KINDS: dict[str, type[BaseModel]] = {"count": CountPattern, "ladder": LadderPattern, "deadline": DeadlinePattern}


def load_watch_file(path: str | os.PathLike[str]) -> WatchSection:
    """The validated ``watch:`` section of the YAML document at ``path``."""
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as exc:
        raise LoadError(Diagnostic(code="load-io", message=f"cannot read {name}: {exc.strerror or exc}")) from None
    except UnicodeDecodeError as exc:
        raise LoadError(Diagnostic(code="load-encoding", message=f"{name} is not UTF-8 text ({exc.reason})", span=Span(name, 1, 1))) from None
    return section_from_text(text, name)


def section_from_text(text: str, file: str | None = None) -> WatchSection:
    """Parse YAML ``text`` and validate its ``watch:`` section."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        span = Span(file, mark.line + 1, mark.column + 1) if mark is not None else Span(file, 1, 1)
        problem = getattr(exc, "problem", None) or str(exc)
        raise LoadError(Diagnostic(code="load-yaml", message=f"invalid YAML: {problem}", span=span)) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict) or "watch" not in data:
        raise SchemaError(Diagnostic(
            code="watch-missing",
            message="the document has no top-level 'watch:' section",
            span=Span(file, 1, 1),
            hint="add 'watch:' with 'patterns:' under it",
        ))
    try:
        return WatchSection.model_validate(data["watch"])
    except ValidationError as exc:
        raise SchemaError([_diagnostic(err, node, data["watch"], file) for err in exc.errors()]) from None


def _diagnostic(err: Any, root: yaml.Node, section: Any, file: str | None) -> Diagnostic:
    loc = tuple(err["loc"])
    path = _clean_path(loc, section)
    kind = err["type"]
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        path = (*path, "kind")  # point at the kind line, or the pattern when it has none
    full = ("watch", *path)
    span = _locate(root, full, file)
    message = str(err["msg"]).removeprefix("Value error, ")
    hint = None
    if kind == "extra_forbidden" and path:
        message = f"unknown field '{path[-1]}'"
        parent = _model_at(path[:-1], section)
        if parent is not None:
            hint = did_you_mean(str(path[-1]), parent.model_fields)
    elif kind == "missing" and path:
        message = f"missing required field '{path[-1]}'"
    elif kind in ("union_tag_invalid", "union_tag_not_found"):
        tag = (err.get("ctx") or {}).get("tag")
        message = f"unknown pattern kind '{tag}'" if tag else "a pattern needs 'kind: count', 'ladder' or 'deadline'"
        hint = did_you_mean(str(tag), _KINDS) if tag else "expected one of: 'count', 'deadline', 'ladder'"
    return Diagnostic(code=f"watch-{kind.replace('_', '-')}", message=message, span=span, path=full, hint=hint)


def _clean_path(loc: tuple[Any, ...], section: Any) -> tuple[Any, ...]:
    """Drop pydantic's union tags (``patterns.0.count.threshold``) from an error path."""
    out: list[Any] = []
    current = section
    for element in loc:
        if isinstance(current, dict) and element not in current and current.get("kind") == element and element in _KINDS:
            continue
        out.append(element)
        if isinstance(current, dict):
            current = current.get(element)
        elif isinstance(current, list) and isinstance(element, int) and 0 <= element < len(current):
            current = current[element]
        else:
            current = None
    return tuple(out)


def _model_at(path: tuple[Any, ...], section: Any) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``path`` inside the section."""
    model: type[BaseModel] | None = WatchSection
    current = section
    for element in path:
        if isinstance(current, dict):
            current = current.get(element)
        elif isinstance(current, list) and isinstance(element, int) and 0 <= element < len(current):
            current = current[element]
        else:
            return None
        if element == "patterns":
            model = None
        elif element == "steps":
            model = LadderStep
        elif isinstance(element, int) and isinstance(current, dict) and model is None:
            model = _KINDS.get(str(current.get("kind")))
    return model if not isinstance(current, list) else None


def _locate(root: yaml.Node, path: tuple[Any, ...], file: str | None) -> Span:
    """The span of the deepest node on ``path``: a mapping key where the path steps
    through one, so the editor lands on the line that needs the change."""
    node = root
    span = Span(file, node.start_mark.line + 1, node.start_mark.column + 1)
    for element in path:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(element):
                    span = Span(file, key.start_mark.line + 1, key.start_mark.column + 1)
                    node = value
                    break
            else:
                return span
        elif isinstance(node, yaml.SequenceNode) and isinstance(element, int) and 0 <= element < len(node.value):
            node = node.value[element]
            span = Span(file, node.start_mark.line + 1, node.start_mark.column + 1)
        else:
            return span
    return span
