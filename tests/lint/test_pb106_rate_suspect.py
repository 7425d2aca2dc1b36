"""PB106 rate-suspect."""

from __future__ import annotations

from typing import Any

from .copies import PlaybookCopy, at, mini_findings


def test_standard_playbooks_declare_no_rates(zh_copy: PlaybookCopy, en_copy: PlaybookCopy) -> None:
    assert zh_copy.lint("PB106") == [] and en_copy.lint("PB106") == []


def test_a_real_rate_is_fine(en_copy: PlaybookCopy) -> None:
    en_copy.replace(("playbook", "currency"), 'USD\n  rates: {CNY: "0.14"}')
    assert en_copy.source().playbook.rates
    assert en_copy.lint("PB106") == []


def test_a_rate_of_one_is_a_placeholder(en_copy: PlaybookCopy) -> None:
    en_copy.replace(("playbook", "currency"), 'USD\n  rates: {CNY: "0.14", EUR: 1}')
    [finding] = en_copy.lint("PB106")
    assert "1 EUR is said to be worth exactly 1 USD" in finding.message
    assert at(finding, en_copy.span(("playbook", "rates", "EUR")))


def test_rates_without_money_to_compare_are_info() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["playbook"]["rates"] = {"CNY": "0.14"}
        data.pop("compensation", None)
        for level in data["escalation"]["levels"]:
            level.pop("authority", None)

    [finding] = mini_findings("PB106", edit)
    assert finding.severity.value == "info" and "no amount to compare" in finding.message
