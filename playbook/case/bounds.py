"""How large one case may be: messages, characters per message and per case.

A transcript is scanned for every phrase of the playbook, so its size is the cost of an
evaluation. These bounds are checked on the parsed case before any text is scanned: a
case over one of them is a located :class:`~playbook.errors.CaseError` (the field path,
and ``file:line`` when read from a file), never a slow or endless evaluation. The
numbers are :class:`playbook.source.limits.Limits` fields, so they are set like every
other limit (``playbook --limit``, ``PLAYBOOK_LIMITS``, ``Playbook.load(limits=...)``).
"""

from __future__ import annotations

from playbook.errors import CaseError, Diagnostic, Span
from playbook.source.limits import Limits

from .model import Case

_HINT = "split the case, or raise the limit with playbook --limit {name}=… (PLAYBOOK_LIMITS)"


def bound_problems(case: Case, limits: Limits, file: str | None = None, line: int | None = None) -> list[Diagnostic]:
    """What makes ``case`` larger than ``limits`` allow (empty when it fits)."""
    span = Span(file, line or 1, 1) if file is not None else None
    transcript = case.transcript
    if len(transcript) > limits.max_messages:
        return [_over("case-too-many-messages",
                      f"the transcript has {len(transcript):,} messages; the limit is {limits.max_messages:,}",
                      "max_messages", span, ("transcript",))]
    total = 0
    for index, message in enumerate(transcript):
        length = len(message.text)
        if length > limits.max_message_chars:
            return [_over("message-too-long",
                          f"message {index} has {length:,} characters; the limit is {limits.max_message_chars:,}",
                          "max_message_chars", span, ("transcript", index, "text"))]
        total += length
    if total > limits.max_case_chars:
        return [_over("case-too-long",
                      f"the transcript has {total:,} characters; the limit is {limits.max_case_chars:,}",
                      "max_case_chars", span, ("transcript",))]
    return []


def check_bounds(case: Case, limits: Limits, file: str | None = None, line: int | None = None) -> Case:
    """``case`` itself when it fits ``limits``; else raises CaseError."""
    problems = bound_problems(case, limits, file, line)
    if problems:
        raise CaseError(problems)
    return case


def _over(code: str, message: str, name: str, span: Span | None, path: tuple[str | int, ...]) -> Diagnostic:
    return Diagnostic(code=code, message=message, span=span, path=path, hint=_HINT.format(name=name))
