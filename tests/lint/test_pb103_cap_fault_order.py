"""PB103 cap-fault-order."""

from __future__ import annotations

from .copies import PlaybookCopy, at, index_where, mini_findings


def test_standard_tables_fall_with_the_fault(zh_copy: PlaybookCopy, en_copy: PlaybookCopy) -> None:
    assert zh_copy.lint("PB103") == [] and en_copy.lint("PB103") == []


def test_a_less_company_caused_fault_with_a_bigger_multiple(zh_copy: PlaybookCopy) -> None:
    limits = zh_copy.source().compensation.limits
    company = index_where(limits, fault="company", tier="C")
    shared = index_where(limits, fault="shared", tier="C")
    zh_copy.replace(("compensation", "limits", shared, "cap", "order_multiple"), "8")
    [finding] = zh_copy.lint("PB103")
    assert "fault 'company' (more company-caused) can get less than 'shared'" in finding.message
    assert at(finding, zh_copy.span(("compensation", "limits", company, "cap", "order_multiple")))


def test_the_undecided_fault_is_not_ranked() -> None:
    def edit(data: dict) -> None:
        data["compensation"]["limits"][2] = {"fault": "customer", "tier": ["A", "B", "C"], "cap": {"amount": 10, "order_multiple": 1},
                                             "remedies": ["apology"]}
        data["compensation"]["limits"].append({"fault": "unknown", "tier": ["A", "B", "C"], "cap": {"amount": 9000},
                                               "remedies": ["apology"]})

    assert mini_findings("PB103", edit) == []


def test_a_less_company_caused_fault_with_a_higher_floor(zh_copy: PlaybookCopy) -> None:
    limits = zh_copy.source().compensation.limits
    third = index_where(limits, fault="third_party", tier="C")
    zh_copy.replace(("compensation", "limits", third, "cap", "floor_multiple"), "0.5")
    [finding] = zh_copy.lint("PB103")  # customer misuse × C keeps its floor of 1 × the order
    assert "fault 'third_party' (more company-caused) can get less than 'customer'" in finding.message
    assert at(finding, zh_copy.span(("compensation", "limits", third, "cap", "floor_multiple")))
    assert finding.hint is not None and "raise the floor_multiple of 'third_party' to at least 1" in finding.hint
