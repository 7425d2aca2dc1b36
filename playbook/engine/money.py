"""Stage zero: a case's amounts in the playbook's currency, or a located case error.

Caps, authorities and per-day rates are written in the playbook's currency. A case in
another currency compared with them as it stands is judged wrongly without a word (a CNY
order under a USD cap looks seven times larger), so it is converted by the rate the
playbook declares (``playbook.rates``) or refused, never compared as it is.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from playbook.case import Case
from playbook.compile.compiled import CompiledPlaybook
from playbook.errors import CaseError, Diagnostic

from .compensation import CAP_CONTEXT

CURRENCY_PATH = ("customer", "currency")
CENT = Decimal("0.01")


def case_currency(case: Case) -> str | None:
    """The case's currency code as written, upper-cased; None when the case gives none."""
    code = case.customer.currency
    return code.strip().upper() if code is not None and code.strip() else None


def check_currency(pb: CompiledPlaybook, case: Case) -> Decimal | None:
    """The rate that brings the case's amounts into the playbook's currency (None: already in it).

    Raises :class:`CaseError` at ``customer.currency`` when the case is in a currency the
    playbook neither uses nor declares a rate for.
    """
    code = case_currency(case)
    if code is None or code == pb.currency:
        return None
    rate = pb.rates.get(code)
    if rate is not None:
        return rate
    known = ", ".join([pb.currency, *sorted(pb.rates)])
    raise CaseError(Diagnostic(
        code="currency-mismatch",
        message=f"the case is in {code}, but playbook '{pb.id}' counts money in {pb.currency} and has no rate "
                f"for {code} (it knows {known}): its amounts cannot be compared with the caps",
        path=CURRENCY_PATH,
        hint=f"evaluate it with a playbook in {code}, or declare 'rates: {{{code}: …}}' under 'playbook:' "
             f"(how many {pb.currency} one {code} is worth)",
    ))


def _convert(amount: Decimal | None, rate: Decimal) -> Decimal | None:
    if amount is None:
        return None
    with localcontext(CAP_CONTEXT):
        return (amount * rate).quantize(CENT)


def in_playbook_currency(pb: CompiledPlaybook, case: Case) -> tuple[Case, Decimal | None]:
    """The case with every amount in the playbook's currency, and the rate used (None: none)."""
    rate = check_currency(pb, case)
    if rate is None:
        return case, None
    customer = case.customer.model_copy(update={
        "order_amount": _convert(case.customer.order_amount, rate), "currency": pb.currency})
    harm = case.harm.model_copy(update={"economic": _convert(case.harm.economic, rate)})
    update: dict[str, object] = {"customer": customer, "harm": harm}
    if case.proposal is not None:
        update["proposal"] = case.proposal.model_copy(update={"amount": _convert(case.proposal.amount, rate)})
    return case.model_copy(update=update), rate
