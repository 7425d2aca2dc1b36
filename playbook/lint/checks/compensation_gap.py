"""PB101 compensation-gap: a fault × tier cell with no compensation limit.

Such a case gets no cap at all ("no limit in the playbook for this fault and tier"), so an
agent cannot tell what may be offered and nothing is ever over the cap.
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.errors import Diagnostic, Severity

from ..base import LintContext, LintRule
from ..compensation import cells


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    source = context.source
    if source.compensation is None:
        return
    table = cells(source)
    tiers = [t.id for t in source.tiers]
    for fault in (f.id for f in source.faults):
        missing = [tier for tier in tiers if (fault, tier) not in table]
        if not missing:
            continue
        rows = [cell for (f, _), cell in table.items() if f == fault]
        path = rows[-1].path if rows else ("compensation", "limits")
        listed = ", ".join(f"'{t}'" for t in missing)
        yield rule.finding(
            context,
            f"fault '{fault}' has no compensation limit for tier{'s' if len(missing) > 1 else ''} {listed}",
            path,
            f"add a row such as '- {{fault: {fault}, tier: {_flow(missing)}, cap: {{amount: …}}, remedies: […]}}'; "
            "without one such cases get no cap",
        )


def _flow(items: list[str]) -> str:
    return items[0] if len(items) == 1 else "[" + ", ".join(items) + "]"


RULE = LintRule("PB101", "compensation-gap", Severity.WARNING,
                "A fault × tier cell of the compensation table has no limit.", check)
