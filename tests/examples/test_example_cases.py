"""The bundled example cases against the standard playbooks: each story's decision, as the
source texts call for it — what must be flagged, what must NOT be, the cap, the escalation,
the clocks, and evidence that points at the words that were said.

Stories: [000] Aldi's mouldy dried fruit, the misused humidifier, the thermometer call, the
car-repair feedback card never answered, the insurance agent who stopped coming on the 10th;
[001] the seven taboos and forbidden phrases; [002] harm and media as the worst case; [004]
per-day compensation for late delivery.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook.api import Playbook
from playbook.case import Case
from playbook.case.io import load_case_file
from playbook.cli.main import cli
from playbook.decision import Decision

CASES = Path(__file__).resolve().parents[2] / "examples" / "cases"
ZH_FILES = sorted(p for p in CASES.glob("*.json") if not p.name.startswith("en-"))
EN_FILES = sorted(CASES.glob("en-*.json"))


def load(name: str) -> Case:
    [case] = load_case_file(CASES / f"{name}.json")
    return case


def rules(decision: Decision) -> set[str]:
    return {v.rule for v in decision.violations}


def taboos(decision: Decision) -> set[str]:
    return {v.taboo for v in decision.violations if v.taboo}


def evidence_texts(decision: Decision, rule: str) -> list[str]:
    return [e.text for v in decision.violations if v.rule == rule for e in v.evidence]


def action_ids(decision: Decision) -> list[str]:
    return [a.id for a in decision.actions]


@pytest.fixture(scope="module")
def zh(standard_zh: Playbook) -> dict[str, tuple[Case, Decision]]:
    """Every Chinese example, evaluated once."""
    out = {}
    for path in ZH_FILES:
        case = load(path.stem)
        out[path.stem] = (case, standard_zh.evaluate(case))
    return out


@pytest.fixture(scope="module")
def en(standard_en: Playbook) -> dict[str, tuple[Case, Decision]]:
    out = {}
    for path in EN_FILES:
        case = load(path.stem)
        out[path.stem] = (case, standard_en.evaluate(case))
    return out


# -- every case ------------------------------------------------------------------------------


def test_the_stories_are_all_there() -> None:
    names = {p.stem for p in ZH_FILES}
    assert names == {
        "aldi-mouldy-dried-fruit", "humidifier-misuse", "thermometer-call", "car-repair-double-charge",
        "insurance-agent-missed-collection", "late-delivery", "vip-physical-harm-media", "passing-the-ball",
        "company-rule-no-alternative",
    }
    assert {p.stem for p in EN_FILES} >= {"en-mouldy-dried-fruit", "en-company-policy", "en-passing-the-ball"}


def test_evidence_spans_are_the_original_words(zh: dict, en: dict) -> None:
    """Every span, in every example, cuts exactly its text out of the original message."""
    for case, decision in list(zh.values()) + list(en.values()):
        for violation in decision.violations:
            for e in violation.evidence:
                original = case.transcript[e.message_index].text
                assert original[e.start:e.end] == e.text, (case.id, violation.rule, e)
                assert case.transcript[e.message_index].role == "agent", (case.id, violation.rule, e)


def test_batch_file_holds_every_chinese_case_once() -> None:
    lines = [json.loads(line) for line in (CASES / "batch.jsonl").read_text(encoding="utf-8").splitlines() if line]
    files = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in ZH_FILES}
    assert sorted(d["id"] for d in lines) == sorted(files)
    for document in lines:
        assert document == files[document["id"]], f"batch.jsonl is out of date for {document['id']}"


def test_case_ids_match_file_names() -> None:
    for path in ZH_FILES + EN_FILES:
        assert load(path.stem).id == path.stem


def test_timestamps_of_chinese_cases_are_beijing_time() -> None:
    for path in ZH_FILES:
        case = load(path.stem)
        for message in case.transcript:
            assert message.at is not None and message.at.utcoffset().total_seconds() == 8 * 3600


# -- the stories -----------------------------------------------------------------------------


def test_aldi_mouldy_fruit_generous_compensation_within_cap(zh: dict) -> None:
    """[000] 1.55 marks of mouldy fruit answered with 9.50 marks of coffee and a letter: the
    company's fault, an apology, goods worth about 6.13 times the price — and that is allowed."""
    case, d = zh["aldi-mouldy-dried-fruit"]
    assert d.violations == []
    assert d.category.id == "quality" and d.category.source == "detected"
    [keyword] = d.category.matched_keywords
    assert keyword.keyword == "发霉" and case.transcript[0].text[keyword.start:keyword.end] == "發霉"
    comp = d.compensation
    assert comp.fault == "company" and comp.tier == "C"
    assert comp.cap == Decimal("108.50") == 7 * case.customer.order_amount  # 7 × 15.50: the order multiple binds
    assert case.proposal is not None and case.proposal.amount == Decimal("95.00")  # 15.50 × 9.50 / 1.55
    assert comp.proposal_amount == Decimal("95.00") and not comp.exceeds_cap
    assert "goods" in comp.remedies and "apology" in comp.remedies
    assert not d.escalation.required and d.escalation.level == "agent"
    assert {"apologise", "own_the_fault", "compensate", "report_quality_problem"} <= set(action_ids(d))
    assert "explain_misuse" not in action_ids(d)
    assert not any(c.breached for c in d.sla)


