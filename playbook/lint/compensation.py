"""The compensation table as lint sees it: one cell per fault × tier, and how caps compare."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from playbook.model.money import Cap, Limit
from playbook.model.playbook import PlaybookSource
from playbook.source.tree import DocPath


@dataclass(frozen=True, slots=True)
class Cell:
    """One fault × tier cell of the table, and the row that sets it."""

    fault: str
    tier: str
    index: int
    limit: Limit

    @property
    def path(self) -> DocPath:
        return ("compensation", "limits", self.index)

    @property
    def cap(self) -> Cap:
        return self.limit.cap


def cells(source: PlaybookSource) -> dict[tuple[str, str], Cell]:
    """The table, first row winning (a second row for a cell is a compile error)."""
    table: dict[tuple[str, str], Cell] = {}
    if source.compensation is None:
        return table
    for index, limit in enumerate(source.compensation.limits):
        faults = limit.fault if isinstance(limit.fault, list) else [limit.fault]
        tiers = limit.tier if isinstance(limit.tier, list) else [limit.tier]
        for fault in faults:
            for tier in tiers:
                table.setdefault((fault, tier), Cell(fault, tier, index, limit))
    return table


@dataclass(frozen=True, slots=True)
class Shortfall:
    """Why cap ``low`` can be smaller than cap ``high`` for some order: which part, by how much."""

    part: str  # 'amount' | 'order_multiple'
    high: Decimal | None  # None: no bound of this kind (unlimited)
    low: Decimal | None


def shortfalls(high: Cap, low: Cap) -> list[Shortfall]:
    """The parts in which ``high`` gives less than ``low`` for some order amount.

    A cap is max(floor × order, min(amount, multiple × order)), a missing amount or multiple
    meaning no bound and a missing floor none; ``high`` gives at least as much as ``low`` for
    every order when it does part by part (``witness`` confirms that an order shows it).
    """
    out = []
    for part in ("amount", "order_multiple"):
        mine, theirs = getattr(high, part), getattr(low, part)
        if mine is not None and (theirs is None or mine < theirs):
            out.append(Shortfall(part, mine, theirs))
    # a missing floor is no floor (zero), unlike a missing bound
    if (high.floor_multiple or 0) < (low.floor_multiple or 0):
        out.append(Shortfall("floor_multiple", high.floor_multiple, low.floor_multiple))
    return out


def cap_for(cap: Cap, order: Decimal) -> Decimal | None:
    """The cap for an order of ``order`` (None: no bound), as the engine computes it."""
    values = []
    if cap.amount is not None:
        values.append(cap.amount)
    if cap.order_multiple is not None:
        values.append((cap.order_multiple * order).quantize(Decimal("0.01")))
    if not values:
        return None
    floor = (cap.floor_multiple * order).quantize(Decimal("0.01")) if cap.floor_multiple is not None else None
    return max(min(values), floor) if floor is not None else min(values)


def witness(high: Cap, low: Cap) -> Decimal | None:
    """An order amount for which ``high`` gives less than ``low``; None when there is none.

    Both caps are piecewise linear in the order with breaks at amount / multiple, so
    trying a small order, the breaks, around them and a huge order finds one if any exists.
    """
    points = [Decimal(1), Decimal(10), Decimal(100), Decimal(1000), Decimal(10000), Decimal("0.01")]
    for cap in (high, low):
        for multiple in (cap.order_multiple, cap.floor_multiple):
            if cap.amount is not None and multiple:
                brk = cap.amount / multiple
                points += [brk / 2, brk, brk * 2]
    points.append(Decimal(10) ** 9)
    for order in points:
        order = order.quantize(Decimal("0.01"))
        mine, theirs = cap_for(high, order), cap_for(low, order)
        if mine is not None and (theirs is None or mine < theirs):
            return order
    return None


def fix_hint(high: str, low: str, gap: Shortfall, low_cap: Cap, order_note: str) -> str:
    """How to fix the first shortfall between the caps of rows named ``high`` and ``low``."""
    if gap.part == "floor_multiple":
        return f"raise the floor_multiple of '{high}' to at least {gap.low}, or lower '{low}'; {order_note}"
    if gap.part == "amount":
        return f"raise the amount of '{high}' to at least {gap.low}, or lower '{low}'; {order_note}"
    if low_cap.order_multiple is None:
        return (f"give '{low}' an order_multiple of at most {gap.high} too, so it shrinks with small orders "
                f"as '{high}' does, or drop the order_multiple of '{high}'; {order_note}")
    return f"raise the order_multiple of '{high}' to at least {gap.low}, or lower '{low}'; {order_note}"


def show_cap(cap: Cap) -> str:
    parts = []
    if cap.amount is not None:
        parts.append(f"{cap.amount}")
    if cap.order_multiple is not None:
        parts.append(f"{cap.order_multiple} × order")
    shown = "min(" + ", ".join(parts) + ")" if len(parts) > 1 else parts[0]
    return f"max({cap.floor_multiple} × order, {shown})" if cap.floor_multiple is not None else shown


def inversions(line: list[Cell]) -> Iterator[tuple[Cell, Cell, list[Shortfall], Decimal]]:
    """Neighbouring cells of a tier row or fault column where the upper one can get less:
    ``(upper, lower, shortfalls, an order amount that shows it)``."""
    for upper, lower in pairwise(line):
        gaps = shortfalls(upper.cap, lower.cap)
        order = witness(upper.cap, lower.cap)
        if gaps and order is not None:
            yield upper, lower, gaps, order
