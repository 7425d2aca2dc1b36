"""PB202 sla-category-uncovered and PB203 sla-no-fallback."""

from __future__ import annotations

from .copies import PlaybookCopy, at, index_where, mini_findings

CATEGORY_ONLY_SLA = """\
sla:
  rules:
    - id: quality
      when: {fact: category, eq: quality}
      first_response: 1h
      resolution: 30d
    - id: delivery
      when: {fact: category, in: [delivery]}
      first_response: 4h
      resolution: 3d
    - id: follow_up
      follow_up: 3d
"""


def test_standard_categories_all_have_targets(zh_copy: PlaybookCopy, en_copy: PlaybookCopy) -> None:
    for copy in (zh_copy, en_copy):
        assert copy.lint("PB202") == [] and copy.lint("PB203") == []


def test_sla_rules_for_some_categories_only(zh_copy: PlaybookCopy) -> None:
    zh_copy.write("sla.yaml", CATEGORY_ONLY_SLA)
    categories = zh_copy.source().categories
    findings = zh_copy.lint("PB202")
    assert {f.message.split("'")[1] for f in findings} == {c.id for c in categories} - {"quality", "delivery"}
    safety = index_where(categories, id="safety")
    [first] = [f for f in findings if "'safety'" in f.message]
    assert "first_response and resolution" in first.message
    assert at(first, zh_copy.span(("categories", safety, "id")))
    [fallback_response, fallback_resolution] = zh_copy.lint("PB203")
    assert fallback_response.severity.value == "info"
    assert "first_response" in fallback_response.message and "resolution" in fallback_resolution.message


def test_a_rule_excluding_one_category() -> None:
    def edit(data: dict) -> None:
        data["sla"]["rules"] = [{"id": "not-delivery", "when": {"fact": "category", "ne": "delivery"},
                                 "first_response": "1h", "resolution": "1d"}]

    [finding] = mini_findings("PB202", edit)
    assert finding.path == ("categories", 1, "id")
