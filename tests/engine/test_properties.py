"""Invariants of evaluation, over generated cases, on the standard Chinese playbook."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from functools import cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook.api import Playbook
from playbook.case import Case
from playbook.text.normalize import normalize_phrase

PB = Playbook.standard("zh")
SOURCE = PB.source
TIERS = [t.id for t in SOURCE.tiers]
FAULTS = [f.id for f in SOURCE.faults]
# phrases written as text (a phrase of terms has none: its terms are in its sentence, not one spelling)
PHRASES = [text for s in SOURCE.phrase_sets for p in s.phrases
           if (text := p if isinstance(p, str) else p.text) is not None]

NOISE = st.sampled_from(["", " ", "，", "*", "\u200b", "。", "😀", "...", "　"])
VARIANT = st.sampled_from(["plain", "traditional", "spaced", "fullwidth"])


@cache
def _to_traditional() -> Any:
    """One converter for the whole run: building one reads OpenCC's dictionaries (~0.1-0.4 s)."""
    import opencc

    return opencc.OpenCC("s2t")


def _variant(text: str, how: str, noise: str) -> str:
    if how == "traditional":
        return str(_to_traditional().convert(text))
    if how == "spaced":
        return noise.join(text)
    if how == "fullwidth":
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
    return text


messages = st.builds(
    lambda parts, role: {"role": role, "text": "".join(parts)},
    st.lists(st.one_of(st.sampled_from(PHRASES).flatmap(lambda p: st.builds(_variant, st.just(p), VARIANT, NOISE)),
                       st.text(max_size=12)), max_size=4),
    st.sampled_from(["agent", "customer", "system"]),
)
times = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31),
                     timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=8)), None]))
money = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)

cases = st.builds(
    lambda **kw: Case.model_validate({k: v for k, v in kw.items() if v is not None}),
    id=st.just("p"),
    fault=st.one_of(st.none(), st.sampled_from(FAULTS + ["nonsense"])),
    customer=st.fixed_dictionaries({}, optional={"tier": st.sampled_from(TIERS + ["Z"]), "order_amount": money}),
    reaction=st.one_of(st.none(), st.sampled_from(["resigned", "reasoning", "angry", "venting"])),
    harm=st.fixed_dictionaries({}, optional={"physical": st.booleans(), "economic": money}),
    channel=st.one_of(st.none(), st.sampled_from(["phone", "media", "regulator", "chat"])),
    received_at=st.one_of(st.none(), times),
    first_response_at=st.one_of(st.none(), times),
    resolved_at=st.one_of(st.none(), times),
    evaluated_at=st.one_of(st.none(), times),
    handoffs=st.lists(st.fixed_dictionaries({"from": st.sampled_from("abc"), "to": st.sampled_from("abc")}), max_size=4),
    transcript=st.lists(messages, max_size=5),
    proposal=st.one_of(st.none(), st.fixed_dictionaries({}, optional={
        "amount": money, "approved_by": st.sampled_from([lv.id for lv in SOURCE.escalation.levels] + ["x"]),
        "promised_by": times})),
    previous_complaints=st.integers(0, 5),
    can_solve=st.one_of(st.none(), st.booleans()),
)

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(cases)
def test_evaluation_never_raises_and_is_serialisable(case: Case) -> None:
    decision = PB.evaluate(case)
    assert decision.case_id == "p"
    decision.model_dump_json()


_PHRASE_SYNTAX = set("[]{}()|\\")
"""Characters of the phrase language: such a phrase has many spellings, not one."""


def _assert_spelling_of(text: str, normalized: str) -> None:
    """The matched text normalises to the spelling found; a gap (…) may hold any words."""
    folded = normalize_phrase(text)
    if "…" not in normalized:
        assert folded == normalized
        return
    position = 0
    for part in normalized.split("…"):
        found = folded.find(part, position)
        assert found >= position, (text, normalized)
        position = found + len(part)


@SETTINGS
@given(cases)
def test_every_span_points_at_text_that_normalises_to_the_phrase(case: Case) -> None:
    decision = PB.evaluate(case)
    for violation in decision.violations:
        for evidence in violation.evidence:
            text = case.transcript[evidence.message_index].text
            assert text[evidence.start:evidence.end] == evidence.text
            _assert_spelling_of(evidence.text, evidence.normalized)
            if not _PHRASE_SYNTAX & set(evidence.phrase):
                assert evidence.normalized == normalize_phrase(evidence.phrase)
            assert case.transcript[evidence.message_index].role == "agent"


@SETTINGS
@given(cases)
def test_compensation_never_exceeds_the_cap_without_an_approving_level(case: Case) -> None:
    decision = PB.evaluate(case)
    comp = decision.compensation
    if comp is None or comp.proposal_amount is None or comp.cap is None:
        return
    assert comp.exceeds_cap is (comp.proposal_amount > comp.cap)
    if not comp.exceeds_cap:
        return
    approver = PB.compiled.level(comp.approver or "")
    assert approver is not None and _covers(approver.id, comp.proposal_amount)
    approved_already = _covers(case.proposal.approved_by, comp.proposal_amount)
    raised_high_enough = decision.escalation.required and (
        PB.compiled.level(decision.escalation.level).rank >= approver.rank
    )
    assert approved_already or raised_high_enough


def _covers(level_id: str | None, amount: Decimal) -> bool:
    level = PB.compiled.level(level_id) if level_id else None
    return level is not None and (level.authority is None or level.authority >= amount)


def test_one_playbook_shared_by_many_threads_gives_the_same_decisions() -> None:
    sample = [
        Case.model_validate({"id": f"t{i}", "fault": "company", "customer": {"tier": "B", "order_amount": "30"},
                             "received_at": "2026-03-02T10:00:00+08:00",
                             "transcript": [{"role": "agent", "text": text}]})
        for i, text in enumerate(["這是公司的規定", "非常抱歉，我们今天为您换货", "不 关 我 的 事", "我保证会处理"] * 5)
    ]
    expected = [PB.evaluate(c).model_dump_json() for c in sample]
    results: dict[int, list[str]] = {}

    def work(worker: int) -> None:
        results[worker] = [PB.evaluate(c).model_dump_json() for c in sample * 5]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for worker in range(8):
        assert results[worker] == expected * 5


def test_two_playbooks_in_one_process_do_not_see_each_other() -> None:
    zh, en = Playbook.standard("zh"), Playbook.standard("en")
    case = {"id": "x", "evaluated_at": "2026-03-02T10:00:00+08:00",
            "transcript": [{"role": "agent", "text": "这是公司的规定. That's company policy."}]}
    zh_hits = {e.text for v in zh.evaluate(case).violations for e in v.evidence}
    en_hits = {e.text for v in en.evaluate(case).violations for e in v.evidence}
    assert "这是公司的规定" in zh_hits and "That's company policy" not in zh_hits
    assert "That's company policy" in en_hits and "这是公司的规定" not in en_hits
    again = Playbook.standard("zh")
    assert again.compiled is not zh.compiled
    assert zh.evaluate(case).model_dump_json() == again.evaluate(case).model_dump_json()
