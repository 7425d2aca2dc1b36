"""PB105 approver-below-cap."""

from __future__ import annotations

from .copies import PlaybookCopy, at, index_where, mini_findings


def test_standard_approvers_can_approve_their_caps(zh_copy: PlaybookCopy, en_copy: PlaybookCopy) -> None:
    assert zh_copy.lint("PB105") == [] and en_copy.lint("PB105") == []


def test_the_front_line_as_approver_of_a_big_cap(zh_copy: PlaybookCopy) -> None:
    limits = zh_copy.source().compensation.limits
    row = index_where(limits, fault="company", tier="A")
    zh_copy.replace(("compensation", "limits", row, "approver"), "agent")
    [finding] = zh_copy.lint("PB105")
    assert "approver 'agent' may approve up to" in finding.message
    assert at(finding, zh_copy.span(("compensation", "limits", row, "approver")))
    assert "director" in (finding.hint or "")


def test_rows_without_approver_are_fine() -> None:
    def edit(data: dict) -> None:
        for row in data["compensation"]["limits"]:
            row.pop("approver", None)

    assert mini_findings("PB105", edit) == []
