"""A forbidden phrase set under a policy rule of its own (platform rules, advertising-law words),
and a set's taboo that must agree with its check's."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook import Playbook
from playbook.errors import PlaybookError

ADVERTISING = """\
phrase_sets:
  - id: forbidden.advertising_law
    kind: forbidden
    label: 广告法禁用词
    rule: advertising_law
    severity: high
    phrases: [最便宜, 全网第一, 国家级产品]
"""

CASE = {"id": "ad-1", "transcript": [
    {"role": "customer", "text": "这款耳机怎么样"},
    {"role": "agent", "text": "这款是全网第一的，也是最便宜的"},
]}


def _overlay(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text("extends: standard:zh\n" + body, encoding="utf-8")
    return path


def _error(tmp_path: Path, body: str) -> str:
    with pytest.raises(PlaybookError) as caught:
        Playbook.load(_overlay(tmp_path, body))
    return str(caught.value)


def test_hits_are_violations_of_the_sets_own_rule(tmp_path: Path) -> None:
    decision = Playbook.load(_overlay(tmp_path, ADVERTISING)).evaluate(CASE)
    found = [v for v in decision.violations if v.rule == "advertising_law"]
    assert [(v.taboo, v.check, v.severity, v.facts["phrase"]) for v in found] == [
        (None, "forbidden.advertising_law", "high", "forbidden.advertising_law:2"),
        (None, "forbidden.advertising_law", "high", "forbidden.advertising_law:1"),
    ]
    assert all("广告法禁用词" in v.message for v in found)
    assert decision.violated("advertising_law")
    assert [(e.message_index, e.text) for v in found for e in v.evidence] == [(1, "全网第一"), (1, "最便宜")]


def test_a_clean_case_breaks_no_rule(tmp_path: Path) -> None:
    clean = {"id": "ad-2", "transcript": [{"role": "agent", "text": "这款耳机评价不错，您可以看看参数"}]}
    decision = Playbook.load(_overlay(tmp_path, ADVERTISING)).evaluate(clean)
    assert not decision.violated("advertising_law")


def test_a_playbook_test_names_the_rule_as_it_names_a_taboo(tmp_path: Path) -> None:
    from playbook.testing.expect import violated_taboos

    decision = Playbook.load(_overlay(tmp_path, ADVERTISING)).evaluate(CASE)
    assert "advertising_law" in violated_taboos(decision)


def test_rule_and_taboo_together_is_a_located_error(tmp_path: Path) -> None:
    text = _error(tmp_path, ADVERTISING.replace("    rule:", "    taboo: careless_promises\n    rule:"))
    assert "rule-and-taboo" in text and "p.yaml:7:" in text


def test_a_rule_on_a_signal_set_is_a_located_error(tmp_path: Path) -> None:
    text = _error(tmp_path, ADVERTISING.replace("kind: forbidden", "kind: signal"))
    assert "rule-not-forbidden" in text and "p.yaml:6:" in text


def test_a_rule_named_like_a_taboo_is_a_located_error(tmp_path: Path) -> None:
    text = _error(tmp_path, ADVERTISING.replace("rule: advertising_law", "rule: careless_promises"))
    assert "rule-is-taboo" in text and "p.yaml:6:" in text


def test_a_ruled_set_checked_under_a_taboo_too_is_a_located_error(tmp_path: Path) -> None:
    text = _error(tmp_path, ADVERTISING + "taboos:\n  - id: careless_promises\n    checks:\n"
                  "      - {id: ads, kind: phrases, phrase_sets: [forbidden.advertising_law]}\n")
    assert "rule-set-under-taboo" in text and "p.yaml:12:" in text


def test_a_misspelt_rule_id_is_a_located_schema_error(tmp_path: Path) -> None:
    text = _error(tmp_path, ADVERTISING.replace("rule: advertising_law", "rule: 'advertising law!'"))
    assert "p.yaml:6:" in text


def test_a_sets_taboo_and_its_checks_taboo_must_agree(tmp_path: Path) -> None:
    text = _error(tmp_path, "phrase_sets:\n  - id: forbidden.extra\n    kind: forbidden\n    taboo: poor_explanation\n"
                  "    phrases: [包您满意啦]\n"
                  "taboos:\n  - id: careless_promises\n    checks:\n"
                  "      - {id: extra, kind: phrases, phrase_sets: [forbidden.extra]}\n")
    assert "taboo-mismatch" in text and "p.yaml:10:" in text


def test_a_ruled_set_is_not_an_unused_set(tmp_path: Path) -> None:
    from playbook.lint import lint_playbook, select_rules

    found = lint_playbook(Playbook.load(_overlay(tmp_path, ADVERTISING)), select_rules(["PB304"]),
                          compile_warnings=False)
    assert [f for f in found if "advertising_law" in f.message] == []
