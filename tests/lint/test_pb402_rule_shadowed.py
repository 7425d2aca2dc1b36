"""PB402 rule-shadowed."""

from __future__ import annotations

from .copies import PlaybookCopy, at, mini_findings


def test_standard_rules_are_all_reachable(zh_copy: PlaybookCopy, en_copy: PlaybookCopy) -> None:
    assert zh_copy.lint("PB402") == [] and en_copy.lint("PB402") == []


def test_a_priority_after_the_catch_all(zh_copy: PlaybookCopy) -> None:
    priorities = zh_copy.source().triage.priorities
    zh_copy.insert_item(("triage", "priorities"), "{id: P0, label: 任何案件}")
    findings = zh_copy.lint("PB402")
    assert [f.message.split("'")[1] for f in findings] == [p.id for p in priorities]
    assert at(findings[0], zh_copy.span(("triage", "priorities", 1, "when")))
    assert findings[-1].path == ("triage", "priorities", len(priorities), "id")  # the old catch-all


def test_a_priority_covered_by_the_earlier_ones_together() -> None:
    def edit(data: dict) -> None:
        data["triage"]["priorities"] = [
            {"id": "VIP", "when": {"fact": "customer.tier", "eq": "A"}},
            {"id": "others", "when": {"fact": "customer.tier", "ne": "A"}},
            {"id": "B", "when": {"fact": "customer.tier", "eq": "B"}},
        ]

    [finding] = mini_findings("PB402", edit)
    assert "priority 'B' is never chosen" in finding.message


def test_an_sla_rule_whose_clocks_are_all_taken() -> None:
    def edit(data: dict) -> None:
        data["sla"]["rules"].append({"id": "late", "when": {"fact": "customer.tier", "eq": "A"},
                                     "first_response": "10m"})

    [finding] = mini_findings("PB402", edit)
    assert "SLA rule 'late' is never used" in finding.message
    assert finding.path == ("sla", "rules", 2, "when")


def test_an_sla_rule_with_one_clock_still_used_is_fine() -> None:
    def edit(data: dict) -> None:
        data["sla"]["rules"][1].pop("follow_up")
        data["sla"]["rules"].append({"id": "tail", "first_response": "10m", "follow_up": "1d"})

    assert mini_findings("PB402", edit) == []
