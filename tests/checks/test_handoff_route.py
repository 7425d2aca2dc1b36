"""Hand-off routes: team names are folded only when two spellings must be compared, and the
route and returns are those of folding every name."""

from __future__ import annotations

import random
from datetime import datetime, timezone

from playbook.case import Handoff
from playbook.checks.handoffs import returns, route, team_key

AT = datetime(2026, 3, 2, 10, tzinfo=timezone.utc)
NAMES = ("售后", "售後", "售前", "仓库", "倉庫", "Sales", "sales ", "After-Sales", "after sales", "物流")


def _folded_route(handoffs: list[Handoff]) -> list[str]:
    """The route as defined: every name compared by its key."""
    teams = [handoffs[0].from_team]
    current = team_key(teams[0])
    for handoff in handoffs:
        if current != team_key(handoff.from_team):
            teams.append(handoff.from_team)
        teams.append(handoff.to_team)
        current = team_key(handoff.to_team)
    return teams


def _folded_returns(teams: list[str]) -> list[str]:
    seen: set[str] = set()
    back, previous = [], None
    for team in teams:
        key = team_key(team)
        if key in seen and key != previous:
            back.append(team)
        seen.add(key)
        previous = key
    return back


def test_one_hand_off_folds_no_name() -> None:
    keys: dict[str, str] = {}
    teams = route([Handoff(from_team="售前", to_team="售後", at=AT)], keys)
    assert teams == ["售前", "售後"]
    assert returns(teams, keys) == []
    assert keys == {}


def test_route_and_returns_are_those_of_folding_every_name() -> None:
    rng = random.Random(7)
    for _ in range(2_000):
        handoffs = [Handoff(from_team=rng.choice(NAMES), to_team=rng.choice(NAMES), at=AT)
                    for _ in range(rng.randint(1, 5))]
        keys: dict[str, str] = {}
        teams = route(handoffs, keys)
        assert teams == _folded_route(handoffs)
        assert returns(teams, keys) == returns(teams) == _folded_returns(teams)
