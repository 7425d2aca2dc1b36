"""Who handled the case and who made the offer, named by level id or by a level's role."""

from __future__ import annotations

from typing import Any

import pytest

from playbook.api import Playbook
from playbook.errors import CaseError

BASE: dict[str, Any] = {"id": "c1", "fault": "company", "customer": {"tier": "C", "order_amount": "100"},
                        "received_at": "2026-03-02T10:00:00+08:00", "evaluated_at": "2026-03-02T10:30:00+08:00"}
OFFER = {"remedy": "goods", "amount": "600", "promised_by": "2026-03-03T18:00:00+08:00"}


def _decide(playbook: Playbook, **case: Any) -> Any:
    return playbook.evaluate(BASE | case)


@pytest.mark.parametrize("name", ["director", "总经理办公室", "總經理辦公室", "总经理 办公室"])
def test_an_offer_by_the_approver_is_not_over_front_line_authority(standard_zh: Playbook, name: str) -> None:
    decision = _decide(standard_zh, proposal=OFFER | {"offered_by": name})
    assert decision.escalation.required is False
    assert not [t for t in decision.escalation.triggers if t.id == "over_authority"]


def test_the_offerer_is_the_last_agent_message_handler_when_the_offer_names_none(standard_zh: Playbook) -> None:
    transcript = [{"role": "agent", "text": "非常抱歉。", "handled_by": "客服"},
                  {"role": "agent", "text": "我是经理，这600元的补偿由我来批。", "handled_by": "经理"}]
    assert _decide(standard_zh, proposal=OFFER, transcript=transcript).escalation.required is False
    assert _decide(standard_zh, proposal=OFFER, transcript=transcript[:1]).escalation.required is True


def test_a_lower_level_cannot_make_an_over_cap_offer_its_own(standard_zh: Playbook) -> None:
    """5000 on a 100 order is over the 700 cap; the supervisor (1000) cannot approve it."""
    decision = _decide(standard_zh, proposal=OFFER | {"amount": "5000", "offered_by": "主管"})
    assert decision.escalation.required and decision.escalation.level == "manager"
    assert any(v.taboo == "careless_promises" for v in decision.violations)


@pytest.mark.parametrize(("path", "case"), [
    (("handled_by",), {"handled_by": "前台小王"}),
    (("proposal", "offered_by"), {"proposal": OFFER | {"offered_by": "CEO"}}),
    (("transcript", 0, "handled_by"), {"transcript": [{"role": "agent", "text": "好的", "handled_by": "boss"}]}),
])
def test_a_name_no_level_answers_to_is_a_located_case_error(standard_zh: Playbook, path: tuple[Any, ...],
                                                              case: dict[str, Any]) -> None:
    with pytest.raises(CaseError) as caught:
        _decide(standard_zh, **case)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "unknown-level" and diagnostic.path == path
    assert "roles" in (diagnostic.hint or "")
