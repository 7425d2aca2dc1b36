"""Phrases of terms: a hit where at least N of M listed terms occur in one sentence (or one
message), with evidence naming each term and where; every misuse is a located load error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from playbook import Playbook
from playbook.errors import PlaybookError
from playbook.text import PhraseMatcher, PhraseSpec

from .conftest import ENGINES

REFUSAL = """\
phrase_sets:
  - id: forbidden.refund_rule
    kind: forbidden
    rule: refund_by_rule
    phrases:
      - id: refund_rule
        terms: [退款, '[不行|不可以]', 规定]
        at_least: 2
"""


def _load(tmp_path: Path, body: str) -> Playbook:
    path = tmp_path / "p.yaml"
    path.write_text("extends: standard:zh\n" + body, encoding="utf-8")
    return Playbook.load(path)


def _error(tmp_path: Path, body: str) -> str:
    with pytest.raises(PlaybookError) as caught:
        _load(tmp_path, body)
    return str(caught.value)


def _said(text: str) -> dict[str, Any]:
    return {"id": "t-1", "transcript": [{"role": "customer", "text": "我要退款"}, {"role": "agent", "text": text}]}


@pytest.mark.parametrize("engine", ENGINES)
def test_two_of_three_terms_in_one_sentence_are_a_hit(engine: str) -> None:
    matcher = PhraseMatcher.build([PhraseSpec(1, "x", terms=("退款", "[不行|不可以]", "规定"), at_least=2)],
                                  engine=engine)
    [hit] = matcher.scan("亲，这个規 定是退款不可以的。")
    assert (hit.start, hit.end, hit.matched) == (4, 13, "規 定是退款不可以")
    assert hit.terms == ((4, 7, "规定"), (8, 10, "退款"), (10, 13, "不可以"))
    assert matcher.scan("退款已经到账。规定时间内发货。") == ()  # one term per sentence
    assert matcher.scan("退款退款退款") == ()  # one term three times is one term


@pytest.mark.parametrize("engine", ENGINES)
def test_terms_in_one_message_when_the_writer_says_so(engine: str) -> None:
    spec = PhraseSpec(1, "x", terms=("退款", "规定"), at_least=2, within_message=True)
    [hit] = PhraseMatcher.build([spec], engine=engine).scan("退款已经到账。规定时间内发货。")
    assert [t[2] for t in hit.terms] == ["退款", "规定"]


@pytest.mark.parametrize("engine", ENGINES)
def test_guards_clear_one_term_and_not_with_the_sentence(engine: str) -> None:
    specs = [PhraseSpec(1, "x", terms=("退款", "不行"), at_least=2, not_after=("不",)),
             PhraseSpec(2, "y", terms=("退款", "不行"), at_least=2, not_with=("可以换货",)),
             PhraseSpec(3, "z", terms=("退款", "不行"), at_least=2)]
    matcher = PhraseMatcher.build(specs, engine=engine)
    assert [h.key for h in matcher.scan("不退款也不行")] == [2, 3]
    assert [h.key for h in matcher.scan("退款不行，可以换货")] == [1, 3]
    assert [h.key for h in matcher.scan("“退款不行”是谁说的")] == []  # quoted by default


def test_evidence_names_each_term_and_where(tmp_path: Path) -> None:
    decision = _load(tmp_path, REFUSAL).evaluate(_said("您好，退款的话不可以，这是规定"))
    [found] = [v for v in decision.violations if v.rule == "refund_by_rule"]
    assert found.facts == {"phrase": "refund_rule", "matched": "退款的话不可以，这是规定",
                           "terms": ["退款", "不可以", "规定"]}
    assert [(e.message_index, e.start, e.end, e.text, e.phrase_id) for e in found.evidence] == [
        (1, 3, 5, "退款", "refund_rule"), (1, 7, 10, "不可以", "refund_rule"), (1, 13, 15, "规定", "refund_rule")]
    assert "退款 + [不行|不可以] + 规定 (≥2)" in found.message
    clean = _load(tmp_path, REFUSAL).evaluate(_said("退款已经提交了。按规定三天到账"))
    assert not clean.violated("refund_by_rule")


@pytest.mark.parametrize(("body", "code", "where"), [
    (REFUSAL.replace("at_least: 2", "at_least: 4"), "terms-at-least", "p.yaml:9:"),
    (REFUSAL.replace("at_least: 2", "at_least: 0"), "at_least", "p.yaml:9:"),
    (REFUSAL.replace("        at_least: 2\n", ""), "at_least", "p.yaml:7:"),
    (REFUSAL.replace("terms: [退款, '[不行|不可以]', 规定]", "terms: [退款]").replace("at_least: 2", "at_least: 1"),
     "terms-too-few", "p.yaml:8:"),
    (REFUSAL.replace("'[不行|不可以]'", "''"), "empty-term", "p.yaml:8:"),
    (REFUSAL.replace("'[不行|不可以]'", "'，！'"), "empty-term", "p.yaml:8:"),
    (REFUSAL.replace("'[不行|不可以]'", "'[不行|不可以'"), "phrase-syntax", "p.yaml:8:"),
    (REFUSAL.replace("'[不行|不可以]'", "'不{3}行'"), "term-gap", "p.yaml:8:"),
    (REFUSAL.replace("'[不行|不可以]'", "'退 款'"), "term-duplicate", "p.yaml:8:"),
    (REFUSAL.replace("        terms:", "        text: 退款不行\n        terms:"), "text and terms given, not both", "p.yaml:7:"),
    (REFUSAL.replace("      - id: refund_rule\n", "      - id: refund_rule\n        text: 退款不行\n")
     .replace("        terms: [退款, '[不行|不可以]', 规定]\n", ""), "at_least", "p.yaml:7:"),
])
def test_misused_terms_are_located_errors(tmp_path: Path, body: str, code: str, where: str) -> None:
    text = _error(tmp_path, body)
    assert code in text and where in text, text
