"""Message templates: plain named substitution, nothing else.

Playbooks are written by many hands and reviewed in pull requests, so the texts they give
for violations, actions and alerts must not be a way into the process. Python's
``str.format`` is: ``{cap.__class__.__mro__}`` walks attributes of live objects and
``{x:200000000}`` pads to any width. A template here is literal text with ``{name}``
placeholders (``{{`` and ``}}`` for literal braces); a name is an identifier, with no
attribute or index access, no conversion (``!r``) and no format spec (``:>10``). The safe
set of format specs is empty: values arrive already formatted in the playbook's language.

Templates are checked when the playbook loads (:func:`template_problems`), against the
names each one may use; rendering (:func:`fill`) never raises and leaves anything it
cannot fill as written.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from typing import Any

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def placeholders(template: str) -> Iterator[tuple[str, int]]:
    """Every ``{...}`` field of ``template`` with its offset, as written (not checked)."""
    for match in _TOKEN.finditer(template):
        if match.group(1) is not None:
            yield match.group(1), match.start()


def template_problems(template: str, allowed: Collection[str] | None) -> list[str]:
    """What is wrong with ``template``, in plain English (empty when it is fine).

    ``allowed`` lists the names the template may use; ``None`` accepts any identifier.
    """
    problems: list[str] = []
    for match in _TOKEN.finditer(template):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        field = match.group(1)
        if field is None:
            problems.append(f"a lone '{token}' at character {match.start() + 1}; write '{token * 2}' for a literal brace")
            continue
        if not _NAME.fullmatch(field):
            problems.append(
                f"placeholder {{{field}}} is not a plain name: templates allow only {{name}}, "
                "without attribute or index access ('.', '['), conversions ('!') or format specs (':')"
            )
        elif allowed is not None and field not in allowed:
            from playbook.suggest import nearest

            close = nearest(field, sorted(allowed))
            problems.append(
                f"unknown placeholder {{{field}}}"
                + (f" (did you mean {{{close}}}?)" if close else "")
                + "; this text may use "
                + (", ".join("{" + name + "}" for name in sorted(allowed)) if allowed else "no placeholder")
            )
    return problems


def fill(template: str, values: Mapping[str, Any]) -> str:
    """``template`` with each ``{name}`` replaced by ``str(values[name])`` (``None`` as empty).

    A field that is not a plain known name is kept as written, so a template that was not
    checked still renders without touching anything but the values given.
    """

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        field = match.group(1)
        if field is None or field not in values or not _NAME.fullmatch(field):
            return token
        value = values[field]
        return "" if value is None else str(value)

    return _TOKEN.sub(replace, template)


class Template:
    """A template split once into literal text and placeholder names: :meth:`fill` gives what
    :func:`fill` gives for the same text, with no regular expression and no Python callback
    per placeholder (an evaluation writes a dozen messages; the playbook compiles its own)."""

    __slots__ = ("_pieces", "constant")

    def __init__(self, template: str) -> None:
        pieces: list[tuple[str, str | None]] = []
        literal: list[str] = []
        position = 0
        for match in _TOKEN.finditer(template):
            literal.append(template[position:match.start()])
            position = match.end()
            token, field = match.group(0), match.group(1)
            if token == "{{" or token == "}}":
                literal.append(token[0])
            elif field is None or not _NAME.fullmatch(field):
                literal.append(token)  # kept as written, as fill keeps it
            else:
                pieces.append(("".join(literal), field))
                literal = []
        literal.append(template[position:])
        pieces.append(("".join(literal), None))
        self._pieces = tuple(pieces)
        # the text itself when it has no placeholder, the same whatever the values: a unit or
        # a clock's name is then written without being filled
        self.constant: str | None = pieces[0][0] if len(pieces) == 1 else None

    def fill(self, values: Mapping[str, Any]) -> str:
        if self.constant is not None:
            return self.constant
        out: list[str] = []
        for literal, name in self._pieces:
            out.append(literal)
            if name is not None:
                if name in values:
                    value = values[name]
                    out.append("" if value is None else str(value))
                else:
                    out.append("{" + name + "}")
        return "".join(out)
