"""PB201 sla-resolution-before-response."""

from __future__ import annotations

from .copies import PlaybookCopy, at, index_where, mini_findings


def test_standard_targets_are_in_order(zh_copy: PlaybookCopy, en_copy: PlaybookCopy) -> None:
    assert zh_copy.lint("PB201") == [] and en_copy.lint("PB201") == []


def test_resolution_shorter_than_response_in_one_rule(zh_copy: PlaybookCopy) -> None:
    rules = zh_copy.source().sla.rules
    small = index_where(rules, id="small_problem")
    zh_copy.replace(("sla", "rules", small, "resolution"), "30m")
    findings = zh_copy.lint("PB201")
    [own] = [f for f in findings if "SLA rule 'small_problem' wants" in f.message]
    assert at(own, zh_copy.span(("sla", "rules", small, "resolution")))


def test_targets_from_two_rules_that_match_the_same_case() -> None:
    def edit(data: dict) -> None:
        data["sla"]["rules"] = [
            {"id": "vip", "when": {"fact": "customer.tier", "eq": "A"}, "first_response": "4h"},
            {"id": "all", "first_response": "1h", "resolution": "2h"},
        ]

    [finding] = mini_findings("PB201", edit)
    assert "matching both 'vip' and 'all'" in finding.message
    assert finding.path == ("sla", "rules", 1, "resolution")


def test_rules_that_cannot_match_together_are_fine() -> None:
    def edit(data: dict) -> None:
        data["sla"]["rules"] = [
            {"id": "vip", "when": {"fact": "customer.tier", "eq": "A"}, "first_response": "4h", "resolution": "1d"},
            {"id": "others", "when": {"fact": "customer.tier", "ne": "A"}, "first_response": "1h", "resolution": "2h"},
        ]

    assert mini_findings("PB201", edit) == []


def test_business_days_are_not_compared_with_hours_by_guess() -> None:
    def edit(data: dict) -> None:
        data["sla"]["rules"] = [{"id": "all", "first_response": "20h", "resolution": "1bd"}]

    assert mini_findings("PB201", edit) == []  # 1bd may end after 20h or before: not certain