def test_humidifier_misuse_thanks_explains_and_gives_goodwill(zh: dict) -> None:
    """[000][003] Misuse: no apology required, but thanks, the cause explained, and a goodwill
    refund at the original price; '我不会让您白跑一趟' is a promise, not '我不会'."""
    case, d = zh["humidifier-misuse"]
    assert d.violations == []
    assert "cold_attitude" not in taboos(d)  # no apology, yet warm: thanks and empathy were said
    assert "poor_explanation" not in taboos(d)
    assert "我不会让您白跑一趟" in case.transcript[4].text
    comp = d.compensation
    assert comp.fault == "customer"
    assert comp.cap == Decimal("169.00") and comp.proposal_amount == Decimal("169.00") and not comp.exceeds_cap
    assert {"refund", "usage_guidance", "paid_repair"} <= set(comp.remedies)
    ids = action_ids(d)
    assert "explain_misuse" in ids and "goodwill" in ids
    assert "own_the_fault" not in ids and "compensate" not in ids
    assert not d.escalation.required


def test_thermometer_call_resolved_on_the_phone_is_clean(zh: dict) -> None:
    """[000] 'Sorry to worry you' and a fix on the call: nothing to flag; '大概是…的关系' explains
    a cause, it is not the hedge '大概是吧'."""
    case, d = zh["thermometer-call"]
    assert "大概是体温表内的水银有气泡的关系" in case.transcript[1].text
    assert d.violations == []
    assert d.category.id == "quality" and d.category.source == "given"
    clocks = {c.clock: c for c in d.sla}
    assert set(clocks) == {"first_response", "resolution", "follow_up", "reply", "update"}
    assert not any(c.breached for c in d.sla)
    assert not d.escalation.required


def test_car_repair_card_never_answered_is_delay(zh: dict) -> None:
    """[000] The feedback card about the double charge, unanswered half a year later: first
    response and resolution both late; escalated for the breach."""
    _, d = zh["car-repair-double-charge"]
    assert d.category.id == "billing"
    clocks = {c.clock: c for c in d.sla}
    assert clocks["first_response"].breached and clocks["resolution"].breached
    assert clocks["first_response"].overdue_seconds > 180 * 86400
    assert [v.facts["clock"] for v in d.violations if v.rule == "delay/late_response_or_resolution"] == [
        "first_response", "resolution"]
    assert taboos(d) == {"delay"}  # silence is a delay, not a cold reply: no message to judge
    assert d.escalation.required and d.escalation.level == "supervisor"
    assert [t.id for t in d.escalation.triggers] == ["sla_breached"]
    assert d.escalation.by == datetime.fromisoformat("2026-03-16T11:00:00+08:00")


