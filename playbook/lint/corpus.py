"""A corpus of ordinary agent turns, read once, for the lints that try phrases on real text.

A forbidden phrase that fires on a large share of what agents ordinarily say is almost
always too short or unguarded (一定 inside 不一定); the writer finds out before a
release, not from a flood of false flags.  A corpus is JSON Lines or plain text:

* plain text: every non-empty line is one turn;
* JSON Lines: each line a string (one turn), an object with ``text`` (or ``content``,
  ``message``) and optionally ``role`` (only agent turns are kept), or a case with
  ``messages`` (its agent messages are the turns).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playbook.errors import Diagnostic, LoadError, Span

#: Roles whose messages are agent turns (a JSONL row without a role is one).
AGENT_ROLES = frozenset({"agent", "staff", "service", "assistant", "support", "1"})
_TEXT_KEYS = ("text", "content", "message")


@dataclass(frozen=True, slots=True)
class Turn:
    """One agent turn and the line of the corpus it was read from (1-based)."""

    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Corpus:
    """The agent turns of one file."""

    path: str
    turns: tuple[Turn, ...]

    @property
    def texts(self) -> list[str]:
        return [turn.text for turn in self.turns]


def read_corpus(path: str | Path) -> Corpus:
    """The agent turns of ``path``; a missing file or a malformed JSON line is a located LoadError."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LoadError(Diagnostic("corpus-unreadable", f"corpus {name} cannot be read: {error}",
                                   span=Span(name, 1, 1),
                                   hint="give a UTF-8 JSON Lines or plain-text file of agent turns")) from None
    lines = text.splitlines()
    as_json = Path(path).suffix.lower() in (".jsonl", ".ndjson", ".json") or _looks_like_json(lines)
    turns: list[Turn] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if not as_json:
            turns.append(Turn(line.strip(), number))
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise LoadError(Diagnostic(
                "corpus-json", f"line {number} of the corpus is not JSON: {error.msg}",
                span=Span(name, number, error.colno),
                hint="one JSON value per line: a string, {\"text\": …, \"role\": \"agent\"} or a case")) from None
        turns.extend(Turn(t, number) for t in _agent_texts(row, name, number))
    return Corpus(name, tuple(turns))


def _looks_like_json(lines: list[str]) -> bool:
    first = next((line.strip() for line in lines if line.strip()), "")
    return first.startswith(("{", '"'))


def _agent_texts(row: Any, name: str, number: int) -> list[str]:
    if isinstance(row, str):
        return [row]
    if isinstance(row, dict):
        messages = row.get("messages")
        if isinstance(messages, list):
            return [t for m in messages if isinstance(m, dict) for t in _agent_texts(m, name, number)]
        role = row.get("role", row.get("speaker"))
        if role is not None and str(role).lower() not in AGENT_ROLES:
            return []
        for key in _TEXT_KEYS:
            value = row.get(key)
            if isinstance(value, str):
                return [value]
    raise LoadError(Diagnostic(
        "corpus-row", f"line {number} of the corpus holds no turn text",
        span=Span(name, number, 1),
        hint="write a string, an object with 'text' (and 'role'), or a case with 'messages'"))


__all__ = ["AGENT_ROLES", "Corpus", "Turn", "read_corpus"]
