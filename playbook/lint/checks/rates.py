"""PB106 rate-suspect: a ``rates`` entry that cannot be what its author meant.

``rates`` says how many units of the playbook's currency one unit of another is worth. A
rate of exactly 1 between two currencies is almost always a placeholder left in (the case's
amounts are then compared with the caps unconverted, as if no rate were declared), and a
table in a playbook with no amount to compare (no compensation limits, no authority, no
per-day rate) converts for nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from playbook.errors import Diagnostic, Severity

from ..base import LintContext, LintRule


def _has_money(context: LintContext) -> bool:
    source = context.source
    if any(level.authority is not None for level in source.escalation.levels):
        return True
    return source.compensation is not None


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    meta = context.source.playbook
    for code, rate in meta.rates.items():
        if rate == Decimal(1):
            yield rule.finding(
                context,
                f"1 {code} is said to be worth exactly 1 {meta.currency}: the case's amounts are compared "
                "with the caps as they stand",
                ("playbook", "rates", code),
                f"write how many {meta.currency} one {code} is worth, or remove {code} so its cases are refused",
            )
    if meta.rates and not _has_money(context):
        yield rule.finding(
            context,
            "rates are declared, but the playbook has no amount to compare a case's money with",
            ("playbook", "rates"),
            "remove 'rates', or add compensation limits or escalation authorities",
            Severity.INFO,
        )


RULE = LintRule("PB106", "rate-suspect", Severity.WARNING,
                "A currency rate of exactly 1, or rates in a playbook with no money to compare.", check)
