"""PB203 sla-no-fallback: no SLA rule sets a clock for every case.

Cases that match none of the rules setting a clock get no target for it. A last rule
without ``when`` is the usual fallback. Reported as info: a playbook may mean it.
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.errors import Diagnostic, Severity

from ..base import LintContext, LintRule
from ..conditions import satisfiable

CLOCKS = ("first_response", "resolution")


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    rules = context.source.sla.rules
    domains = context.domains()
    for clock in CLOCKS:
        setting = [r.when for r in rules if getattr(r, clock) is not None]
        if satisfiable([], domains, negated=setting):
            yield rule.finding(
                context,
                f"some cases match no SLA rule that sets {clock}, so they get no {clock} target",
                ("sla", "rules"),
                f"add a last rule without 'when' that sets {clock}",
            )


RULE = LintRule("PB203", "sla-no-fallback", Severity.INFO,
                "Some cases get no first-response or resolution target.", check)
