"""The lint rules, in code order. A tuple: nothing registers itself at import time."""

from __future__ import annotations

from .base import LintRule
from .checks import (
    approver_authority,
    cap_authority,
    cap_fault_order,
    cap_tier_order,
    compensation_gap,
    id_case,
    phrase_always_excused,
    phrase_common_in_corpus,
    phrase_conflict,
    phrase_context_unrelated,
    phrase_duplicate,
    phrase_redundant,
    phrase_set_unused,
    phrase_short_unguarded,
    rates,
    recommended_wording,
    rule_never_fires,
    rule_shadowed,
    sla_coverage,
    sla_fallback,
    sla_order,
)

RULES: tuple[LintRule, ...] = (
    compensation_gap.RULE,
    cap_tier_order.RULE,
    cap_fault_order.RULE,
    cap_authority.RULE,
    approver_authority.RULE,
    rates.RULE,
    sla_order.RULE,
    sla_coverage.RULE,
    sla_fallback.RULE,
    phrase_conflict.RULE,
    phrase_redundant.RULE,
    phrase_duplicate.RULE,
    phrase_set_unused.RULE,
    phrase_always_excused.RULE,
    phrase_context_unrelated.RULE,
    phrase_short_unguarded.RULE,
    phrase_common_in_corpus.RULE,
    recommended_wording.RULE,
    rule_never_fires.RULE,
    rule_shadowed.RULE,
    id_case.RULE,
)


def rule_by_code(code: str) -> LintRule | None:
    """The rule with this code (``PB101``) or name (``compensation-gap``)."""
    for rule in RULES:
        if code in (rule.code, rule.name):
            return rule
    return None
