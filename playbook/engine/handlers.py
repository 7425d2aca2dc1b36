"""Who handled the case and who made the offer, as levels of the escalation ladder.

A case names them by level id or by a role a level lists (``roles:``): ``handled_by`` on
the case or on an agent message, ``offered_by`` on the proposal. Knowing them keeps the
engine from escalating a case the right level already has (the Aldi reply came from the
general manager's office, not from the front line) and from reading an offer the approver
made as one over the front line's authority.
"""

from __future__ import annotations

from playbook.case import Case
from playbook.compile.compiled import CompiledLevel, CompiledPlaybook
from playbook.errors import CaseError, Diagnostic


def _named(case: Case) -> list[tuple[tuple[str | int, ...], str]]:
    names: list[tuple[tuple[str | int, ...], str]] = []
    if case.handled_by is not None:
        names.append((("handled_by",), case.handled_by))
    if case.proposal is not None and case.proposal.offered_by is not None:
        names.append((("proposal", "offered_by"), case.proposal.offered_by))
    for index, message in enumerate(case.transcript):
        if message.handled_by is not None:
            names.append((("transcript", index, "handled_by"), message.handled_by))
    return names


def check_handlers(pb: CompiledPlaybook, case: Case) -> None:
    """Raise :class:`CaseError` at each ``handled_by``/``offered_by`` no level answers to."""
    problems = []
    for path, name in _named(case):
        if pb.level_named(name) is None:
            known = ", ".join(level.id for level in pb.levels)
            problems.append(Diagnostic(
                code="unknown-level",
                message=f"'{name[:80]}' is neither a level of playbook '{pb.id}' nor a role of one (levels: {known})",
                path=path,
                hint="name a level id, or add the name to that level's 'roles:' in the playbook",
            ))
    if problems:
        raise CaseError(problems)


def handler_level(pb: CompiledPlaybook, case: Case) -> CompiledLevel | None:
    """The level handling the case now: the case's ``handled_by``, else the last agent
    message's; None when the case names none (the front line, by default)."""
    if case.handled_by is not None:
        return pb.level_named(case.handled_by)
    for message in reversed(case.transcript):
        if message.role == "agent" and message.handled_by is not None:
            return pb.level_named(message.handled_by)
    return None


def offerer_level(pb: CompiledPlaybook, case: Case) -> CompiledLevel:
    """The level that made the offer: ``proposal.offered_by``, else who handles the case,
    else the front line."""
    proposal = case.proposal
    if proposal is not None and proposal.offered_by is not None:
        found = pb.level_named(proposal.offered_by)
        if found is not None:
            return found
    return handler_level(pb, case) or pb.levels[0]
