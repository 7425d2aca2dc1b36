"""The rule title shown beside a code: ``PB101 compensation-gap``; compiler codes as they are."""

from __future__ import annotations

from playbook.errors import Diagnostic

from ..registry import rule_by_code


def title(diagnostic: Diagnostic) -> str:
    rule = rule_by_code(diagnostic.code)
    return rule.title if rule is not None else diagnostic.code