def test_car_repair_follow_up_clock_waits_for_a_resolution(zh: dict) -> None:
    """The follow-up clock starts at resolution; on a case never resolved it cannot run, so
    'the follow-up never came' shows as the resolution breach above, not as its own breach."""
    _, d = zh["car-repair-double-charge"]
    follow_up = {c.clock: c for c in d.sla}["follow_up"]
    assert not follow_up.breached and follow_up.due_by is None


def test_insurance_agent_overdue_promise(zh: dict) -> None:
    """[000] Promised to collect on the 10th, did not come: the promise is overdue; the
    reply '我会尽快过去收' is another promise with no date; '我也说不准' is a hedge."""
    _, d = zh["insurance-agent-missed-collection"]
    promises = [v for v in d.violations if v.rule == "careless_promises/promise_checks"]
    overdue = [v for v in promises if "promised_by" in v.facts]
    assert len(overdue) == 1 and overdue[0].facts["promised_by"].startswith("2026-03-10T18:00")
    undated = [v for v in promises if v.evidence]
    assert [(e.message_index, e.text) for v in undated for e in v.evidence] == [(1, "会尽快")]
    assert evidence_texts(d, "poor_explanation/hedges") == ["我也说不准"]
    assert "cold_attitude" not in taboos(d)  # '实在不好意思，给您添麻烦了' is an apology
    assert not any(c.breached for c in d.sla)  # answered in 15 minutes; the day is not over


def test_late_delivery_is_compensated_per_day(zh: dict, standard_zh: Playbook) -> None:
    """[004] Three days late, not force majeure: 20 a day, 60 in all, on top of the cap; and
    the promised follow-up call never came."""
    case, d = zh["late-delivery"]
    assert d.category.id == "delivery"
    comp = d.compensation
    assert comp.days_late == 3
    assert standard_zh.compiled.late_delivery_per_day == Decimal(20)
    assert comp.late_delivery_amount == Decimal(60) == case.proposal.amount
    assert not comp.exceeds_cap
    assert "late_delivery" in action_ids(d)
    assert rules(d) == {"delay/no_follow_up"}
    [follow_up] = [c for c in d.sla if c.clock == "follow_up"]
    assert follow_up.breached and follow_up.due_by == datetime.fromisoformat("2026-03-09T16:40:00+08:00")


def test_vip_hurt_and_threatening_the_media_goes_to_the_top(zh: dict) -> None:
    """[002][004] A VIP scalded by a kettle, angry, threatening the press: critical, P1, the
    top level within two hours; the agent's '不可能，絕不可能發生這種事' is flagged."""
    _, d = zh["vip-physical-harm-media"]
    assert d.category.id == "safety"
    assert d.severity == "critical" and d.priority == "P1"
    top = d.escalation
    assert top.required and top.level == "director"
    assert {"physical_harm", "vip_customer", "angry_and_serious"} <= {t.id for t in top.triggers}
    assert top.by == datetime.fromisoformat("2026-03-17T16:10:00+08:00")  # 2h from the evaluation
    comp = d.compensation
    assert comp.cap == Decimal("2793.00")  # min(5000, 7 × 399); 3000 offered
    assert comp.exceeds_cap and comp.approver == "manager"
    assert "careless_promises" not in taboos(d)  # over the cap, but the director approved it
    assert "不可能，絕不可能發生這種事" in evidence_texts(d, "cold_attitude/sarcasm")
    assert [c.target for c in d.sla if c.clock == "first_response"] == ["30m"]  # VIP first


def test_media_threat_in_the_transcript_is_a_trigger_of_its_own(standard_zh: Playbook) -> None:
    """Without the burn, '我就找媒体曝光，再去12315投诉' alone should still reach the top [002]."""
    data = load("vip-physical-harm-media").model_dump(mode="json", by_alias=True)
    data["harm"] = {"physical": False, "emotional": False, "economic": "0"}
    data["proposal"] = None
    d = standard_zh.evaluate(data)
    assert d.escalation.level == "director"


