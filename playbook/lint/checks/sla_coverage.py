"""PB202 sla-category-uncovered: a category whose cases get no first-response or resolution target.

A category is covered for a clock when some SLA rule that sets the clock can match a case
of that category. Without a target, delays in that category are never reported.
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.errors import Diagnostic, Severity
from playbook.model.conditions import FactTest

from ..base import LintContext, LintRule
from ..conditions import satisfiable

CLOCKS = ("first_response", "resolution")


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    source = context.source
    domains = context.domains()
    for c_index, category in enumerate(source.categories):
        is_category = FactTest.model_validate({"fact": "category", "eq": category.id})
        missing = [
            clock for clock in CLOCKS
            if not any(getattr(r, clock) is not None and satisfiable([r.when, is_category], domains)
                       for r in source.sla.rules)
        ]
        if missing:
            clocks = " and ".join(missing)
            yield rule.finding(
                context,
                f"category '{category.id}' has no {clocks} target: no SLA rule setting it can match this category",
                ("categories", c_index, "id"),
                f"add an SLA rule for category '{category.id}' (or a last rule without 'when') that sets {clocks}",
            )


RULE = LintRule("PB202", "sla-category-uncovered", Severity.WARNING,
                "A complaint category gets no first-response or resolution target.", check)
