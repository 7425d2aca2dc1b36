"""Scopes: where a phrase's hit counts (role, first / last N messages, sentence or message),
and every way to misuse one is a located load error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from playbook import Playbook
from playbook.errors import PlaybookError

CLOSING = """\
phrase_sets:
  - id: required.closing
    kind: required
    scope: {last: 1}
    phrases: [还有其他可以帮您, 祝您生活愉快]
taboos:
  - id: cold_attitude
    checks:
      - {id: no_closing, kind: required_phrases, phrase_sets: [required.closing]}
"""

RUDE_CUSTOMER = """\
phrase_sets:
  - id: forbidden.threats
    kind: forbidden
    rule: customer_threat
    scope: {role: customer}
    phrases: [投诉你们, 曝光你们]
  - id: forbidden.greeting_pressure
    kind: forbidden
    rule: opening_pressure
    scope: {first: 1}
    phrases: [快点说]
"""


def _load(tmp_path: Path, body: str) -> Playbook:
    path = tmp_path / "p.yaml"
    path.write_text("extends: standard:zh\n" + body, encoding="utf-8")
    return Playbook.load(path)


def _error(tmp_path: Path, body: str) -> str:
    with pytest.raises(PlaybookError) as caught:
        _load(tmp_path, body)
    return str(caught.value)


def _case(*turns: tuple[str, str]) -> dict[str, Any]:
    return {"id": "s-1", "transcript": [{"role": role, "text": text} for role, text in turns]}


def _fired(decision: Any, check: str) -> list[Any]:
    return [v for v in decision.violations if v.check == check]


def test_a_closing_line_counts_only_in_the_last_agent_message(tmp_path: Path) -> None:
    playbook = _load(tmp_path, CLOSING)
    said_early = playbook.evaluate(_case(("customer", "快递丢了"), ("agent", "祝您生活愉快，我们先查一下"),
                                         ("customer", "好"), ("agent", "已经为您补发")))
    [missing] = _fired(said_early, "no_closing")
    assert missing.facts == {"agent_messages": 2, "last_messages": 1}
    assert "最后1条回复" in missing.message
    said_last = playbook.evaluate(_case(("customer", "快递丢了"), ("agent", "我们先查一下"),
                                        ("customer", "好"), ("agent", "已经为您补发，祝您生活愉快")))
    assert _fired(said_last, "no_closing") == []


def test_within_messages_is_the_scope_first_n(tmp_path: Path) -> None:
    late = _case(("customer", "在吗"), ("agent", "在的"), ("agent", "祝您生活愉快"))
    scoped = _load(tmp_path, CLOSING.replace("scope: {last: 1}", "scope: {first: 1}")).evaluate(late)
    [missing] = _fired(scoped, "no_closing")
    assert missing.facts == {"agent_messages": 2, "within_messages": 1}
    within = _load(tmp_path, CLOSING.replace("    scope: {last: 1}\n", "").replace(
        "phrase_sets: [required.closing]}", "phrase_sets: [required.closing], within_messages: 1}"))
    assert [(v.facts, v.message) for v in _fired(within.evaluate(late), "no_closing")] == [
        (missing.facts, missing.message)]
    assert _fired(within.evaluate(_case(("agent", "祝您生活愉快"), ("agent", "在的"))), "no_closing") == []


def test_a_phrase_scope_overrides_its_sets(tmp_path: Path) -> None:
    body = CLOSING.replace("phrases: [还有其他可以帮您, 祝您生活愉快]",
                           "phrases: [还有其他可以帮您, {id: hello, text: 您好, scope: {first: 1}}]")
    playbook = _load(tmp_path, body)
    greeted = playbook.evaluate(_case(("customer", "在吗"), ("agent", "您好"), ("agent", "补发了")))
    assert _fired(greeted, "no_closing") == []
    greeted_late = playbook.evaluate(_case(("customer", "在吗"), ("agent", "在"), ("agent", "您好")))
    assert len(_fired(greeted_late, "no_closing")) == 1


def test_a_forbidden_set_scoped_to_the_customer_counts_only_customer_messages(tmp_path: Path) -> None:
    playbook = _load(tmp_path, RUDE_CUSTOMER)
    decision = playbook.evaluate(_case(("customer", "再不处理我就投诉你们"), ("agent", "您可以投诉你们的上级吗？不会的")))
    found = [v for v in decision.violations if v.rule == "customer_threat"]
    assert [(e.message_index, e.text) for v in found for e in v.evidence] == [(0, "投诉你们")]


def test_role_any_counts_both_sides_and_first_counts_per_role(tmp_path: Path) -> None:
    playbook = _load(tmp_path, RUDE_CUSTOMER.replace("{role: customer}", "{role: any}"))
    decision = playbook.evaluate(_case(("customer", "我要投诉你们"), ("agent", "快点说"), ("agent", "快点说"),
                                       ("agent", "别曝光你们…我们")))
    threats = [e.message_index for v in decision.violations if v.rule == "customer_threat" for e in v.evidence]
    pressure = [e.message_index for v in decision.violations if v.rule == "opening_pressure" for e in v.evidence]
    assert threats == [0, 3]
    assert pressure == [1]  # the first agent message only


def test_unit_message_lets_a_gap_and_not_with_reach_across_sentences(tmp_path: Path) -> None:
    body = ("phrase_sets:\n  - id: forbidden.x\n    kind: forbidden\n    rule: x_rule\n"
            "    phrases:\n      - {id: gap_sentence, text: '不归{6}管'}\n"
            "      - {id: gap_message, text: '这事{6}负责', scope: {unit: message}}\n")
    playbook = _load(tmp_path, body)
    decision = playbook.evaluate(_case(("agent", "不归。我们管"), ("agent", "这事。我不负责")))
    assert [v.facts["phrase"] for v in decision.violations if v.rule == "x_rule"] == ["gap_message"]


@pytest.mark.parametrize(("body", "code", "where"), [
    (CLOSING.replace("{last: 1}", "{first: 1, last: 1}"), "first", "p.yaml:5:"),
    (CLOSING.replace("{last: 1}", "{last: 0}"), "last", "p.yaml:5:"),
    (CLOSING.replace("{last: 1}", "{last: 1, role: customer}"), "scope-role-required", "p.yaml:5:"),
    (CLOSING.replace("{last: 1}", "{role: somebody}"), "role", "p.yaml:5:"),
    (CLOSING.replace("{last: 1}", "{unit: paragraph}"), "unit", "p.yaml:5:"),
    (CLOSING.replace("{last: 1}", "{last: 1, where: end}"), "where", "p.yaml:5:"),
    (CLOSING.replace("kind: required", "kind: signal").split("taboos:")[0], "scope-on-signal", "p.yaml:5:"),
    (CLOSING.replace("phrase_sets: [required.closing]}", "phrase_sets: [required.closing], within_messages: 2}"),
     "scope-and-within-messages", "p.yaml:10:"),
])
def test_misused_scopes_are_located_errors(tmp_path: Path, body: str, code: str, where: str) -> None:
    text = _error(tmp_path, body)
    assert code in text and where in text, text


def test_a_scoped_set_read_by_a_check_that_ignores_scopes_is_a_located_error(tmp_path: Path) -> None:
    body = ("phrase_sets:\n  - id: signal.refusals\n    scope: {first: 1}\n    kind: forbidden\n")
    text = _error(tmp_path, body)
    assert "scope-not-read" in text and "taboos.yaml" in text, text
