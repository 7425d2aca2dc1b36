"""PB104 cap-above-authority."""

from __future__ import annotations

from .copies import PlaybookCopy, at, index_where, mini_findings


def test_standard_caps_can_be_approved(zh_copy: PlaybookCopy, en_copy: PlaybookCopy) -> None:
    assert zh_copy.lint("PB104") == [] and en_copy.lint("PB104") == []


def test_a_cap_above_the_top_authority(zh_copy: PlaybookCopy) -> None:
    levels = zh_copy.source().escalation.levels
    zh_copy.insert_key(("escalation", "levels", len(levels) - 1), "authority: 8000")
    limits = zh_copy.source().compensation.limits
    row = index_where(limits, fault="company", tier="A")
    zh_copy.replace(("compensation", "limits", row, "cap", "amount"), "9000")
    [finding] = zh_copy.lint("PB104")
    assert "cap 9000 is above every escalation level's authority" in finding.message
    assert at(finding, zh_copy.span(("compensation", "limits", row, "cap", "amount")))


def test_a_cap_without_amount_grows_past_every_authority() -> None:
    def edit(data: dict) -> None:
        data["escalation"]["levels"][-1]["authority"] = 5000
        data["compensation"]["limits"][0]["cap"] = {"order_multiple": 6}

    [finding] = mini_findings("PB104", edit)
    assert "no absolute amount" in finding.message
    assert finding.path == ("compensation", "limits", 0, "cap")


def test_a_level_without_limit_can_approve_anything() -> None:
    def edit(data: dict) -> None:
        data["compensation"]["limits"][0]["cap"] = {"amount": 10 ** 9}

    assert mini_findings("PB104", edit) == []
