"""Stage: the cap for this fault × tier × order amount, and who may approve more."""

from __future__ import annotations

from decimal import Context, Decimal, localcontext

from playbook.compile.compiled import CompiledLevel, CompiledLimit, CompiledPlaybook
from playbook.decision import CompensationResult

from .handlers import offerer_level
from .state import Evaluation

CAP_CONTEXT = Context(prec=60)
"""Exact room for a cap: playbook multiples (12 digits) × case amounts (bounded by
``playbook.case.model.MAX_AMOUNT``), to the cent, never rounded or trapped."""


def effective_tier(pb: CompiledPlaybook, tier: str | None) -> str:
    """The customer's tier, or the lowest tier when unknown (the cautious cap)."""
    return tier if tier is not None and tier in pb.tiers else pb.tiers[-1]


def cap_of(limit: CompiledLimit, order_amount: Decimal | None) -> tuple[Decimal | None, str]:
    """The cap and how it was reached: the smaller of the amount and the order multiple,
    raised to the floor multiple of the order when that is more."""
    candidates: list[tuple[Decimal, str]] = []
    if limit.amount is not None:
        candidates.append((limit.amount, f"{limit.amount}"))
    if limit.order_multiple is not None:
        if order_amount is None:
            if not candidates:
                return None, f"{limit.order_multiple} × order amount (order amount unknown)"
        else:
            with localcontext(CAP_CONTEXT):
                value = (limit.order_multiple * order_amount).quantize(Decimal("0.01"))
            candidates.append((value, f"{limit.order_multiple} × {order_amount}"))
    cap, basis = min(candidates, key=lambda c: c[0])
    if len(candidates) > 1:
        basis = "min(" + ", ".join(b for _, b in candidates) + ")"
    if limit.floor_multiple is not None and order_amount is not None:
        with localcontext(CAP_CONTEXT):
            floor = (limit.floor_multiple * order_amount).quantize(Decimal("0.01"))
        if floor > cap:
            cap, basis = floor, f"max({limit.floor_multiple} × {order_amount}, {basis})"
    return cap, basis


def approving_level(pb: CompiledPlaybook, amount: Decimal, floor: str | None) -> CompiledLevel | None:
    """The lowest level whose authority covers ``amount``, never below ``floor``."""
    floor_rank = 0
    if floor is not None:
        floor_level = pb.level(floor)
        floor_rank = floor_level.rank if floor_level else 0
    for level in pb.levels:
        if level.rank >= floor_rank and (level.authority is None or level.authority >= amount):
            return level
    return None


def late_delivery(ev: Evaluation) -> tuple[int | None, Decimal | None]:
    """Days late and the money owed for them, when the playbook sets a per-day rate."""
    days = ev.facts.get("delivery.days_late")
    rate = ev.playbook.late_delivery_per_day
    if days is None or rate is None or ev.facts.get("delivery.force_majeure"):
        return days, None
    return days, rate * days


def made_by_approver(pb: CompiledPlaybook, offerer: CompiledLevel, amount: Decimal | None,
                     floor: str | None) -> bool:
    """Whether the level that made an offer may approve it itself: its authority covers the
    amount and it ranks at least as high as the level that would have to approve it (at
    least ``floor``, the row's approver, when the offer is over the cap). The front line
    approving its own offer within its authority and the cap needs no word: nothing asks."""
    if amount is None or offerer.rank == 0:
        return False
    needed = approving_level(pb, amount, floor)
    covers = offerer.authority is None or offerer.authority >= amount
    return covers and (needed is None or offerer.rank >= needed.rank)


def decide_compensation(ev: Evaluation, fault: str) -> CompensationResult | None:
    """The cap row for ``fault`` (the case's effective fault) × the customer's tier."""
    pb, case = ev.playbook, ev.case
    if not pb.limits:
        return None
    tier = effective_tier(pb, case.customer.tier)
    limit = pb.limits.get((fault, tier))
    proposal = case.proposal
    amount = proposal.amount if proposal else None
    offerer = offerer_level(pb, case)
    ev.facts["proposal.over_authority"] = bool(
        amount is not None and offerer.authority is not None and amount > offerer.authority
    )
    days_late, late_amount = late_delivery(ev)
    cap, basis = cap_of(limit, case.customer.order_amount) if limit is not None else (None, "")
    exceeds = amount is not None and cap is not None and amount > cap
    # over the row's cap, the row's approver is the lowest level that may approve the offer
    floor = limit.approver if limit is not None and exceeds else None
    if made_by_approver(pb, offerer, amount, floor):
        ev.facts["proposal.approved"] = True
    if limit is None:
        ev.note("compensation", f"{fault}×{tier}", "failed", detail="no limit for this fault and tier")
        ev.facts["proposal.exceeds_cap"] = False
        return CompensationResult(
            fault=fault, tier=tier, order_amount=case.customer.order_amount, cap=None,
            cap_basis="no limit in the playbook for this fault and tier", remedies=[], proposal_amount=amount,
            days_late=days_late, late_delivery_amount=late_amount,
        )
    approver = None
    if exceeds:
        level = approving_level(pb, amount, limit.approver)  # type: ignore[arg-type]
        approver = level.id if level else limit.approver
    ev.facts["proposal.exceeds_cap"] = exceeds
    if ev.trace is not None:  # the note's arguments are not made for nothing
        ev.note("compensation", limit.rule, "fired", limit.origin, basis,
                {"cap": str(cap) if cap is not None else None, "proposal.amount": str(amount) if amount else None})
    return CompensationResult(
        fault=fault, tier=tier, order_amount=case.customer.order_amount, cap=cap, cap_basis=basis,
        remedies=list(limit.remedies), proposal_amount=amount, exceeds_cap=exceeds, approver=approver,
        days_late=days_late, late_delivery_amount=late_amount, rule=limit.origin.path,
    )
