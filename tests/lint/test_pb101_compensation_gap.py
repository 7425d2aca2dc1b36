"""PB101 compensation-gap."""

from __future__ import annotations

from .copies import PlaybookCopy, at, index_where, mini_findings


def test_standard_tables_have_no_gap(zh_copy: PlaybookCopy, en_copy: PlaybookCopy) -> None:
    assert zh_copy.lint("PB101") == [] and en_copy.lint("PB101") == []


def test_a_deleted_row_is_a_gap_located_at_the_faults_last_row(zh_copy: PlaybookCopy) -> None:
    limits = zh_copy.source().compensation.limits
    zh_copy.delete_item(("compensation", "limits", index_where(limits, fault="shared", tier="D")))
    limits = zh_copy.source().compensation.limits
    last_shared = max(i for i, limit in enumerate(limits) if limit.fault == "shared")
    [finding] = zh_copy.lint("PB101")
    assert finding.code == "PB101" and finding.severity.value == "warning"
    assert "'shared'" in finding.message and "'D'" in finding.message
    assert at(finding, zh_copy.span(("compensation", "limits", last_shared)))
    assert "fault: shared, tier: D" in (finding.hint or "")


def test_several_missing_tiers_are_one_finding() -> None:
    def drop_company_rows(data: dict) -> None:
        data["compensation"]["limits"] = [r for r in data["compensation"]["limits"] if r["fault"] != "company"]

    [finding] = mini_findings("PB101", drop_company_rows)
    assert "tiers 'A', 'B', 'C'" in finding.message


def test_no_compensation_section_is_not_a_gap() -> None:
    def drop(data: dict) -> None:
        del data["compensation"]
        data["actions"] = [a for a in data["actions"] if a.get("kind") not in ("remedy", "compensate")]

    assert mini_findings("PB101", drop) == []
