"""Decisions of the small test playbook: each stage and each check kind, with innocent texts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from playbook.api import Playbook
from playbook.errors import CaseError

RECEIVED = "2026-03-02T10:00:00+08:00"  # a Monday, working day in mainland China


def case(**fields):
    base = {"id": "c1", "received_at": RECEIVED, "fault": "company", "customer": {"tier": "B", "order_amount": "40"}}
    base.update(fields)
    return base


def agent(text: str, at: str = "2026-03-02T10:05:00+08:00") -> dict:
    return {"role": "agent", "text": text, "at": at}


def customer(text: str, at: str = "2026-03-02T10:00:00+08:00") -> dict:
    return {"role": "customer", "text": text, "at": at}


def taboos(decision) -> list[str]:
    return [v.taboo for v in decision.violations]


def test_polite_reply_has_no_violation(mini: Playbook) -> None:
    d = mini.evaluate(case(transcript=[customer("The dried fruit is mouldy"),
                                       agent("I am so sorry. We can offer a refund or an exchange today.")]))
    assert d.violations == []
    assert d.category.id == "quality" and d.category.source == "detected"
    assert [k.keyword for k in d.category.matched_keywords] == ["mouldy"]


def test_forbidden_phrase_evidence_points_at_original_text(mini: Playbook) -> None:
    text = "您好，這個 不 關 我 的 事，请找仓库。"
    d = mini.evaluate(case(transcript=[customer("东西发霉了"), agent("对不起。" + text)]))
    [v] = [v for v in d.violations if v.taboo == "blame_shifting"]
    [e] = v.evidence
    original = "对不起。" + text
    assert original[e.start:e.end] == e.text
    assert e.text == "不 關 我 的 事"
    assert e.normalized == "不关我的事"
    assert e.message_index == 1 and e.phrase_id == "not-my-business"
    assert v.severity == "high" and v.instead == "I will take care of this for you."


def test_customer_words_are_not_agent_taboos(mini: Playbook) -> None:
    d = mini.evaluate(case(transcript=[customer("你们是不是要说不关我的事？"), agent("抱歉，我们马上处理，明天给您答复。")]))
    assert "blame_shifting" not in taboos(d)


def test_quoted_colleague_and_allowed_context_do_not_count(mini: Playbook) -> None:
    d = mini.evaluate(case(transcript=[
        agent("抱歉，同事说“不关我的事”是错误的，我不会让您失望。"),
    ]))
    assert taboos(d) == []


def test_english_phrase_matches_on_word_boundaries(mini: Playbook) -> None:
    hit = mini.evaluate(case(transcript=[agent("Sorry, but It’s NOT my   problem.")]))
    assert "blame_shifting" in taboos(hit)
    miss = mini.evaluate(case(transcript=[agent("Sorry, bit's not my problematic case")]))
    assert "blame_shifting" not in taboos(miss)


def test_refusal_without_alternative_is_formulaic(mini: Playbook) -> None:
    d = mini.evaluate(case(transcript=[agent("抱歉，這是公司的規定。")]))
    [v] = [v for v in d.violations if v.taboo == "formulaic_handling"]
    assert v.evidence[0].text == "這是公司的規定"
    ok = mini.evaluate(case(transcript=[agent("抱歉，这是公司的规定，不过我们可以为您换货。")]))
    assert "formulaic_handling" not in taboos(ok)


def test_no_apology_when_company_at_fault_is_cold(mini: Playbook) -> None:
    d = mini.evaluate(case(transcript=[agent("We can offer a refund tomorrow.")]))
    assert "cold_attitude" in taboos(d)
    misuse = mini.evaluate(case(fault="customer", transcript=[agent("We can offer a refund tomorrow.")]))
    assert "cold_attitude" not in taboos(misuse)


def test_promise_without_date(mini: Playbook) -> None:
    d = mini.evaluate(case(transcript=[agent("抱歉，我保证处理好。")]))
    [v] = [v for v in d.violations if v.taboo == "careless_promises"]
    assert v.evidence[0].text == "我保证"
    dated = mini.evaluate(case(transcript=[agent("抱歉，我保证明天处理好。")]))
    assert "careless_promises" not in taboos(dated)
    digits = mini.evaluate(case(transcript=[agent("抱歉，我保证3天内处理好。")]))
    assert "careless_promises" not in taboos(digits)


def test_overdue_promise(mini: Playbook) -> None:
    d = mini.evaluate(case(
        proposal={"remedy": "refund", "amount": "10", "promised_by": "2026-03-10T12:00:00+08:00"},
        evaluated_at="2026-03-12T12:00:00+08:00",
        transcript=[agent("Sorry, we will collect it on the 10th.")],
    ))
    [v] = [v for v in d.violations if v.check == "promises"]
    assert v.facts["promised_by"].startswith("2026-03-10")


def test_handoffs_and_returns(mini: Playbook) -> None:
    three = [{"from": "sales", "to": "after-sales"}, {"from": "after-sales", "to": "warehouse"},
             {"from": "warehouse", "to": "sales"}]
    d = mini.evaluate(case(handoffs=three))
    [v] = [v for v in d.violations if v.taboo == "passing_the_ball"]
    assert v.facts["route"] == ["sales", "after-sales", "warehouse", "sales"]
    assert "sales → after-sales → warehouse → sales" in v.message
    back = mini.evaluate(case(handoffs=three[:1] + [{"from": "after-sales", "to": "sales"}]))
    assert [v.check for v in back.violations if v.taboo == "passing_the_ball"] == ["handoffs"]
    assert mini.evaluate(case(handoffs=three[:2])).violations == []


def test_compensation_cap_is_min_of_amount_and_multiple(mini: Playbook) -> None:
    d = mini.evaluate(case(customer={"tier": "A", "order_amount": "1.55"}, proposal={"amount": "9.30"}))
    assert d.compensation.cap == Decimal("9.30")
    assert not d.compensation.exceeds_cap
    over = mini.evaluate(case(customer={"tier": "A", "order_amount": "1000"}, proposal={"amount": "700"}))
    assert over.compensation.cap == Decimal("500")
    assert over.compensation.exceeds_cap and over.compensation.approver == "manager"
    assert over.escalation.required and over.escalation.level == "manager"
    assert "careless_promises" in taboos(over)  # over the cap, not approved
    approved = mini.evaluate(case(customer={"tier": "A", "order_amount": "1000"},
                                  proposal={"amount": "700", "approved_by": "manager"}))
    assert "careless_promises" not in taboos(approved)


def test_missing_tier_uses_lowest_tier_and_says_so(mini: Playbook) -> None:
    d = mini.evaluate({"id": "c2", "fault": "company", "received_at": RECEIVED})
    assert d.compensation.tier == "C"
    assert "customer.tier" in [m.field for m in d.missing]
    assert {"record.what_happened", "record.contact", "customer.order_amount"} <= {m.field for m in d.missing}


def test_escalation_takes_highest_level_and_tightest_deadline(mini: Playbook) -> None:
    d = mini.evaluate(case(harm={"physical": True}, channel="media", evaluated_at="2026-03-02T10:00:00+08:00"))
    assert d.escalation.level == "director"
    assert {t.id for t in d.escalation.triggers} == {"physical-harm", "media"}
    assert d.escalation.by.isoformat() == "2026-03-02T10:30:00+08:00"
    assert d.severity == "critical" and d.priority == "P1"


def test_sla_breach_on_business_calendar(mini: Playbook) -> None:
    # Received Friday 17:30 before a normal weekend; no reply until Monday 10:00.
    d = mini.evaluate(case(received_at="2026-03-06T17:30:00+08:00",
                           transcript=[agent("Sorry for the wait.", at="2026-03-09T10:00:00+08:00")]))
    first = next(c for c in d.sla if c.clock == "first_response")
    assert first.target == "1h" and first.breached
    # due Monday 09:30 on business hours? No: "1h" is calendar time, so Friday 18:30.
    assert first.due_by.isoformat() == "2026-03-06T18:30:00+08:00"
    assert first.overdue_seconds == (2 * 86400 + 15 * 3600 + 30 * 60)
    delays = [v.facts["clock"] for v in d.violations if v.taboo == "delay"]
    assert delays == ["first_response", "resolution"]  # 24h resolution passed on Saturday
    on_time = mini.evaluate(case(received_at="2026-03-06T17:30:00+08:00",
                                 transcript=[agent("Sorry for the wait.", at="2026-03-06T17:50:00+08:00")],
                                 evaluated_at="2026-03-06T18:00:00+08:00"))
    assert not [v for v in on_time.violations if v.taboo == "delay"]


def test_action_plan_in_playbook_order_with_details(mini: Playbook) -> None:
    d = mini.evaluate(case(customer={"tier": "A", "order_amount": "10"}))
    kinds = [a.kind for a in d.actions]
    assert kinds == ["step", "apologise", "record", "remedy", "compensate", "follow_up"]
    assert d.actions[-1].detail == "Follow up within 3d of resolution"
    assert d.actions[1].script == "We are sorry for the trouble."
    assert all(a.rule.startswith("actions/") for a in d.actions)


def test_bad_case_is_a_located_case_error(mini: Playbook) -> None:
    with pytest.raises(CaseError) as info:
        mini.evaluate({"id": "c3", "transcrpt": []})
    assert info.value.diagnostics[0].code == "unknown-field"


def test_trace_is_off_by_default_and_complete_when_on(mini: Playbook) -> None:
    assert mini.evaluate(case()).trace is None
    traced = mini.evaluate(case(), trace=True)
    stages = {e.stage for e in traced.trace}
    assert {"severity", "priority", "sla", "compensation", "escalation", "taboos", "actions"} <= stages
    assert all(e.source and e.source.startswith(str(mini.tree.file or "")) for e in traced.trace if e.stage == "taboos")


def test_decision_is_json_serialisable(mini: Playbook) -> None:
    import json

    d = mini.evaluate(case(transcript=[agent("这是公司的规定")]), trace=True)
    data = json.loads(d.model_dump_json())
    [formulaic] = [v for v in data["violations"] if v["taboo"] == "formulaic_handling"]
    assert formulaic["evidence"][0]["text"] == "这是公司的规定"
    assert data["trace"] and data["evaluated_at"]


def test_late_delivery_is_paid_per_day(tmp_path) -> None:
    from pathlib import Path

    text = Path(__file__).parent.parent.joinpath("fixtures", "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("  remedies:\n    - {id: refund", "  late_delivery_per_day: 5\n  remedies:\n    - {id: refund", 1)
    path = tmp_path / "late.yaml"
    path.write_text(text, encoding="utf-8")
    pb = Playbook.load(path)
    late = case(delivery={"promised_by": "2026-03-02T18:00:00+08:00", "delivered_at": "2026-03-05T09:00:00+08:00"})
    d = pb.evaluate(late)
    assert (d.compensation.days_late, d.compensation.late_delivery_amount) == (3, Decimal("15"))
    assert "15 USD for 3 days" in next(a.detail for a in d.actions if a.kind == "compensate")
    force = dict(late, delivery=dict(late["delivery"], force_majeure=True))
    assert pb.evaluate(force).compensation.late_delivery_amount is None


def test_one_undated_promise_violation_per_message(mini: Playbook) -> None:
    d = mini.evaluate(case(transcript=[agent("抱歉，我保证一定会处理好。"), agent("抱歉，我保证。")]))
    promises = [v for v in d.violations if v.check == "promises"]
    assert [len(v.evidence) for v in promises] == [2, 1]
    assert [v.evidence[0].message_index for v in promises] == [0, 1]


def test_by_authority_respects_the_cells_approver_and_approvals(mini: Playbook) -> None:
    # tier A company cap: min(500, 6 × 100) = 500; 450 is within the cap but over the agent's 100
    within_cap = mini.evaluate(case(customer={"tier": "A", "order_amount": "100"}, proposal={"amount": "450"}))
    assert within_cap.escalation.level == "manager"  # lowest level whose authority covers 450
    over_cap = mini.evaluate(case(customer={"tier": "A", "order_amount": "100"}, proposal={"amount": "550"}))
    assert over_cap.compensation.approver == "manager" and over_cap.escalation.level == "manager"
    approved = mini.evaluate(case(customer={"tier": "A", "order_amount": "100"},
                                  proposal={"amount": "550", "approved_by": "manager"}))
    assert not approved.escalation.required
    assert approved.violations == [] or "careless_promises" not in taboos(approved)


def test_said_facts_let_conditions_see_what_the_customer_said(tmp_path) -> None:
    from pathlib import Path

    text = Path(__file__).parent.parent.joinpath("fixtures", "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("phrase_sets:\n", "phrase_sets:\n  - {id: threats, kind: signal, phrases: [媒体曝光, '12315']}\n", 1)
    text = text.replace("  severity:\n", "  severity:\n    - {id: threat, when: {fact: said.customer.threats, gt: 0}, severity: high}\n", 1)
    path = tmp_path / "threats.yaml"
    path.write_text(text, encoding="utf-8")
    pb = Playbook.load(path)
    assert pb.evaluate(case(transcript=[customer("再不处理我就找媒体曝光！")])).severity == "high"
    assert pb.evaluate(case(transcript=[agent("抱歉，媒体曝光的事我们会注意")])).severity == "medium"
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("said.customer.threats", "said.customer.threat"), encoding="utf-8")
    from playbook.errors import CompileError

    with pytest.raises(CompileError) as info:
        Playbook.load(bad)
    assert info.value.diagnostics[0].hint == "did you mean 'threats'?"
