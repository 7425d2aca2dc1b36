"""Every matcher engine gives the same decision on the standard playbooks.

The reference engine (normalise each message in Python) defines the hits; hyperscan and
the portable engine fold the transcript once and scan it once.  Generated transcripts say
the standard playbooks' own phrases in every disguise agents use — traditional
characters, spaces, zero-width characters, ``*``, ``.``, emoji, full-width forms, case —
among ordinary words, and the whole decision (violations, evidence spans, triage,
escalation, actions) must be byte-identical across engines.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook import Playbook
from playbook.case import Case
from playbook.text.folding import fold_char, fold_dict, t2s_table

HAS_HYPERSCAN = importlib.util.find_spec("hyperscan") is not None
ENGINES = ("reference", "portable", *(("hyperscan",) if HAS_HYPERSCAN else ()))
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "cases"
BASE_CASES = {"zh": "late-delivery.json", "en": "en-company-policy.json"}
#: Phrase-language syntax: such phrases are said through their spellings, not their source.
_SYNTAX = re.compile(r"[\[\]()|{}\\]")

SEPARATORS = (" ", "*", ".", "\u200b", "\u200d", "😀", "👍🏻", "，", "\u3000", "-", "~", "\ufe0f")


@functools.cache
def playbooks(language: str) -> dict[str, Playbook]:
    return {engine: Playbook.standard(language, matcher_engine=engine) for engine in ENGINES}


@functools.cache
def said_phrases(language: str) -> tuple[str, ...]:
    """The standard playbook's phrases that are plain text (no phrase-language syntax)."""
    phrases = playbooks(language)["reference"].compiled.phrases.phrases
    return tuple(sorted({p.text for p in phrases if not _SYNTAX.search(p.text)}))


@functools.cache
def variants() -> dict[str, tuple[str, ...]]:
    """Folded character → single characters folding to it (traditional, full-width, …)."""
    t2s = t2s_table()
    inverse: dict[str, list[str]] = {}
    for char, folded in fold_dict().items():
        if len(folded) == 1 and (char in t2s or "\uff00" <= char <= "\uffef"):
            inverse.setdefault(folded, []).append(char)
    return {k: tuple(sorted(v)) for k, v in inverse.items()}


@st.composite
def disguised(draw: st.DrawFn, phrase: str) -> str:
    out: list[str] = []
    for char in phrase:
        choice = draw(st.integers(0, 5))
        options = variants().get(fold_char(char), ())
        if choice == 0 and options:
            out.append(draw(st.sampled_from(options)))
        elif choice == 1:
            out.append(char.upper())
        else:
            out.append(char)
        if draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(out)


FILLER = st.sampled_from([
    "您好", "亲", "请问还有什么可以帮您", "好的", "我们马上为您处理", "非常抱歉", "退款", "“", "”", "「", "」",
    "Hello", "sorry about that", "we will refund you", "it's", "'", '"', "。", "！", "?", "ﬁ", "⑩", "𠀀", "",
])


@st.composite
def transcripts(draw: st.DrawFn, language: str) -> list[tuple[str, str]]:
    phrases = said_phrases(language)
    messages: list[tuple[str, str]] = []
    for index in range(draw(st.integers(1, 6))):
        parts: list[str] = []
        for _ in range(draw(st.integers(1, 4))):
            if draw(st.booleans()):
                parts.append(draw(disguised(draw(st.sampled_from(phrases)))))
            else:
                parts.append(draw(FILLER))
        messages.append(("customer" if index % 2 == 0 else "agent", "".join(parts)))
    return messages


def case_with(language: str, messages: list[tuple[str, str]]) -> Case:
    data: dict[str, Any] = json.loads((EXAMPLES / BASE_CASES[language]).read_text(encoding="utf-8"))
    start = datetime.fromisoformat(data["transcript"][0]["at"])
    data["transcript"] = [
        {"role": role, "text": text, "at": (start + timedelta(minutes=i)).isoformat()}
        for i, (role, text) in enumerate(messages)
    ]
    return Case.model_validate(data)


def decisions(language: str, case: Case) -> dict[str, bytes]:
    return {engine: playbook.evaluate(case).to_json() for engine, playbook in playbooks(language).items()}


