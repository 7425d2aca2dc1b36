"""A case's money is in the playbook's currency, converted by a declared rate, or refused.

Caps, authorities and per-day amounts are written in the playbook's currency; a CNY order
compared with USD caps as it stands would be judged as if it were seven times larger.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.api import Playbook
from playbook.cli.main import cli
from playbook.errors import CaseError, SchemaError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "cases"


def _case(currency: str | None, order: str = "100", offer: str = "50", economic: str = "0") -> dict[str, Any]:
    customer: dict[str, Any] = {"tier": "C", "order_amount": order}
    if currency is not None:
        customer["currency"] = currency
    return {"id": "c1", "fault": "company", "customer": customer, "harm": {"economic": economic},
            "received_at": "2026-03-02T10:00:00+08:00", "proposal": {"remedy": "refund", "amount": offer}}


def _overlay(tmp_path: Path, base: str, rates: dict[str, str]) -> Playbook:
    path = tmp_path / "playbook.yaml"
    path.write_text(f"extends: {base}\nplaybook:\n  id: with-rates\n  version: '1'\n  rates: {json.dumps(rates)}\n",
                    encoding="utf-8")
    return Playbook.load(path)


def test_a_cny_case_under_the_usd_playbook_is_a_located_case_error(standard_en: Playbook) -> None:
    with pytest.raises(CaseError) as caught:
        standard_en.evaluate(_case("CNY"))
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "currency-mismatch"
    assert diagnostic.path == ("customer", "currency")
    assert "CNY" in diagnostic.message and "USD" in diagnostic.message
    assert diagnostic.hint is not None and "rates" in diagnostic.hint


def test_a_usd_case_under_the_cny_playbook_is_refused_too(standard_zh: Playbook) -> None:
    with pytest.raises(CaseError, match="currency-mismatch"):
        standard_zh.evaluate(_case("USD"))


def test_the_playbooks_own_currency_in_any_case_and_no_currency_are_accepted(standard_zh: Playbook) -> None:
    plain = standard_zh.evaluate(_case(None))
    assert standard_zh.evaluate(_case("CNY")).compensation == plain.compensation
    assert standard_zh.evaluate(_case("cny")).compensation == plain.compensation


def test_a_declared_rate_converts_every_amount_before_the_caps(tmp_path: Path, standard_en: Playbook) -> None:
    converting = _overlay(tmp_path, "standard:en", {"CNY": "0.14"})
    decision = converting.evaluate(_case("CNY", order="100", offer="50", economic="30"))
    assert decision.compensation is not None
    assert decision.compensation.order_amount == Decimal("14.00")
    assert decision.compensation.proposal_amount == Decimal("7.00")
    assert any("CNY" in w and "0.14" in w for w in decision.warnings)
    # the same case written in dollars decides alike, but for the word about the conversion
    in_dollars = standard_en.evaluate(_case("USD", order="14.00", offer="7.00", economic="4.20"))
    assert decision.compensation == in_dollars.compensation
    assert decision.escalation == in_dollars.escalation
    assert decision.actions == in_dollars.actions
    assert [w for w in decision.warnings if "CNY" not in w] == in_dollars.warnings


def test_a_converted_offer_over_the_cap_is_over_the_cap(tmp_path: Path) -> None:
    """5000 CNY on a 100 CNY order is 700 USD on a 14 USD order: over the 7x company-fault cap."""
    decision = _overlay(tmp_path, "standard:en", {"CNY": "0.14"}).evaluate(_case("CNY", order="100", offer="5000"))
    assert decision.compensation is not None and decision.compensation.exceeds_cap
    assert decision.compensation.cap == Decimal("98.00")


def test_a_currency_the_rates_do_not_list_is_still_refused(tmp_path: Path) -> None:
    with pytest.raises(CaseError) as caught:
        _overlay(tmp_path, "standard:en", {"CNY": "0.14"}).evaluate(_case("EUR"))
    assert "EUR" in caught.value.diagnostics[0].message and "CNY" in caught.value.diagnostics[0].message


@pytest.mark.parametrize(("rates", "words"), [
    ({"USD": "1"}, "own currency"),
    ({"CNY": "0"}, "greater than 0"),
    ({"rmb": "0.14"}, "pattern"),
])
def test_a_bad_rates_table_is_a_located_schema_error(tmp_path: Path, rates: dict[str, str], words: str) -> None:
    with pytest.raises(SchemaError) as caught:
        _overlay(tmp_path, "standard:en", rates)
    diagnostic = caught.value.diagnostics[0]
    assert words in diagnostic.message
    assert diagnostic.span is not None and diagnostic.span.file.endswith("playbook.yaml") and diagnostic.span.line == 5


@settings(max_examples=60, deadline=None)
@given(order=st.decimals(min_value=0, max_value=10_000, places=2), rate=st.decimals("0.01", "20", places=4))
def test_conversion_is_exact_to_the_cent(order: Decimal, rate: Decimal) -> None:
    playbook = Playbook.from_source(_SOURCE | {"playbook": {**_SOURCE["playbook"], "rates": {"CNY": str(rate)}}})
    decision = playbook.evaluate(_case("CNY", order=str(order)))
    assert decision.compensation is not None
    assert decision.compensation.order_amount == (order * rate).quantize(Decimal("0.01"))


_SOURCE: dict[str, Any] = Playbook.standard("en").source.model_dump(mode="json", exclude_none=True, by_alias=True)


# -- the CLI: a batch rejects the case at its line and decides the others -------------------


def test_eval_rejects_the_foreign_currency_case_at_its_line_and_decides_the_rest(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    lines = [_case("USD") | {"id": "dollars"}, _case("CNY") | {"id": "yuan"}, _case(None) | {"id": "plain"}]
    cases.write_text("".join(json.dumps(c) + "\n" for c in lines), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(cases), "--playbook", "standard:en", "--format", "json"])
    assert result.exit_code == 2, result.output
    decided = [json.loads(line)["case_id"] for line in result.stdout.splitlines()]
    assert decided == ["dollars", "plain"]
    assert f"{cases}:2:1" in result.stderr and "currency-mismatch" in result.stderr


def test_english_example_under_the_chinese_playbook_error_and_warning(tmp_path: Path) -> None:
    """The English example in USD is refused by the Chinese playbook (CNY); without its currency it
    is decided, with the warning that its transcript is not in the playbook's language."""
    example = json.loads((EXAMPLES / "en-mouldy-dried-fruit.json").read_text(encoding="utf-8"))
    refused = CliRunner().invoke(cli, ["eval", str(EXAMPLES / "en-mouldy-dried-fruit.json"), "--format", "json"])
    assert refused.exit_code == 2 and "currency-mismatch" in refused.stderr
    del example["customer"]["currency"]
    plain = tmp_path / "case.json"
    plain.write_text(json.dumps(example), encoding="utf-8")
    decided = CliRunner().invoke(cli, ["eval", str(plain), "--format", "json"])
    assert decided.exit_code == 0, decided.output
    warnings = json.loads(decided.stdout)["warnings"]
    assert any("拉丁字母" in w and "（zh）" in w for w in warnings)


def test_playbook_test_reports_the_mismatch_at_the_tests_currency_line(tmp_path: Path) -> None:
    suite = tmp_path / "money.test.yaml"
    suite.write_text(
        "playbook: standard:en\n"
        "tests:\n"
        "  - name: yuan under dollars\n"
        "    case:\n"
        "      customer:\n"
        "        tier: C\n"
        "        currency: CNY\n"
        "    expect: {violations: []}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["test", str(suite)])
    assert result.exit_code != 0
    assert "currency-mismatch" in result.output
    assert f"{suite.name}:7" in result.output
