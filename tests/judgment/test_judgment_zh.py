"""The standard zh playbook judges like a trainer: violations caught, ordinary service talk left alone.

Cases retold from DOMAIN.md and real agent turns from the JDDC sample (read in place).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from playbook.api import Playbook
from tests.judgment.bench_scripts import load_bench

TURN_RULES = ("careless_promises/promise_checks", "formulaic_handling/refusal_without_alternative")


def _turn(pb: Playbook, agent: str, customer: str = "你好，我想问一下") -> set[str]:
    case = {
        "id": "t",
        "received_at": "2026-03-02T10:00:00+08:00",
        "transcript": [
            {"role": "customer", "text": customer, "at": "2026-03-02T10:00:00+08:00"},
            {"role": "agent", "text": agent, "at": "2026-03-02T10:01:00+08:00"},
        ],
    }
    return {v.rule for v in pb.evaluate(case).violations}


PROMISE = "careless_promises/promise_checks"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("售后会联系您确认的哟", "another team's step is a description, not the agent's promise"),
        ("配送的时候会联系您的", "the courier's step, not the agent's"),
        ("审核通过就会给您退款的", "a process under a condition"),
        ("到货后我们会尽快给您发货", "conditional on the goods arriving"),
        ("我们会在[数字x]点前给您回电，您看可以吗?", "an anonymised clock time is a time"),
        ("次日[数字x]点前给您回复哈", "an anonymised time on the next day"),
        ("我会在[日期x]前给您答复", "an anonymised date"),
        ("我们会在24小时内给您回复", "a digit with a unit is a deadline"),
    ],
)
def test_not_a_careless_promise(standard_zh: Playbook, text: str, why: str) -> None:
    assert PROMISE not in _turn(standard_zh, text), why


@pytest.mark.parametrize(
    "text",
    [
        "我保证给您处理好",  # a guarantee with no date at all [001] 告诉客户最迟答复时间
        "请您放心哦，我们一定会尽快的",  # first person, 尽快 is no date
        "这边会尽快给您处理的",  # 这边 = the agent's side
        "我马上会给您回复",  # 马上 is not a date
    ],
)
def test_first_person_undated_promise_is_caught(standard_zh: Playbook, text: str) -> None:
    assert PROMISE in _turn(standard_zh, text)


def test_recommended_wording_is_never_a_violation(standard_zh: Playbook) -> None:
    """Every script the playbook recommends (actions, phrases' ``instead``) is clean as an agent turn."""
    source = standard_zh.source
    scripts = {a.script for a in source.actions if getattr(a, "script", None)}
    for phrase_set in source.phrase_sets:
        if getattr(phrase_set, "instead", None):
            scripts.add(phrase_set.instead)
        for phrase in phrase_set.phrases:
            if getattr(phrase, "instead", None):
                scripts.add(phrase.instead)
    assert scripts
    for script in sorted(scripts):
        case = {"id": "s", "fault": "company", "transcript": [{"role": "agent", "text": script}]}
        turn_level = [v.rule for v in standard_zh.evaluate(case).violations if not v.rule.startswith("cold_attitude/")]
        assert turn_level == [], script


def _session(customer: str, agent: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": "s",
        "received_at": "2026-03-02T10:00:00+08:00",
        "transcript": [
            {"role": "customer", "text": customer, "at": "2026-03-02T10:00:00+08:00"},
            {"role": "agent", "text": agent, "at": "2026-03-02T10:01:00+08:00"},
        ],
        **extra,
    }


def _taboos(pb: Playbook, case: dict[str, Any]) -> set[str]:
    return {v.taboo for v in pb.evaluate(case).violations}


def test_routine_question_needs_no_apology(standard_zh: Playbook) -> None:
    case = _session("我的快递到哪了", "已经为您查询，商品在配送中，今天送达")
    assert "cold_attitude" not in _taboos(standard_zh, case)


def test_complaint_without_apology_is_cold(standard_zh: Playbook) -> None:
    case = _session("东西坏了，我要投诉", "已经为您查询，商品在配送中，今天送达")
    assert "cold_attitude" in _taboos(standard_zh, case)
    apologised = _session("东西坏了，我要投诉", "非常抱歉，给您添麻烦了，今天给您换新")
    assert "cold_attitude" not in _taboos(standard_zh, apologised)


def test_case_says_whether_it_is_a_complaint(standard_zh: Playbook) -> None:
    said_complaint = _session("我的快递到哪了", "商品在配送中", facts={"complaint": True})
    assert "cold_attitude" in _taboos(standard_zh, said_complaint)
    said_inquiry = _session("东西坏了，我要投诉", "商品在配送中", facts={"complaint": False})
    assert "cold_attitude" not in _taboos(standard_zh, said_inquiry)


def _bench() -> Any:
    return load_bench("judgment_jddc")


def test_jddc_turns_rarely_flagged_and_violations_still_caught(standard_zh: Playbook, shared_data: Path) -> None:
    bench = _bench()
    chat = shared_data / "jddc-sample" / "chat_0.1per.txt"
    if not chat.is_file():
        pytest.skip("jddc-sample not present")
    lines = bench.read_chat(chat)
    agents, per_rule, samples = bench.measure_turns(standard_zh, lines)
    assert agents > 5000
    assert per_rule["(any)"] / agents <= 0.005, per_rule
    promised = {agent for _, agent, _ in samples[PROMISE]}
    assert "请您放心哦，我们一定会尽快的" in promised  # a real undated guarantee is still caught
    refused = {agent for _, agent, _ in samples["formulaic_handling/refusal_without_alternative"]}
    assert "公司规定哦" in refused
    assert not any("售后会联系您" in text for text in promised)


def test_jddc_sessions_rarely_cold(standard_zh: Playbook, shared_data: Path) -> None:
    bench = _bench()
    chat = shared_data / "jddc-sample" / "chat_0.1per.txt"
    if not chat.is_file():
        pytest.skip("jddc-sample not present")
    total, counts = bench.measure_sessions(standard_zh, bench.read_chat(chat))
    assert total > 900
    cold = counts["taboo cold_attitude"]
    assert 0 < cold / total <= 0.15, counts


REFUSAL = "formulaic_handling/refusal_without_alternative"


def test_rule_cited_while_granting_is_no_refusal(standard_zh: Playbook) -> None:
    assert REFUSAL not in _turn(standard_zh, "根据规定，这个不能退，我现在就帮您办理换货", "我要退货")
    assert REFUSAL in _turn(standard_zh, "根据规定，这个不能退", "我要退货")
    assert REFUSAL in _turn(standard_zh, "公司规定，不可以退", "我要退货")


def test_angry_customer_resolved_by_first_line_is_not_escalated(standard_zh: Playbook) -> None:
    """Resolved the same day within authority: no reason to raise the level [001]."""
    case = {
        "id": "resolved", "fault": "company", "reaction": "angry", "category": "quality",
        "harm": {"emotional": True}, "customer": {"tier": "C", "order_amount": "99"},
        "received_at": "2026-03-02T10:00:00+08:00", "resolved_at": "2026-03-02T15:00:00+08:00",
        "proposal": {"remedy": "exchange", "amount": "99"},
        "transcript": [
            {"role": "customer", "text": "东西坏了，气死我了", "at": "2026-03-02T10:00:00+08:00"},
            {"role": "agent", "text": "非常抱歉，给您添麻烦了，今天就给您换新", "at": "2026-03-02T10:05:00+08:00"},
        ],
    }
    decision = standard_zh.evaluate(case)
    assert not any(t.id == "angry_and_serious" for t in decision.escalation.triggers)
    open_case = {**case, "id": "open", "resolved_at": None, "category": "safety"}
    triggers = {t.id for t in standard_zh.evaluate(open_case).escalation.triggers}
    assert "angry_and_serious" in triggers
