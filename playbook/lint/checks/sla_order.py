"""PB201 sla-resolution-before-response: a case must be resolved before it must be answered.

Checked for each rule on its own, and for each pair of rules from which one case can take
its two targets: the first matching rule that sets a clock sets it, so a case may take its
first-response target from one rule and its resolution target from another.
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.errors import Diagnostic, Severity

from ..base import LintContext, LintRule
from ..conditions import satisfiable
from ..durations import surely_shorter


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    rules = context.source.sla.rules
    domains = context.domains()
    for r_index, resolving in enumerate(rules):
        if resolving.resolution is None:
            continue
        for f_index, responding in enumerate(rules):
            if responding.first_response is None:
                continue
            if not surely_shorter(resolving.resolution, responding.first_response):
                continue
            path = ("sla", "rules", r_index, "resolution")
            if f_index == r_index:
                yield rule.finding(
                    context,
                    f"SLA rule '{resolving.id}' wants resolution within {resolving.resolution} "
                    f"but first response only within {responding.first_response}",
                    path,
                    f"make resolution at least {responding.first_response}, or first response shorter",
                )
            elif satisfiable(
                [resolving.when, responding.when], domains,
                negated=[r.when for r in rules[:f_index] if r.first_response is not None]
                + [r.when for r in rules[:r_index] if r.resolution is not None],
            ):
                yield rule.finding(
                    context,
                    f"a case matching both '{responding.id}' and '{resolving.id}' may get resolution within "
                    f"{resolving.resolution} (from '{resolving.id}') but first response only within "
                    f"{responding.first_response} (from '{responding.id}')",
                    path,
                    f"give '{resolving.id}' a first_response of its own, or make its resolution at least "
                    f"{responding.first_response}",
                )


RULE = LintRule("PB201", "sla-resolution-before-response", Severity.WARNING,
                "An SLA resolution target is shorter than the first-response target for the same cases.", check)
