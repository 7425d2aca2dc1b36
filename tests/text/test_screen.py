"""The fast engine's screen: factors, spellings, flags — and that a tight budget stays exact."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.text import PhraseMatcher, normalize_phrase
from playbook.text.engines.screen import (
    choose_factor,
    plan_screen,
    spell,
    traditional_spellings,
)
from playbook.text.patterns import PatternTable

from .conftest import HAS_HYPERSCAN, SPECS
from .test_properties import messages

pytestmark = pytest.mark.skipif(not HAS_HYPERSCAN, reason="hyperscan not installed")


def test_traditional_spellings() -> None:
    spellings = traditional_spellings()
    assert "這" in spellings["这"] and "規" in spellings["规"]
    assert "豈" in spellings["岂"]  # U+8C48, the traditional character
    assert "\uf900" not in spellings["岂"]  # its compatibility twin: flagged, not spelt
    assert "a" not in spellings


def test_factor_is_the_longest_affordable_substring() -> None:
    phrase = normalize_phrase("这种问题不关我的事,请去问生产厂家,我只负责卖货")
    assert choose_factor(phrase, 10**9) == phrase
    factor = choose_factor(phrase, 1)
    assert factor in phrase and all(not traditional_spellings().get(c) for c in factor)
    assert factor == "我的事"  # the longest run without traditional spellings
    assert len(spell(choose_factor("这是公司的规定", 4))) == 4
    assert choose_factor("这是公司的规定", 4) == "这是公司的规定"


def test_plan_flags_what_could_hide_a_factor() -> None:
    plan = plan_screen(["这是公司的规定", "itscompanypolicy"])
    flags = set(plan.flag_literals)
    assert "這是公司的規定".encode() in plan.factor_literals
    assert "⼀".encode() not in flags  # 一 is in no factor
    assert "\uf900".encode() not in flags  # folds to 岂, in no factor
    assert b"\xf0" in flags  # astral characters (emoji)
    # full-width letters of a factor letter are flagged (or their whole block)
    assert any("ｃ".encode().startswith(f) for f in flags)
    assert not any("，".encode().startswith(f) for f in flags)  # removed before the scan


@pytest.fixture(scope="module")
def tight() -> PhraseMatcher:
    """The hyperscan engine with one spelling per factor: the flag path does the work."""
    from playbook.text.engines.hyperscan_engine import HyperscanEngine

    table = PatternTable.build(SPECS)
    return PhraseMatcher(table, HyperscanEngine(table, literal_budget=1))


@settings(max_examples=150, deadline=None)
@given(text=st.one_of(messages(), st.text()))
def test_tight_budget_is_still_exact(tight: PhraseMatcher, matchers: dict[str, PhraseMatcher], text: str) -> None:
    assert tight.scan(text) == matchers["reference"].scan(text)
