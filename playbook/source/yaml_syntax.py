"""What a YAML syntax error says, in words a policy writer can act on.

PyYAML's scanner messages name the grammar ("mapping values are not allowed here"); this
module locates them, rewrites the context into the message and adds a hint for the usual
mistakes (tabs, an unquoted ': ', an unclosed bracket). It also tells libyaml's own nesting
limit apart from a syntax error, and lets tab-indented JSON parse everywhere.
"""

from __future__ import annotations

import yaml

from playbook.errors import Diagnostic, Span

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


def syntax_error(exc: yaml.MarkedYAMLError, file: str | None, text: str) -> Diagnostic:
    """A parser or scanner error as a located diagnostic, with a hint for the usual mistakes."""
    mark = exc.problem_mark or exc.context_mark
    span = Span(file, mark.line + 1, mark.column + 1) if mark is not None else Span(file, 1, 1)
    message = exc.problem or exc.context or "invalid YAML"
    context = exc.context_mark
    if exc.problem and exc.context:
        if context is None:
            message = f"{exc.problem} ({exc.context})"
        elif mark is None or (context.line, context.column) != (mark.line, mark.column):
            message = (
                f"{exc.problem} ({exc.context} that starts at line {context.line + 1}, column {context.column + 1})"
            )
    if mark is not None and char_at(text, mark.line, mark.column) == "\t":
        hint: str | None = _TAB_HINT
    else:
        hint = next((text for needle, text in _SYNTAX_HINTS if needle in message), None)
    return Diagnostic(code="yaml-syntax", message=message, span=span, hint=hint)

def char_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based position, or '' past the end."""
    lines = text.split("\n", line + 1)
    if line >= len(lines) or column >= len(lines[line]):
        return ""
    return lines[line][column]


def is_own_depth_limit(exc: yaml.MarkedYAMLError) -> bool:
    """Whether a parser error is libyaml's own nesting limit, not a syntax error."""
    return "nesting depth" in (exc.problem or "")


def flow_tabs_to_spaces(text: str) -> str:
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
