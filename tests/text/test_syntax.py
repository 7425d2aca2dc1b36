"""The phrase language: alternatives, optional parts, gaps; located errors for each misuse."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook import Playbook
from playbook.errors import PlaybookError
from playbook.text import PhraseMatcher, PhraseSpec
from playbook.text.syntax import ParsedPhrase, PhraseSyntaxError, parse_phrase

from .conftest import ENGINES, HAS_HYPERSCAN


@pytest.mark.parametrize(("text", "parsed"), [
    ("不关我的事", ParsedPhrase((("不关我的事",),), ())),
    ("[我|我们]处理不了", ParsedPhrase((("我处理不了", "我们处理不了"),), ())),
    ("这儿交班(开会)呢", ParsedPhrase((("这儿交班开会呢", "这儿交班呢"),), ())),
    ("这儿交班(开会)?呢", ParsedPhrase((("这儿交班开会呢", "这儿交班呢"),), ())),
    ("不归{4}管", ParsedPhrase((("不归",), ("管",)), (4,))),
    ("[跟|和]我们{3}没关系", ParsedPhrase((("跟我们", "和我们"), ("没关系",)), (3,))),
    (r"a\[b\]", ParsedPhrase((("a[b]",),), ())),
    ("that's our policy", ParsedPhrase((("that's our policy", "that is our policy"),), ())),
    ("that is our policy", ParsedPhrase((("that is our policy", "that's our policy"),), ())),
    ("we can't", ParsedPhrase((("we can't", "we cannot", "we can not"),), ())),
    ("refund~", ParsedPhrase((("refund", "refunds", "refunded", "refunding"),), ())),
    ("policy~", ParsedPhrase((("policy", "policies", "policied", "policying"),), ())),
    ("get~ upset", ParsedPhrase(((
        "get upset", "gets upset", "got upset", "gotten upset", "getting upset"),), ())),
    (r"a\~b", ParsedPhrase((("a~b",),), ())),
    ("3~5天", ParsedPhrase((("3~5天",),), ())),  # a range: '~' after no English word is itself
    ("退款~", ParsedPhrase((("退款~",),), ())),
    ("~ refund", ParsedPhrase((("~ refund",),), ())),
])
def test_parse(text: str, parsed: ParsedPhrase) -> None:
    assert parse_phrase(text) == parsed


@pytest.mark.parametrize(("text", "offset", "words"), [
    ("[我|我们处理不了", 0, "never closed"),
    ("我们]处理不了", 2, "closes nothing"),
    ("(我们处理不了", 0, "never closed"),
    ("[我|我们)处理不了", 5, "instead of"),
    ("{3}管", 0, "between two parts"),
    ("不归{3}", 2, "between two parts"),
    ("不归{3}{2}管", 2, "between two parts"),
    ("不归{x}管", 2, "written {N}"),
    ("不归{99}管", 2, "between 1 and"),
    ("不归{3管", 2, "never closed"),
    ("[我|]处理", 3, "empty"),
    ("[不{2}管]", 2, "inside brackets"),
    ("(我们)", 0, "may be empty"),
    ("我|我们", 1, "inside brackets"),
    ("我们}", 2, "closes nothing"),
    ("我们\\", 2, "backslash"),
    ("[a|b][c|d][e|f][g|h][i|j][k|l][m|n][o|p][q|r]", 44, "spellings"),
    ("(shout|yell)~", 12, "inside each alternative"),
    ("[shout|yell]~ at", 12, "inside each alternative"),
])
def test_misuse_is_located(text: str, offset: int, words: str) -> None:
    with pytest.raises(PhraseSyntaxError) as caught:
        parse_phrase(text)
    assert caught.value.offset == offset and words in str(caught.value)


LANGUAGE = (
    PhraseSpec(1, "不归{4}管"),
    PhraseSpec(2, "[我|我们]处理不了"),
    PhraseSpec(3, "[跟|和]我们{3}没关系", not_after=("这",)),
    PhraseSpec(4, "你{2}去问售后"),
    PhraseSpec(5, "[it is|that's|it's] (our|company) policy"),
    PhraseSpec(6, "这儿交班(开会)呢"),
)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("text", "expected"), [
    ("这不归我们销售管", [(1, "不归我们销售管")]),
    ("不归我们门店管", [(1, "不归我们门店管")]),
    ("不归管", [(1, "不归管")]),
    ("不归。我们管", []),  # a gap stays inside one sentence
    ("不归我们门店的人管", []),  # five characters: wider than the gap
    ("我们处理不了", [(2, "我们处理不了")]),
    ("我处理不了", [(2, "我处理不了")]),
    ("跟我们客服没关系", [(3, "跟我们客服没关系")]),
    ("和我们没关系", [(3, "和我们没关系")]),
    ("这跟我们客服没关系", []),  # not_after guards the first part
    ("你得去问售后部", [(4, "你得去问售后")]),
    ("你去问售后", [(4, "你去问售后")]),
    ("That's company policy.", [(5, "That's company policy")]),
    ("it is our policy", [(5, "it is our policy")]),
    ("it\u02bcs our policy", [(5, "it\u02bcs our policy")]),
    ("这儿交班呢", [(6, "这儿交班呢")]),
    ("這兒交班開會呢", [(6, "這兒交班開會呢")]),
])
def test_language_matches(engine: str, text: str, expected: list[tuple[int, str]]) -> None:
    matcher = PhraseMatcher.build(LANGUAGE, engine=engine)
    assert [(hit.key, hit.matched) for hit in matcher.scan(text)] == expected


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(
    ["不归", "歸", "管", "我们", "我", "们", "处理不了", "跟", "和", "没关系", "這", "这", "你", "得", "去问售后", "客服",
     "。", "，", " ", "\u200b", "😀", "it", "'", "s", "is", "our", "company", "policy", "that"]), max_size=12).map("".join))
def test_engines_agree_on_the_language(text: str) -> None:
    reference = PhraseMatcher.build(LANGUAGE, engine="reference")
    for engine in ("portable", "hyperscan") if HAS_HYPERSCAN else ("portable",):
        fast = PhraseMatcher.build(LANGUAGE, engine=engine)
        assert fast.scan(text) == reference.scan(text), engine


ENGLISH = (
    PhraseSpec(1, "that's company policy"),  # written once, contracted
    PhraseSpec(2, "it is not my problem"),  # written once, written out
    PhraseSpec(3, "refund~"),
    PhraseSpec(4, "V"),  # a short Latin phrase
    PhraseSpec(5, "APP"),
)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("text", "expected"), [
    ("That's company policy.", [(1, "That's company policy")]),
    ("Well, that is company policy.", [(1, "that is company policy")]),
    ("THAT IS COMPANY POLICY", [(1, "THAT IS COMPANY POLICY")]),
    ("that\u02bcs company policy", [(1, "that\u02bcs company policy")]),  # U+02BC is an apostrophe
    ("that\u2019s company policy", [(1, "that\u2019s company policy")]),
    ("it's not my problem", [(2, "it's not my problem")]),
    ("it\u02bcs not my problem", [(2, "it\u02bcs not my problem")]),
    ("It is not my problem.", [(2, "It is not my problem")]),
    ("we refunded it", [(3, "refunded")]),
    ("two refunds were sent", [(3, "refunds")]),
    ("refunding now", [(3, "refunding")]),
    ("the fee is refundable", []),  # not an inflection: a word of its own
    ("这件V领毛衣很好看", []),  # a CJK neighbour makes V part of a product word
    ("V领的那款", []),
    ("请下载APP查看", []),
    ("a V shape", [(4, "V")]),
    ("型号是 V 。", [(4, "V")]),  # spaced off from the CJK text: the letter itself
    ("download the APP please", [(5, "APP")]),
])
def test_english_spellings(engine: str, text: str, expected: list[tuple[int, str]]) -> None:
    matcher = PhraseMatcher.build(ENGLISH, engine=engine)
    assert [(hit.key, hit.matched) for hit in matcher.scan(text)] == expected


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(
    ["that", "it", "'", "\u2019", "\u02bc", "s", " is", " ", "not", " my", " problem", " company", " policy",
     "refund", "s", "ed", "ing", "able", "V", "APP", "领", "下载", "。", "，", "\u200b"]), max_size=12).map("".join))
def test_engines_agree_on_english(text: str) -> None:
    reference = PhraseMatcher.build(ENGLISH, engine="reference")
    for engine in ("portable", "hyperscan") if HAS_HYPERSCAN else ("portable",):
        fast = PhraseMatcher.build(ENGLISH, engine=engine)
        assert fast.scan(text) == reference.scan(text), engine


def test_the_standard_english_playbook_reads_a_contraction_both_ways() -> None:
    """company_rule is written once, "that's (our|the) company policy"; the agent who writes it out
    is flagged under the same phrase."""
    for said in ("That is our company policy.", "thatʼs company policy"):
        case = {"id": "c", "transcript": [{"role": "customer", "text": "The kettle I bought is broken."},
                                          {"role": "agent", "text": said}]}
        found = Playbook.standard("en").evaluate(case).violations
        assert "formulaic_handling:company_rule" in {f"{v.taboo}:{v.facts.get('phrase')}" for v in found}, said


def _extension(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text("extends: standard:zh\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize("phrase", ['"[我|我们处理不了"', "不归{4}", '"(。)"'])
def test_a_playbook_reports_bad_phrases_at_their_line(tmp_path: Path, phrase: str) -> None:
    path = _extension(tmp_path, "phrase_sets:\n  - id: forbidden.extra\n    kind: forbidden\n"
                      f"    phrases:\n      - 好的\n      - {phrase}\n")
    with pytest.raises(PlaybookError) as caught:
        Playbook.load(path)
    assert "p.yaml:7:" in str(caught.value)


def test_a_set_checked_under_another_taboo_is_an_error(tmp_path: Path) -> None:
    path = _extension(tmp_path, "phrase_sets:\n  - id: forbidden.extra\n    kind: forbidden\n    taboo: poor_explanation\n"
                      "    phrases: [包您满意啦]\n"
                      "taboos:\n  - id: careless_promises\n    checks:\n"
                      "      - {id: extra, kind: phrases, phrase_sets: [forbidden.extra]}\n")
    with pytest.raises(PlaybookError) as caught:
        Playbook.load(path)
    assert "taboo-mismatch" in str(caught.value) and "'poor_explanation'" in str(caught.value)


def test_a_real_playbook_uses_the_language(tmp_path: Path) -> None:
    path = _extension(tmp_path, "phrase_sets:\n  - id: forbidden.extra\n    kind: forbidden\n"
                      "    taboo: blame_shifting\n    phrases: ['不归{4}管']\n"
                      "taboos:\n  - id: blame_shifting\n    checks:\n"
                      "      - {id: extra, kind: phrases, phrase_sets: [forbidden.extra]}\n")
    case = {"id": "c", "transcript": [{"role": "customer", "text": "门店的东西坏了"},
                                      {"role": "agent", "text": "这个不归我们门店管"}]}
    found = [v for v in Playbook.load(path).evaluate(case).violations if v.check == "extra"]
    assert [v.facts for v in found] == [{"phrase": "forbidden.extra:1", "matched": "不归我们门店管"}]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("phrase", "text"), [
    ("等着吧", "你就等著吧"),  # Taiwan form (OpenCC tw2s)
    ("正忙着", "他正忙著呢"),
    ("卫生", "衞生間"),  # Hong Kong form (OpenCC hk2s)
    ("你自己看", "您自己看"),  # 您 is 你 …
    ("您自己看", "你自己看"),  # … both ways
    ("it's not my problem", "it\u02bcs not my problem"),  # U+02BC is an apostrophe
])
def test_regional_forms_and_variants_fold(engine: str, phrase: str, text: str) -> None:
    matcher = PhraseMatcher.build([PhraseSpec(1, phrase)], engine=engine)
    assert [hit.key for hit in matcher.scan(text)] == [1]
    assert [hit.key for hit in matcher.scan(f"好的，{text}。")] == [1]


def test_explain_names_the_phrase_that_fired(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from playbook.cli.main import cli

    case = tmp_path / "case.json"
    case.write_text('{"id": "c1", "transcript": [{"role": "customer", "text": "东西坏了"},'
                    ' {"role": "agent", "text": "这个不关我的事，请去问生产厂家"}]}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["explain", str(case), "--only", "failures"])
    assert result.exit_code == 0, result.output
    assert "[not_my_business]" in result.output and "[ask_the_manufacturer]" in result.output
