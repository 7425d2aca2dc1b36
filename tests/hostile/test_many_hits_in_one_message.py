"""One agent message of 200,000 forbidden phrases (or refusals), with the message limits
lifted and a small ``max_violations`` / ``max_evidence``.

The decision is cut at the limits and complete up to them: the violations listed are the
first ones in the message, in order, each with its evidence, and a warning names the
limit; traced and untraced evaluations agree. How little the checks read of such a
message is counted in ``tests/checks/test_hits_read_as_they_come.py``; nothing here is timed
(a hang fails through the suite's timeout).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from playbook import Playbook
from playbook.decision import Decision
from playbook.source.limits import Limits

from .conftest import BASE_CASE, assert_clean_exit, run_playbook

FORBIDDEN = "这是公司的规定"  # a forbidden phrase of standard:zh (blame on the rules)
REFUSAL = "这个没办法处理。"  # a refusal of standard:zh, with no alternative offered
MANY = 200_000
LIFTED = {"max_message_chars": 3_000_000, "max_case_chars": 3_000_000}


@cache
def standard(**limits: int) -> Playbook:
    return Playbook.standard("zh", limits=Limits(**LIFTED, **limits))


def one_agent_message(text: str) -> dict[str, Any]:
    return {**BASE_CASE, "transcript": [{"role": "customer", "text": "买的果干发霉了！"}, {"role": "agent", "text": text}]}


def forbidden_starts(decision: Decision) -> list[int]:
    return [v.evidence[0].start for v in decision.violations if v.facts.get("matched") == FORBIDDEN]


def test_200000_forbidden_phrases_under_max_violations_5_list_the_first_ones() -> None:
    playbook = standard(max_violations=5)
    case = one_agent_message(FORBIDDEN * MANY)
    decision = playbook.evaluate(case)
    assert len(decision.violations) == 5
    # after the missing apology, the first four sayings in order: cut at the limit, not sampled
    assert decision.violations[0].check == "no_apology"
    assert forbidden_starts(decision) == [n * len(FORBIDDEN) for n in range(4)]
    assert all(len(v.evidence) == 1 and v.evidence[0].message_index == 1 for v in decision.violations[1:])
    assert sum("max_violations" in warning for warning in decision.warnings) == 1, decision.warnings
    traced = playbook.evaluate(case, trace=True)
    assert traced.violations == decision.violations and traced.warnings == decision.warnings


def test_200000_forbidden_phrases_decide_as_4_of_them_cut_at_the_same_limit() -> None:
    """Four sayings already give more than five violations: the cut of 200,000 is that of four."""
    playbook = standard(max_violations=5)
    short = playbook.evaluate(one_agent_message(FORBIDDEN * 4))
    cut = playbook.evaluate(one_agent_message(FORBIDDEN * MANY))
    assert any("max_violations" in warning for warning in short.warnings)
    assert cut == short


def test_200000_refusals_in_one_message_under_max_evidence_7_cite_the_first_7() -> None:
    decision = standard(max_evidence=7).evaluate(one_agent_message(REFUSAL * MANY))
    (refusal,) = [v for v in decision.violations if v.check == "refusal_without_alternative"]
    assert [e.start for e in refusal.evidence] == [n * len(REFUSAL) for n in range(7)]
    assert any("max_evidence" in warning for warning in decision.warnings), decision.warnings


def test_200000_forbidden_phrases_through_the_cli_with_a_small_limit(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(one_agent_message(FORBIDDEN * MANY), ensure_ascii=False), encoding="utf-8")
    flags = [arg for name, value in LIFTED.items() for arg in ("--limit", f"{name}={value}")]
    result = run_playbook([*flags, "--limit", "max_violations=5", "eval", "-p", "standard:zh", "-f", "json", str(path)])
    assert_clean_exit(result, 0)
    decision = json.loads(result.stdout)
    assert len(decision["violations"]) == 5
    starts = [v["evidence"][0]["start"] for v in decision["violations"] if v["facts"].get("matched") == FORBIDDEN]
    assert starts == [n * len(FORBIDDEN) for n in range(4)]
    assert any("max_violations" in warning for warning in decision["warnings"])


def test_200000_category_keywords_from_the_customer_list_the_first_and_each_keyword_once() -> None:
    """发霉 200,000 times, then 变质 and one 受伤 (safety): every hit is counted (quality has
    two keywords, so it is chosen as for a short message); the first 7 hits are listed, then
    the first of the keyword not among them, and a warning says so."""
    text = "发霉了，" * MANY + "变质了，受伤了"
    case = {**BASE_CASE, "transcript": [{"role": "customer", "text": text}, {"role": "agent", "text": "好的"}]}
    playbook = standard(max_evidence=7)
    decision = playbook.evaluate(case)
    short = playbook.evaluate({**case, "transcript": [{"role": "customer", "text": "发霉了，" * 3 + "变质了，受伤了"}]})
    assert decision.category.id == short.category.id == "quality"
    assert [(k.keyword, k.start) for k in decision.category.matched_keywords] == [
        *(("发霉", 4 * n) for n in range(7)), ("变质", 4 * MANY)]
    assert [w for w in decision.warnings if "max_evidence" in w] == [
        "类别由200,001处关键词判断：只列出前7处，其余每个关键词列出第一处（限制 max_evidence）"]
    assert not any("max_evidence" in w for w in short.warnings)
    assert playbook.evaluate(case, trace=True).category == decision.category