def test_passing_the_ball_between_three_teams(zh: dict) -> None:
    """[001] Taboo 2: sales → after-sales → warehouse → sales, and 'go ask them' said twice,
    once in traditional characters and once spaced out."""
    _, d = zh["passing-the-ball"]
    [handoffs] = [v for v in d.violations if v.rule == "passing_the_ball/too_many_handoffs"]
    assert handoffs.facts["route"] == ["销售部", "售后部", "仓库", "销售部"]
    assert "销售部 → 售后部 → 仓库 → 销售部" in handoffs.message
    assert evidence_texts(d, "passing_the_ball/go_ask_someone_else") == ["不歸我們管", "你去找售後吧", "你 去 问 售 后"]
    assert d.escalation.level == "supervisor" and "passed_around" in {t.id for t in d.escalation.triggers}
    assert "blame_shifting" not in taboos(d)


def test_company_rule_with_no_alternative_is_formulaic(zh: dict) -> None:
    """[001] Taboo 7 and the forbidden phrase: '這是公司的規定' to refuse, nothing else offered."""
    _, d = zh["company-rule-no-alternative"]
    [phrase] = [v for v in d.violations if v.rule == "formulaic_handling/rule_as_excuse"]
    [e] = phrase.evidence
    assert (e.message_index, e.text, e.normalized) == (3, "這是公司的規定", "这是公司的规定")
    assert phrase.instead and "我理解你为什么会有这样的感受" in phrase.instead  # 3F
    [refusal] = [v for v in d.violations if v.rule == "formulaic_handling/refusal_without_alternative"]
    assert refusal.severity == "high"
    assert {"不能退", "這是公司的規定", "規定就是這樣", "我們也沒辦法"} <= {x.text for x in refusal.evidence}
    assert taboos(d) == {"formulaic_handling"}  # '不好意思' came first: not cold
    assert "fault" in {m.field for m in d.missing}  # nobody looked into the red face yet
    assert "do_not_conclude" in action_ids(d)


# -- English --------------------------------------------------------------------------------


def test_en_mouldy_fruit(en: dict) -> None:
    _, d = en["en-mouldy-dried-fruit"]
    assert d.violations == []
    assert d.category.id == "quality"
    assert d.compensation.cap == Decimal("10.85") and not d.compensation.exceeds_cap  # 7 × 1.55
    assert d.compensation.proposal_amount == Decimal("9.50")  # [000] the Aldi coffee, about 6.13 × the fruit


def test_en_company_policy(en: dict) -> None:
    _, d = en["en-company-policy"]
    assert evidence_texts(d, "formulaic_handling/rule_as_excuse") == ["It’s  company   policy"]
    assert "formulaic_handling/refusal_without_alternative" in rules(d)
    assert taboos(d) == {"formulaic_handling"}


def test_en_passing_the_ball(en: dict) -> None:
    _, d = en["en-passing-the-ball"]
    assert "passing_the_ball/too_many_handoffs" in rules(d)
    said = evidence_texts(d, "passing_the_ball/go_ask_someone_else")
    assert {"NOT MY DEPARTMENT", "Go ask someone else", "not my job", "try another department"} <= set(said)
    assert d.escalation.level == "supervisor"


def test_en_wrong_item_is_not_a_late_delivery(en: dict) -> None:
    _, d = en["en-passing-the-ball"]
    assert d.compensation.days_late is None
    assert "late_delivery" not in action_ids(d)


# -- the command line -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ZH_FILES + EN_FILES, ids=lambda p: p.name)
def test_playbook_eval_on_each_file_exits_0(path: Path) -> None:
    args = ["eval", str(path)] + (["--playbook", "standard:en"] if path.name.startswith("en-") else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert path.stem in result.output


def test_playbook_eval_batch_as_json() -> None:
    result = CliRunner().invoke(cli, ["eval", str(CASES / "batch.jsonl"), "--format", "json"])
    assert result.exit_code == 0, result.output
    decisions = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert sorted(d["case_id"] for d in decisions) == sorted(p.stem for p in ZH_FILES)
    by_id = {d["case_id"]: d for d in decisions}
    assert by_id["vip-physical-harm-media"]["escalation"]["level"] == "director"
    assert by_id["company-rule-no-alternative"]["violations"][0]["taboo"] == "formulaic_handling"
