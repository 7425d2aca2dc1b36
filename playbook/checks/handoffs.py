"""Passing the ball: too many hand-offs, or a case coming back to a team it already left."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from playbook.case import Handoff
from playbook.compile.compiled import fold_name
from playbook.decision import Violation
from playbook.model import taboos as src

from .base import CheckHead, CompiledCheck
from .kind import CheckKind, CheckMessage, PhraseSets

if TYPE_CHECKING:
    from .base import CheckContext


def team_key(team: str) -> str:
    """The name a team is compared by: written forms of one name are one team (售後部 and
    售后部, "After-Sales" and "after sales"), so a return is seen however it is spelled."""
    return fold_name(team)


def route(handoffs: list[Handoff], keys: dict[str, str] | None = None) -> list[str]:
    """The teams the case visited, in order: sales → after-sales → warehouse → sales.

    A hand-off from the team the case is already with does not repeat it, however that
    team's name is spelled; each visit keeps the spelling it was written with. ``keys``
    remembers each spelling's :func:`team_key` for :func:`returns` (a name is folded once)."""
    if not handoffs:
        return []
    if keys is None:
        keys = {}
    current = handoffs[0].from_team  # the team the case is with, as last written
    teams = [current]
    for handoff in handoffs:
        # one spelling is one team: names are folded only when spelled differently
        # (a single hand-off folds nothing)
        if handoff.from_team != current and _key(keys, handoff.from_team) != _key(keys, current):
            teams.append(handoff.from_team)
        teams.append(handoff.to_team)
        current = handoff.to_team
    return teams


def returns(teams: list[str], keys: dict[str, str] | None = None) -> list[str]:
    """Teams the case came back to after leaving them, in the order it happened."""
    if len(teams) < 3:
        return []  # a return is to a team seen before the one just left: a third visit at least
    if keys is None:
        keys = {}
    seen: set[str] = set()
    back: list[str] = []
    previous = None
    for team in teams:
        key = _key(keys, team)
        if key in seen and key != previous:
            back.append(team)
        seen.add(key)
        previous = key
    return back


def _key(keys: dict[str, str], team: str) -> str:
    """``team_key(team)``, folded once per spelling in ``keys``."""
    key = keys.get(team)
    if key is None:
        key = keys[team] = team_key(team)
    return key


@dataclass(frozen=True, slots=True)
class HandoffsCheck(CompiledCheck):
    head: CheckHead
    max_handoffs: int
    check_returns: bool

    def run(self, ev: CheckContext) -> list[Violation]:
        handoffs = ev.case.handoffs
        if not handoffs:
            return []
        count = len(handoffs)
        if count <= self.max_handoffs and (count < 2 or not self.check_returns):
            return []  # neither too many nor a return (that takes two hand-offs at least)
        keys: dict[str, str] = {}
        teams = route(handoffs, keys)
        path = " → ".join(teams)
        facts = {"handoffs.count": count, "route": teams}
        if count > self.max_handoffs:
            return [self.head.violation(ev, "handoffs_exceeded", facts=facts, count=count, path=path)]
        if self.check_returns:
            back = returns(teams, keys)
            if back:
                facts["returned_to"] = back
                return [self.head.violation(ev, "handoff_return", facts=facts, team=back[0], path=path, count=count)]
        return []


def _build(c: src.HandoffsCheck, head: CheckHead, sets: PhraseSets) -> HandoffsCheck:
    return HandoffsCheck(head, c.max_handoffs, c.returns)


KIND = CheckKind(
    src.HandoffsCheck, _build,
    messages=(
        CheckMessage("handoffs_exceeded", "{count} hand-offs: {path}", ("count", "path")),
        CheckMessage("handoff_return", "the case came back to {team}: {path}", ("team", "path", "count")),
    ),
    summary_fields=("max_handoffs",),
)
