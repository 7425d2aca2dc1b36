"""The clocks that time every wait: a customer message unanswered (``reply``), an open case
without news (``update``), and each promise against its own deadline.

Declared in the playbook's SLA rules and promises checks; a bad declaration is a located error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.api import Playbook
from playbook.errors import PlaybookError

T0 = "2026-03-02T10:00:00+08:00"


def _at(minutes: int) -> str:
    from datetime import datetime, timedelta

    return (datetime.fromisoformat(T0) + timedelta(minutes=minutes)).isoformat()


def _case(messages: list[tuple[str, int]], **extra: Any) -> dict[str, Any]:
    transcript = [{"role": role, "text": "您好" if role == "agent" else "在吗", "at": _at(m)} for role, m in messages]
    return {"id": "w", "received_at": T0, "fault": "company", "transcript": transcript, **extra}


def _clock(pb: Playbook, case: dict[str, Any], name: str) -> Any:
    return next(c for c in pb.evaluate(case).sla if c.clock == name)


def test_the_longest_unanswered_run_is_reported(standard_zh: Playbook) -> None:
    day = 24 * 60
    case = _case([("customer", 0), ("agent", 5), ("customer", 10), ("customer", 300), ("agent", day + 60)])
    clock = _clock(standard_zh, case, "reply")
    assert clock.breached and clock.target == "1d"
    assert clock.started_at.isoformat() == _at(10)  # the run starts at its first message
    assert clock.overdue_seconds == 50 * 60


def test_a_message_still_unanswered_is_timed_until_now(standard_zh: Playbook) -> None:
    case = _case([("customer", 0), ("agent", 5), ("customer", 10)], evaluated_at=_at(2 * 24 * 60))
    clock = _clock(standard_zh, case, "reply")
    assert clock.breached and clock.done_at is None


def test_a_message_after_the_resolution_needs_no_reply(standard_zh: Playbook) -> None:
    case = _case([("customer", 0), ("agent", 5), ("customer", 120)], resolved_at=_at(60), evaluated_at=_at(3 * 24 * 60))
    assert not _clock(standard_zh, case, "reply").breached


def test_the_resolution_answers_a_closing_message(standard_zh: Playbook) -> None:
    """The customer's "OK, thanks" before the case is closed waits only until the resolution,
    even when the agent's next message comes days later (the humidifier's follow-up visit)."""
    day = 24 * 60
    case = _case([("customer", 0), ("agent", 5), ("customer", 10), ("agent", 3 * day)], resolved_at=_at(60))
    clock = _clock(standard_zh, case, "reply")
    assert not clock.breached and clock.done_at.isoformat() == _at(60)
    open_case = _case([("customer", 0), ("agent", 5), ("customer", 10), ("agent", 3 * day)])
    assert _clock(standard_zh, open_case, "reply").breached


def test_an_open_case_is_timed_between_agent_messages(standard_zh: Playbook) -> None:
    day = 24 * 60
    quiet = _case([("customer", 0), ("agent", 5)], category="quality", evaluated_at=_at(4 * day))
    clock = _clock(standard_zh, quiet, "update")
    assert clock.breached and clock.started_at.isoformat() == _at(5)
    kept = _case([("customer", 0), ("agent", 5), ("agent", 2 * day), ("agent", 4 * day)], category="quality")
    assert not _clock(standard_zh, kept, "update").breached


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["customer", "agent"]), st.integers(0, 6000)), max_size=8))
def test_answering_at_once_never_breaches_the_reply_clock(standard_zh: Playbook, raw: list[tuple[str, int]]) -> None:
    """Whatever the customer writes, an agent answer a minute after each message keeps the clock."""
    messages: list[tuple[str, int]] = []
    for _, minute in sorted(raw, key=lambda r: r[1]):
        messages += [("customer", minute), ("agent", minute + 1)]
    case = _case(messages, evaluated_at=_at(9000))
    if messages:
        assert not _clock(standard_zh, case, "reply").breached


def _promise(pb: Playbook, later: list[dict[str, Any]], **extra: Any) -> list[str]:
    transcript = [
        {"role": "customer", "text": "什么时候给我答复", "at": _at(0)},
        {"role": "agent", "text": "抱歉，我12点前给您回电", "at": _at(5), "promised_by": _at(120)},
        *later,
    ]
    case = {"id": "p", "received_at": T0, "fault": "company", "transcript": transcript, **extra}
    return [v.message for v in pb.evaluate(case).violations if v.rule == "careless_promises/promise_checks"]


def test_each_promise_has_its_own_deadline(standard_zh: Playbook) -> None:
    agent = {"role": "agent", "text": "您好，结果出来了"}
    assert _promise(standard_zh, [{**agent, "at": _at(60)}], evaluated_at=_at(600)) == []
    assert _promise(standard_zh, [{**agent, "at": _at(180)}]) == ["承诺在2026-03-02 12:00前完成，直到2026-03-02 13:00才兑现"]
    assert _promise(standard_zh, [], evaluated_at=_at(600)) == ["承诺在2026-03-02 12:00前完成，至今仍未解决"]
    assert _promise(standard_zh, [], evaluated_at=_at(60)) == []  # not due yet
    assert _promise(standard_zh, [], resolved_at=_at(90), evaluated_at=_at(600)) == []


def test_a_playbook_can_say_only_the_resolution_keeps_a_promise(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "extends: standard:zh\ntaboos:\n  - id: careless_promises\n    checks:\n"
        "      - {id: promise_checks, kind: promises, promise_phrases: [signal.promises], kept_by: [resolution]}\n",
        encoding="utf-8",
    )
    pb = Playbook.load(path)
    late = _promise(pb, [{"role": "agent", "text": "您好，结果出来了", "at": _at(60)}], evaluated_at=_at(600))
    assert late == ["承诺在2026-03-02 12:00前完成，至今仍未解决"]


@pytest.mark.parametrize(
    ("body", "where", "line"),
    [
        ("sla:\n  rules:\n    - {id: r, reply: soon}\n", "].reply", 4),
        ("sla:\n  rules:\n    - {id: r, update: -1d}\n", "].update", 4),
        (
            "taboos:\n  - id: careless_promises\n    checks:\n"
            "      - {id: promise_checks, kind: promises, promise_phrases: [signal.promises], kept_by: [wishes]}\n",
            "kept_by[0]", 5,
        ),
        ("taboos:\n  - id: delay\n    checks:\n      - {id: left_waiting, kind: sla, clocks: [reply, nap]}\n", "clocks[1]", 5),
    ],
)
def test_a_bad_clock_declaration_is_a_located_error(tmp_path: Path, body: str, where: str, line: int) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("extends: standard:zh\n" + body, encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        Playbook.load(path)
    message = str(caught.value)
    assert f"p.yaml:{line}:" in message and where in message, message


def test_lateness_across_the_fall_back_change_is_the_time_waited(standard_en: Playbook) -> None:
    # naive times are read in America/New_York, where 2 a.m. on 1 November 2026 became 1 a.m.:
    # from the 01:30 EDT deadline to 02:15 EST the customer waited 1 h 45 min more, not the
    # 45 min the wall clock shows
    case = {"id": "dst", "received_at": "2026-11-01T00:30:00", "fault": "company", "transcript": [
        {"role": "customer", "text": "Hello, my order is late", "at": "2026-11-01T00:30:00"},
        {"role": "agent", "text": "Sorry, let me check", "at": "2026-11-01T02:15:00"}]}
    clock = _clock(standard_en, case, "first_response")
    assert (clock.target, clock.breached, clock.overdue_seconds) == ("1h", True, 6300)