@pytest.mark.parametrize("language", ["zh", "en"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_engines_decide_alike_on_disguised_phrases(language: str, data: st.DataObject) -> None:
    case = case_with(language, data.draw(transcripts(language)))
    found = decisions(language, case)
    assert len(set(found.values())) == 1, {engine: json.loads(body).get("violations") for engine, body in found.items()}


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_engines_decide_alike_on_the_examples(path: Path) -> None:
    language = "en" if path.stem.startswith("en-") else "zh"
    case = Case.model_validate_json(path.read_bytes())
    assert len(set(decisions(language, case).values())) == 1


REGEX_PLAYBOOK = Path(__file__).resolve().parents[1] / "fixtures" / "playbooks" / "regex_zh.yaml"
#: Pieces that make and unmake the regular-expression phrases of regex_zh.yaml.
REGEX_PIECES = ("保证", "保證", "3", "10", "个", "工作", "天", "不", "无法", "全额", "全額", "退", "了", "款", "运费", "%", "％",
                "ab", "AB", "123", "x", "100", "分")


@functools.cache
def regex_playbooks() -> dict[str, Playbook]:
    return {engine: Playbook.load(REGEX_PLAYBOOK, matcher_engine=engine) for engine in ENGINES}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_engines_decide_alike_with_regex_phrases(data: st.DataObject) -> None:
    """Regular-expression phrases (RE2 on the folded text; hyperscan prefilters them in its one
    scan) give every engine the same decision, evidence spans included."""
    piece = st.one_of(st.sampled_from(REGEX_PIECES), st.sampled_from(SEPARATORS), FILLER)
    messages = [("customer" if i % 2 == 0 else "agent", "".join(data.draw(st.lists(piece, max_size=10))))
                for i in range(data.draw(st.integers(1, 6)))]
    case = case_with("zh", messages)
    found = {engine: playbook.evaluate(case).to_json() for engine, playbook in regex_playbooks().items()}
    assert len(set(found.values())) == 1, {engine: json.loads(body).get("violations") for engine, body in found.items()}


def test_regex_phrases_fire_for_every_engine() -> None:
    case = case_with("zh", [("customer", "什么时候到"), ("agent", "我保證 3 個工作天到，全额退了款，AB123")])
    for engine, playbook in regex_playbooks().items():
        fired = [v.facts.get("phrase") for v in playbook.evaluate(case).violations if v.check == "promised_terms"]
        assert fired == ["promised.days", "promised.refund", "promised.model"], (engine, fired)


def test_the_generated_transcripts_fire() -> None:
    """The property above is not vacuous: a forbidden phrase said in disguise is a violation
    for every engine, with the same evidence."""
    for language in ("zh", "en"):
        phrases = playbooks(language)["reference"].compiled.phrases.phrases
        forbidden = next(p.text for p in phrases if p.kind == "forbidden" and not _SYNTAX.search(p.text))
        spaced = " ".join(forbidden.upper()) + " 😀"
        case = case_with(language, [("customer", "hi"), ("agent", spaced)])
        for engine, body in decisions(language, case).items():
            evidence = [e["text"] for v in json.loads(body)["violations"] for e in v["evidence"]]
            assert any(fold_char(text[0]) == fold_char(forbidden[0]) for text in evidence), (engine, evidence)


SCOPES_PLAYBOOK = Path(__file__).resolve().parents[1] / "fixtures" / "playbooks" / "scopes_zh.yaml"
#: Pieces that make and unmake the terms, scopes and guards of scopes_zh.yaml, in disguise too.
SCOPES_PIECES = ("退款", "退 款", "退款", "不行", "不可以", "規定", "规定", "不", "换货", "退货", "没办法", "沒辦法", "这事", "我",
                 "负责", "負責", "投诉你们", "曝光", "快点说", "祝您生活愉快", "还有别的问题", "還有其他問題", "。", "！", "\n",
                 "“", "”")


@functools.cache
def scopes_playbooks() -> dict[str, Playbook]:
    return {engine: Playbook.load(SCOPES_PLAYBOOK, matcher_engine=engine) for engine in ENGINES}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_engines_decide_alike_with_scopes_and_terms(data: st.DataObject) -> None:
    """Phrases of terms (per sentence and per message), role and position scopes and a
    required closing line give every engine the same decision, term evidence included."""
    piece = st.one_of(st.sampled_from(SCOPES_PIECES), st.sampled_from(SEPARATORS), FILLER)
    messages = [(data.draw(st.sampled_from(("customer", "agent", "agent"))),
                 "".join(data.draw(st.lists(piece, max_size=10)))) for _ in range(data.draw(st.integers(1, 6)))]
    case = case_with("zh", messages)
    found = {engine: playbook.evaluate(case).to_json() for engine, playbook in scopes_playbooks().items()}
    assert len(set(found.values())) == 1, {engine: json.loads(body).get("violations") for engine, body in found.items()}


def test_scopes_and_terms_fire_for_every_engine() -> None:
    """The property above is not vacuous: each construct fires, alike for every engine."""
    case = case_with("zh", [("customer", "快点说！不然投诉你们"), ("agent", "快点说"), ("agent", "退款不可以，这是規 定"),
                            ("agent", "退货的话。没办法"), ("agent", "这事。我不负责")])
    for engine, playbook in scopes_playbooks().items():
        decision = playbook.evaluate(case)
        fired = sorted((v.rule, v.facts.get("phrase", ""), tuple(e.message_index for e in v.evidence))
                       for v in decision.violations
                       if v.check in ("refusal_words", "no_closing", "forbidden.customer_threats", "forbidden.opening"))
        assert fired == [
            ("cold_attitude/no_closing", "", ()),
            ("customer_threat", "forbidden.customer_threats:1", (0,)),
            ("formulaic_handling/refusal_words", "refusal.gap_message", (4,)),
            ("formulaic_handling/refusal_words", "refusal.two_of_three", (2, 2, 2)),
            ("formulaic_handling/refusal_words", "refusal.whole_message", (3, 3)),
            ("opening_pressure", "forbidden.opening:1", (0,)),
        ], (engine, fired)
