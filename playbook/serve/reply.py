"""Checking a draft reply before it is sent: what it would add to the case's violations.

The case is decided twice, as it stands and with the draft appended as the next agent
message; a violation of the second decision that the first does not have is one the draft
would add, and one the first has that the second lost is one the draft would resolve (an
apology that was missing, an alternative to a refusal). Both decisions come from the same
playbook version.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from playbook.api import Playbook
from playbook.case import Case
from playbook.case.io import case_error
from playbook.case.model import Message, Moment
from playbook.decision.model import Violation


class ReplyRequest(BaseModel):
    """A draft agent reply and the case so far."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case: Case
    reply: str = Field(max_length=1_000_000, description="The draft the agent is about to send.")
    author: str | None = None
    at: Moment | None = Field(default=None, description="When it would be sent; default: unknown.")


class ReplyCheck(BaseModel):
    model_config = ConfigDict(frozen=True)

    clean: bool = Field(description="True when the draft adds no violation.")
    message_index: int = Field(description="Index the draft takes in the transcript (evidence points at it).")
    adds: list[Violation] = Field(description="Violations the draft would add, each with the playbook's 'instead'.")
    resolves: list[Violation] = Field(description="Violations of the case that the draft would resolve.")
    suggestions: list[dict[str, Any]] = Field(description="For each added violation: rule, taboo, text and instead.")
    playbook: str
    playbook_version: str
    playbook_hash: str | None


def check_reply(playbook: Playbook, request: ReplyRequest) -> ReplyCheck:
    """Decide the case without and with the draft; report the difference."""
    case = request.case
    before = playbook.evaluate(case)
    try:
        draft = Message(role="agent", text=request.reply, at=request.at, author=request.author)
    except ValidationError as exc:  # the request model bounds the same fields; kept as a safety net
        raise case_error(exc, "<request>") from None
    extended = case.model_copy(update={"transcript": [*case.transcript, draft]})
    after = playbook.evaluate(extended)
    index = len(case.transcript)
    known = {_key(v) for v in before.violations}
    kept = {_key(v) for v in after.violations}
    adds = [v for v in after.violations if _key(v) not in known]
    resolves = [v for v in before.violations if _key(v) not in kept]
    return ReplyCheck(
        clean=not adds, message_index=index, adds=adds, resolves=resolves,
        suggestions=[_suggestion(v, index) for v in adds],
        playbook=after.playbook, playbook_version=after.playbook_version, playbook_hash=after.playbook_hash,
    )


def _key(violation: Violation) -> tuple[Any, ...]:
    return (violation.rule, violation.taboo,
            tuple((e.message_index, e.start, e.end, e.phrase_id) for e in violation.evidence))


def _suggestion(violation: Violation, index: int) -> dict[str, Any]:
    in_draft = [e for e in violation.evidence if e.message_index == index]
    return {
        "rule": violation.rule,
        "taboo": violation.taboo,
        "message": violation.message,
        "text": [e.text for e in in_draft],
        "spans": [[e.start, e.end] for e in in_draft],
        "instead": violation.instead,
    }


