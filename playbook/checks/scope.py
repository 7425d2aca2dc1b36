"""Where a phrase's hit counts: whose messages, and the first or last N of them.

A scope is decided per hit from the message it is in, so the one scan per case serves every
scope: nothing is scanned again for a greeting (first agent message) or a closing line (last).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: The roles a hit may count in; a system note counts for no scope.
SPEAKERS = ("agent", "customer")


@dataclass(frozen=True, slots=True)
class HitScope:
    """The roles whose messages count, and at most one position (first or last N of them)."""

    roles: frozenset[str]
    first: int | None = None
    last: int | None = None

    def admits(self, positions: MessagePositions, index: int) -> bool:
        """Whether a hit in message ``index`` counts."""
        role = positions.roles[index]
        if role not in self.roles:
            return False
        if self.first is None and self.last is None:
            return True
        key = role if len(self.roles) == 1 else "any"
        rank = positions.rank[key][index]
        if self.first is not None:
            return rank < self.first
        assert self.last is not None
        return positions.totals[key] - rank <= self.last

    @property
    def position(self) -> str | None:
        """'first N' / 'last N', or None when every message of the roles counts."""
        if self.first is not None:
            return f"first {self.first}"
        if self.last is not None:
            return f"last {self.last}"
        return None


#: Today's default for forbidden and required sets: every agent message.
AGENT_ANYWHERE = HitScope(frozenset({"agent"}))


def hit_scope(role: str | None, first: int | None, last: int | None) -> HitScope:
    """The scope a source ``scope:`` mapping says (``role: any`` is both speakers)."""
    roles = frozenset(SPEAKERS) if role == "any" else frozenset({role or "agent"})
    if roles == AGENT_ANYWHERE.roles and first is None and last is None:
        return AGENT_ANYWHERE
    return HitScope(roles, first, last)


@dataclass(frozen=True, slots=True)
class MessagePositions:
    """Each message's role and its 0-based rank among the agent's, the customer's and both
    speakers' messages ('any'), with how many each has."""

    roles: tuple[str, ...]
    rank: dict[str, tuple[int, ...]]
    totals: dict[str, int]

    @classmethod
    def of(cls, roles: Sequence[str]) -> MessagePositions:
        agent = customer = 0
        by_agent: list[int] = []
        by_customer: list[int] = []
        by_either: list[int] = []
        for role in roles:
            by_agent.append(agent)
            by_customer.append(customer)
            by_either.append(agent + customer)
            if role == "agent":
                agent += 1
            elif role == "customer":
                customer += 1
        return cls(tuple(roles), {"agent": tuple(by_agent), "customer": tuple(by_customer), "any": tuple(by_either)},
                   {"agent": agent, "customer": customer, "any": agent + customer})


__all__ = ["AGENT_ANYWHERE", "HitScope", "MessagePositions", "hit_scope"]
