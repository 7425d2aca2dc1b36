"""Amounts far beyond any real order: a located case error, never decimal arithmetic errors."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from playbook import Playbook
from playbook.case.model import MAX_AMOUNT
from playbook.errors import CaseError

from .conftest import BASE_CASE, assert_clean_exit, run_playbook

HUGE = [1e30, 1e308, 10**40, "1E+999999999", 1e26, "NaN", "Infinity", "9" * 5000]


def case_with(amount: Any, *, where: str = "order") -> dict[str, Any]:
    case = json.loads(json.dumps(BASE_CASE))
    if where == "order":
        case["customer"]["order_amount"] = amount
    elif where == "proposal":
        case["proposal"] = {"remedy": "refund", "amount": amount}
    else:
        case["harm"] = {"economic": amount}
    return case


@pytest.mark.parametrize("amount", HUGE, ids=str)
@pytest.mark.parametrize("where", ["order", "proposal", "harm"])
def test_a_huge_amount_is_a_located_case_error(standard_zh: Playbook, amount: Any, where: str) -> None:
    with pytest.raises(CaseError) as caught:
        standard_zh.evaluate(case_with(amount, where=where))
    assert caught.value.diagnostics[0].path[-1] in ("order_amount", "amount", "economic")


def test_the_largest_amount_still_gets_an_exact_cap(standard_zh: Playbook) -> None:
    decision = standard_zh.evaluate(case_with(str(MAX_AMOUNT)))
    assert decision.compensation is not None and decision.compensation.cap is not None
    assert decision.compensation.cap <= Decimal(MAX_AMOUNT) * 1000


@pytest.mark.parametrize("command", ["eval", "explain"])
def test_the_cli_refuses_a_huge_amount_with_exit_2(command: str, tmp_path: Any) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps(case_with("1E+999999999")))
    err = assert_clean_exit(run_playbook([command, str(case)]), 2)
    assert "order_amount" in err


@pytest.mark.parametrize("amount", ["1E+999999999", 1e26, "9" * 5000], ids=str)
def test_diff_rejects_a_huge_amount_at_its_line_and_compares_the_rest(amount: Any, tmp_path: Any) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps(case_with(amount)) + "\n" + json.dumps({**BASE_CASE, "id": "fine"}) + "\n")
    err = assert_clean_exit(run_playbook(["diff", "standard:zh", "standard:zh", "--cases", str(cases)]), 2)
    assert f"{cases}:1:1" in err and "order_amount" in err and "1 input case(s) rejected" in err


@pytest.mark.parametrize("literal", ["1E+999999999", "9" * 5000, "1e308", str(10**40), "1e26"],
                         ids=["1E+999999999", "5000-digit-integer", "1e308", "10**40", "1e26"])
@pytest.mark.parametrize("command", ["eval", "explain"])
def test_the_cli_refuses_a_huge_amount_written_as_a_json_number(command: str, literal: str, tmp_path: Any) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps(case_with("@@")).replace('"@@"', literal))
    err = assert_clean_exit(run_playbook([command, "-p", "standard:zh", str(case)]), 2)
    assert f"{case}:1:" in err
