"""PB102 cap-tier-order."""

from __future__ import annotations

from .copies import PlaybookCopy, at, index_where, mini_findings


def test_standard_tables_rise_with_the_tier(zh_copy: PlaybookCopy, en_copy: PlaybookCopy) -> None:
    assert zh_copy.lint("PB102") == [] and en_copy.lint("PB102") == []


def test_a_lower_tier_with_a_bigger_amount(zh_copy: PlaybookCopy) -> None:
    limits = zh_copy.source().compensation.limits
    high = index_where(limits, fault="company", tier="B")
    low = index_where(limits, fault="company", tier="C")
    zh_copy.replace(("compensation", "limits", low, "cap", "amount"), "4000")
    [finding] = zh_copy.lint("PB102")
    assert finding.code == "PB102"
    assert "tier 'B' (higher) can get less than tier 'C'" in finding.message
    assert at(finding, zh_copy.span(("compensation", "limits", high, "cap", "amount")))
    assert "at least 4000" in (finding.hint or "")


def test_a_multiple_only_cap_below_an_amount_only_cap() -> None:
    def edit(data: dict) -> None:
        data["compensation"]["limits"][0]["cap"] = {"order_multiple": 2}  # company × A
        data["compensation"]["limits"][1]["cap"] = {"amount": 200}  # company × B, C

    [finding] = mini_findings("PB102", edit)
    assert "for an order of 1.00: 2.00 < 200" in finding.message
    assert finding.path == ("compensation", "limits", 0, "cap", "order_multiple")


def test_equal_caps_are_fine() -> None:
    def edit(data: dict) -> None:
        data["compensation"]["limits"][0]["cap"] = dict(data["compensation"]["limits"][1]["cap"])

    assert mini_findings("PB102", edit) == []
