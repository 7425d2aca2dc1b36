"""Opt-in pinyin: a phrase or set with ``variants: [pinyin]`` also matches its Chinese characters
typed as toneless pinyin (zui基本), alike for every engine, with located errors for misuse."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook import Playbook
from playbook.errors import PlaybookError
from playbook.text import PhraseMatcher, PhraseSpec
from playbook.text.pinyin import pinyin_spellings, readings
from playbook.text.syntax import MAX_EXPANSIONS, PhraseSyntaxError, parse_phrase

from .conftest import ENGINES, HAS_HYPERSCAN

SPECS = (
    PhraseSpec(1, "最基本", pinyin=True),
    PhraseSpec(2, "你懂不懂", pinyin=True, not_before=("事",)),
    PhraseSpec(3, "处理不了"),  # not opted in
    PhraseSpec(4, "[等着|等著]吧", pinyin=True),
    PhraseSpec(5, "绿色", pinyin=True),
)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("text", "expected"), [
    ("这是最基本的", [(1, "最基本")]),
    ("这是zui基本的", [(1, "zui基本")]),
    ("这是zuì基本的", [(1, "zuì基本")]),  # tone marks fold away
    ("这是 ZUI 基本的", [(1, "ZUI 基本")]),
    ("这是最ji本的", [(1, "最ji本")]),
    ("这是zuijiben的", [(1, "zuijiben")]),  # the whole phrase in pinyin
    ("你懂bu懂", [(2, "你懂bu懂")]),
    ("你懂fou懂", [(2, "你懂fou懂")]),  # every reading pypinyin knows for the character
    ("你懂bu懂事", []),  # guards apply to the pinyin spellings too
    ("我处理bu了", []),  # a phrase that does not opt in keeps its characters
    ("你就dengzhe吧", [(4, "dengzhe吧")]),
    ("lv色的", [(5, "lv色")]),  # ü is typed v …
    ("lu色的", [(5, "lu色")]),  # … or u
    ("xzui基本", []),  # a Latin spelling needs a whole word
])
def test_pinyin_spellings_match(engine: str, text: str, expected: list[tuple[int, str]]) -> None:
    matcher = PhraseMatcher.build(SPECS, engine=engine)
    assert [(hit.key, hit.matched) for hit in matcher.scan(text)] == expected


def test_spellings_come_from_the_library() -> None:
    assert readings("了") == ("le", "liao")
    assert readings("a") == () and readings("。") == ()
    assert pinyin_spellings("最基本") == (
        "最基本", "zui基本", "cuo基本", "最ji本", "最基ben", "zuiji本", "cuoji本", "zui基ben", "cuo基ben", "最jiben",
        "zuijiben")
    assert pinyin_spellings("no Chinese") == ("no Chinese",)


def test_expansion_is_bounded() -> None:
    long = "你懂不懂最基本的技巧吗这种问题连三岁小孩子都懂"
    parse_phrase(long)  # fine without pinyin
    with pytest.raises(PhraseSyntaxError) as caught:
        parse_phrase(long, pinyin=True)
    assert f"more than {MAX_EXPANSIONS}" in str(caught.value)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(
    ["最", "zui", "zuì", "ZUI", "cuo", "基", "ji", "本", "ben", "你", "您", "懂", "dong", "不", "bu", "fou", "事", "处理",
     "了", "le", "等", "deng", "着", "著", "zhe", "吧", "绿", "lv", "lu", "色", "se", "x", " ", "。", "\u200b", "😀"]),
    max_size=10).map("".join), max_size=5))
def test_engines_agree_on_pinyin(texts: list[str]) -> None:
    reference = PhraseMatcher.build(SPECS, engine="reference")
    expected = tuple(reference.scan(text) for text in texts)
    for engine in ("portable", "hyperscan") if HAS_HYPERSCAN else ("portable",):
        assert PhraseMatcher.build(SPECS, engine=engine).scan_many(texts) == expected, engine


def _extension(tmp_path: Path, set_lines: str, phrases: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(
        "extends: standard:zh\n"
        "phrase_sets:\n"
        "  - id: forbidden.extra\n"
        "    kind: forbidden\n"
        "    taboo: cold_attitude\n"
        f"{set_lines}"
        "    phrases:\n" + phrases
        + "taboos:\n  - id: cold_attitude\n    checks:\n"
        "      - {id: extra, kind: phrases, phrase_sets: [forbidden.extra]}\n",
        encoding="utf-8")
    return path


@pytest.mark.parametrize(("set_lines", "phrases", "where", "words"), [
    ("", "      - id: a\n        text: 最基本\n        variants: [pinyn]\n", "p.yaml:9:", "pinyin"),
    ("", "      - id: a\n        regex: '最基本\\d'\n        variants: [pinyin]\n", "p.yaml:9:9", "variant-on-regex"),
    ("", "      - id: a\n        text: not my problem\n        variants: [pinyin]\n", "p.yaml:9:9", "variant-unused"),
    ("", "      - id: a\n        terms: [最基本, 技巧]\n        at_least: 2\n        variants: [pinyin]\n", "p.yaml:10:9",
     "variant-on-terms"),
    ("    variants: [pinyin]\n", "      - not my problem\n", "p.yaml:6:5", "variant-unused"),
    ("", "      - id: a\n        text: 你懂不懂最基本的技巧吗这种问题连三岁小孩子都懂\n        variants: [pinyin]\n",
     "p.yaml:8:9", "phrase-variants"),
])
def test_misuse_is_located(tmp_path: Path, set_lines: str, phrases: str, where: str, words: str) -> None:
    with pytest.raises(PlaybookError) as caught:
        Playbook.load(_extension(tmp_path, set_lines, phrases))
    assert where in str(caught.value) and words in str(caught.value), str(caught.value)


@pytest.mark.parametrize("engine", ["reference", "portable", *(["hyperscan"] if HAS_HYPERSCAN else [])])
def test_a_set_opts_in_for_its_phrases(tmp_path: Path, engine: str) -> None:
    """The standard playbook's own wording, typed half in pinyin, is flagged once the set opts in;
    a phrase's own ``variants: []`` opts it out again."""
    path = _extension(tmp_path, "    variants: [pinyin]\n",
                      "      - 你懂不懂最基本的技巧\n      - id: plain\n        text: 三岁小孩\n        variants: []\n")
    playbook = Playbook.load(path, matcher_engine=engine)

    def fired(said: str) -> list[object]:
        case = {"id": "c", "transcript": [{"role": "customer", "text": "这个怎么用"}, {"role": "agent", "text": said}]}
        return [v.facts.get("matched") for v in playbook.evaluate(case).violations if v.check == "extra"]

    assert fired("你懂不懂zui基本的技巧啊") == ["你懂不懂zui基本的技巧"]
    assert fired("三岁小孩都会") == ["三岁小孩"]
    assert fired("san岁小孩都会") == []
