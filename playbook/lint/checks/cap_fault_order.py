"""PB103 cap-fault-order: a more company-caused fault gets a smaller cap than a less caused one.

Faults are listed from most company-caused to least, and "the more the company is at fault,
the richer the compensation" [004]. The fault with id ``unknown`` is left out: the engine
uses it for cases whose fault is not decided yet, which is no rank of fault.
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.errors import Diagnostic, Severity

from ..base import LintContext, LintRule
from ..compensation import cap_for, cells, fix_hint, inversions, show_cap

UNDECIDED = "unknown"


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    source = context.source
    table = cells(source)
    faults = [f.id for f in source.faults if f.id != UNDECIDED]
    for tier in (t.id for t in source.tiers):
        column = [table[(fault, tier)] for fault in faults if (fault, tier) in table]
        for more, less, gaps, order in inversions(column):
            yield rule.finding(
                context,
                f"for tier '{tier}', fault '{more.fault}' (more company-caused) can get less than "
                f"'{less.fault}': {show_cap(more.cap)} vs {show_cap(less.cap)}; for an order of {order}: "
                f"{cap_for(more.cap, order)} < {cap_for(less.cap, order) or 'no limit'}",
                more.path + ("cap", gaps[0].part),
                fix_hint(more.fault, less.fault, gaps[0], less.cap, "faults are listed most company-caused first"),
            )


RULE = LintRule("PB103", "cap-fault-order", Severity.WARNING,
                "A more company-caused fault gets a smaller compensation cap.", check)
