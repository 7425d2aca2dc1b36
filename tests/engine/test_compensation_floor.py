"""The floor of a compensation cap: an absolute amount never caps a refund of the price away.

DOMAIN's stories are the other tests (rules/*/tests/decisions.test.yaml: Aldi, the humidifier,
a large order); these pin the arithmetic and the validation of ``floor_multiple``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import playbook
from playbook.compile.compiled import CompiledLimit, Origin
from playbook.engine.compensation import cap_of
from playbook.errors import PlaybookError

from ..lint.copies import PlaybookCopy, index_where

money = st.decimals(min_value=0, max_value=10**9, places=2)
multiples = st.decimals(min_value=0, max_value=20, places=1)


def limit(amount: Decimal | None, multiple: Decimal | None, floor: Decimal | None) -> CompiledLimit:
    return CompiledLimit("company", "C", amount, multiple, ("refund",), None, Origin("compensation.limits[0]", None), floor)


@given(money, multiples, multiples, money)
def test_cap_is_the_floor_or_the_smaller_bound_whichever_is_more(
    amount: Decimal, multiple: Decimal, floor: Decimal, order: Decimal
) -> None:
    floor = min(floor, multiple)  # the model refuses a floor above the multiple
    cap, basis = cap_of(limit(amount, multiple, floor), order)
    assert cap is not None
    assert cap >= (floor * order).quantize(Decimal("0.01"))
    assert cap == max((floor * order).quantize(Decimal("0.01")), min(amount, (multiple * order).quantize(Decimal("0.01"))))
    assert basis.startswith("max(") == (cap > min(amount, (multiple * order).quantize(Decimal("0.01"))))


def test_an_amount_below_a_large_order_gives_way_to_the_floor() -> None:
    cap, basis = cap_of(limit(Decimal(1000), Decimal(7), Decimal(1)), Decimal(3000))
    assert cap == Decimal("3000.00") and basis == "max(1 × 3000, min(1000, 7 × 3000))"
    small, small_basis = cap_of(limit(Decimal(1000), Decimal(7), Decimal(1)), Decimal(100))
    assert small == Decimal("700.00") and small_basis == "min(1000, 7 × 100)"  # the floor does not bind


def test_no_order_amount_means_no_floor() -> None:
    assert cap_of(limit(Decimal(1000), Decimal(7), Decimal(1)), None) == (Decimal(1000), "1000")


def test_a_floor_above_the_multiple_is_a_located_error(tmp_path: Path) -> None:
    copy = PlaybookCopy(tmp_path, "zh")
    row = index_where(copy.source().compensation.limits, fault="company", tier="C")
    copy.replace(("compensation", "limits", row, "cap", "floor_multiple"), "8")
    with pytest.raises(PlaybookError) as raised:
        playbook.load(copy.folder)
    [diag] = [d for d in raised.value.diagnostics if "floor_multiple" in d.message]
    assert diag.path == ("compensation", "limits", row, "cap", "floor_multiple")
    assert diag.span is not None and diag.span.file.endswith("compensation.yaml")
    assert "above order_multiple 7" in diag.message
