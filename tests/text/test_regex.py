"""Regular-expression phrases: matched on the folded text by RE2, guarded like any phrase,
the same hits from every engine, and a located load error for each way to misuse one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook import Playbook
from playbook.errors import PlaybookError
from playbook.text import PhraseMatcher, PhraseSpec
from playbook.text.patterns import MEANINGFUL_SYMBOLS
from playbook.text.regex import _MEANINGFUL, MAX_PROGRAM, MAX_REGEX_CHARS, RegexSyntaxError, parse_regex

from .conftest import ENGINES, HAS_HYPERSCAN

SPECS = (
    PhraseSpec(1, r"保证\d+天", regex=True, not_after=("不", "无法")),
    PhraseSpec(2, r"\d+%", regex=True),
    PhraseSpec(3, r"v\d", regex=True),
    PhraseSpec(4, r"退.{0,3}款", regex=True, not_with=("运费",)),
    PhraseSpec(5, r"第[一二三]", regex=True, not_before=("时间",)),
    PhraseSpec(6, r"[A-Z]{2}\d{3}", regex=True, allowed_contexts=("型号AB123",)),
    PhraseSpec(7, r"(?:马上|立刻)[给帮]你", regex=True),
    PhraseSpec(8, "一定"),  # a literal beside them, in the same scan
    PhraseSpec(9, r"著急", regex=True, ignore_quoted=True),
)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("text", "expected"), [
    ("我们保证 3 天到货", [(1, "保证 3 天")]),
    ("保證10天內", [(1, "保證10天")]),  # traditional: the expression is matched on the folded text
    ("不保证3天", []),  # not_after
    ("无法 保证3天", []),  # not_after across a removed space, as for a literal phrase
    ("100%好评", [(2, "100%")]),
    ("100 % 满意", [(2, "100 %")]),
    ("100分钟", []),  # the symbol it spells must follow the hit, as for a phrase
    ("型号v2很好", [(3, "v2")]),
    ("xv2", []),  # a Latin hit inside a longer word is not the word
    ("V2", [(3, "V2")]),
    ("退了款", [(4, "退了款")]),
    ("退运费的款", []),  # not_with: the sentence holds 运费
    ("退运费。退了款", [(4, "退了款")]),  # … but not this sentence
    ("第一时间处理", []),  # not_before
    ("第二天处理", [(5, "第二")]),
    ("编号AB123", [(6, "AB123")]),
    ("型号 ab123", []),  # an allowed context holds the hit
    ("马上帮您处理", [(7, "马上帮您")]),  # 您 folds to 你
    ("一定马上给你", [(8, "一定"), (7, "马上给你")]),
    ("你别著急", [(9, "著急")]),
    ("他说“别著急”", []),  # quoted
])
def test_regex_phrases_match(engine: str, text: str, expected: list[tuple[int, str]]) -> None:
    matcher = PhraseMatcher.build(SPECS, engine=engine)
    assert [(hit.key, hit.matched) for hit in matcher.scan(text)] == expected


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(
    ["保证", "保證", "3", "10", "天", "不", "无法", "%", "％", " ", "分", "v", "V", "2", "x", "退", "了", "款", "运费", "。",
     "第", "一", "二", "时间", "AB", "ab", "123", "型号", "马上", "立刻", "帮", "給", "您", "你", "一定", "著急", "“", "”",
     "\u200b", "😀", "ﬁ", "⑩", "，"]), max_size=10).map("".join), max_size=5))
def test_engines_agree_on_regex_phrases(texts: list[str]) -> None:
    """Per message and over a whole transcript (one fold, one scan), every engine gives the
    reference's hits: an expression never matches across two messages."""
    reference = PhraseMatcher.build(SPECS, engine="reference")
    expected = tuple(reference.scan(text) for text in texts)
    for engine in ("portable", "hyperscan") if HAS_HYPERSCAN else ("portable",):
        fast = PhraseMatcher.build(SPECS, engine=engine)
        assert fast.scan_many(texts) == expected, engine


def test_a_match_never_spans_two_messages() -> None:
    for engine in ("reference", "portable", *(("hyperscan",) if HAS_HYPERSCAN else ())):
        matcher = PhraseMatcher.build([PhraseSpec(1, r"退.{0,3}款", regex=True)], engine=engine)
        assert matcher.scan_many(["退", "款"]) == ((), ()), engine


@pytest.mark.parametrize(("text", "offset", "words"), [
    (r"(a)\1", 3, "backreferences"),
    (r"(?P<x>a)(?P=x)", 8, "backreferences"),
    (r"(?=退)款", 0, "lookaround"),
    (r"款(?<!退)", 1, "lookaround"),
    ("^退款", 0, "anchors"),
    (r"退款\b", 2, "word boundary"),
    ("a*", 0, "empty string"),
    ("(退款)?", 0, "empty string"),
    ("(退款|)", 0, "empty string"),
    ("退{200}", 1, "at most 100"),
    (r"(?:(?:\p{Han}|[a-z]){1,100}){9}", 0, "instructions"),
    ("退" * (MAX_REGEX_CHARS + 1), MAX_REGEX_CHARS, "characters long"),
    ("((退{50}){50}){50}", 0, "RE2 does not accept"),
    ("a**", 2, "cannot be repeated"),
    ("[z-a]", 1, "backwards"),
    ("(退款", 0, "never closed"),
    ("退款)", 2, "closes nothing"),
    ("[退款", 0, "never closed"),
    (r"\s退款", 0, "spaces are removed"),
    ("(?i)refund", 0, "flags"),
    (r"\p{Greek}", 0, "properties"),
    (r"\d+%|元", 3, "top-level alternatives"),
    ("(%)", 1, "top level"),
    ("%+退", 0, "cannot be repeated"),
    ("[，退]", 1, "removed from the text"),
    ("退{3,1}", 1, "at most 1 times"),
    ("退{,3}", 1, "starts no repetition"),
    ("*退", 0, "repeats nothing"),
    (r"\Q退\E", 0, r"\Q"),
    (r"\k<x>", 0, "backreferences"),
    (r"\x{zz}", 0, "hexadecimal"),
])
def test_misuse_is_located(text: str, offset: int, words: str) -> None:
    with pytest.raises(RegexSyntaxError) as caught:
        parse_regex(text)
    assert caught.value.offset == offset and words in str(caught.value), str(caught.value)


def test_written_out_for_both_engines() -> None:
    """Literals are folded (著 is 着, A is a, spaces go), '.' and negated classes never reach the
    next message, and a meaningful symbol becomes a condition on the original text."""
    assert parse_regex("保證 \\d+天").pattern == "保证(?:[0-9])+天"
    assert parse_regex("[A-Z]{2}").pattern == "(?:[a-z]){2}"
    assert parse_regex(".[^a]").pattern == "[^\\x00][^\\x00a]"
    found = parse_regex(r"\d+%")
    assert (found.pattern, found.symbols) == ("(?:[0-9])+", "%")
    assert _MEANINGFUL == MEANINGFUL_SYMBOLS
    assert MAX_PROGRAM >= 1000


def _extension(tmp_path: Path, phrases: str, guard: str = "") -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(
        "extends: standard:zh\n"
        "phrase_sets:\n"
        "  - id: forbidden.promises\n"
        "    kind: forbidden\n"
        "    taboo: careless_promises\n"
        f"{guard}"
        "    phrases:\n" + phrases
        + "taboos:\n  - id: careless_promises\n    checks:\n"
        "      - {id: promises, kind: phrases, phrase_sets: [forbidden.promises]}\n",
        encoding="utf-8")
    return path


@pytest.mark.parametrize(("regex", "words"), [
    (r"'(保证)\1'", "backreferences"),
    (r"'(?<!不)保证'", "lookaround"),
    ("'(保证)?'", "empty string"),
    ("'保证{500}'", "at most 100"),
    (r"'(?:(?:\p{Han}|[a-z]){1,100}){9}'", "instructions"),
    ("'保证(天'", "never closed"),
    ("'((保{50}){50}){50}'", "RE2 does not accept"),
])
def test_a_playbook_reports_a_bad_regex_at_its_line(tmp_path: Path, regex: str, words: str) -> None:
    path = _extension(tmp_path, f"      - 好的好的\n      - id: days\n        regex: {regex}\n")
    with pytest.raises(PlaybookError) as caught:
        Playbook.load(path)
    message = str(caught.value)
    assert "p.yaml:9:9" in message and "phrase-regex" in message and words in message, message


@pytest.mark.parametrize(("body", "words"), [
    ("      - id: days\n        text: 保证\n        regex: '保证\\d+天'\n", "not both"),
    ("      - id: days\n        severity: high\n", "needs 'text'"),
])
def test_text_or_regex_is_an_error_otherwise(tmp_path: Path, body: str, words: str) -> None:
    with pytest.raises(PlaybookError) as caught:
        Playbook.load(_extension(tmp_path, body))
    assert "p.yaml:7:9" in str(caught.value) and words in str(caught.value), str(caught.value)


def _agent_says(text: str) -> dict[str, object]:
    return {"id": "c", "transcript": [{"role": "customer", "text": "东西什么时候到"}, {"role": "agent", "text": text}]}


@pytest.mark.parametrize("engine", ["reference", "portable", *(["hyperscan"] if HAS_HYPERSCAN else [])])
def test_a_real_playbook_flags_a_regex_phrase_once(tmp_path: Path, engine: str) -> None:
    """A regex hit is a violation like any phrase's; overlapping hits of the set on one span
    give one violation (the longest), guards clear what they are meant to."""
    path = _extension(tmp_path, "      - 保证\n      - id: days\n        regex: '保证\\d+天(之内)?'\n"
                      "        exceptions: {not_after: [不, 无法]}\n")
    playbook = Playbook.load(path, matcher_engine=engine)
    found = [v for v in playbook.evaluate(_agent_says("我保证3天之内到")).violations if v.check == "promises"]
    assert [v.facts for v in found] == [{"phrase": "days", "matched": "保证3天之内"}]
    cleared = playbook.evaluate(_agent_says("我们无法保证3天到，请谅解")).violations
    assert [v.facts for v in cleared if v.check == "promises"] == [
        {"phrase": "forbidden.promises:1", "matched": "保证"}]  # the plain phrase has no guard


def test_explain_names_the_regex(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from playbook.cli.main import cli

    path = _extension(tmp_path, "      - id: days\n        regex: '保证\\d+天'\n")
    case = tmp_path / "case.json"
    case.write_text(json.dumps(_agent_says("我保证3天到")), encoding="utf-8")
    result = CliRunner().invoke(cli, ["explain", str(case), "--playbook", str(path), "--only", "failures"])
    assert result.exit_code == 0, result.output
    assert "[days]" in result.output and "p.yaml:8:" in result.output, result.output


FUZZ_PIECES = [*"()[]{}|*+?.^$\\-,:=!<>Pp dDwWsSbBxk0123456789aAz退款%，保證\u0301", "(?:", "(?=", "(?P<a>", "\\p{Han}",
               "{1,3}", "{100}", "\\x{4e00}", "[^", "\\d", "??"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FUZZ_PIECES), min_size=1, max_size=25).map("".join))
def test_any_expression_loads_or_is_located(text: str) -> None:
    """Whatever a writer types is accepted or refused at a character of it, never a traceback;
    whatever is accepted, RE2 runs and hyperscan compiles (as a prefilter), so a playbook that
    loads on one machine loads on every machine."""
    try:
        found = parse_regex(text)
    except RegexSyntaxError as exc:
        assert 0 <= exc.offset <= len(text)
        return
    matcher = PhraseMatcher.build([PhraseSpec(1, text, regex=True)], engine="hyperscan" if HAS_HYPERSCAN else "portable")
    assert matcher.scan("退款保证100%") == PhraseMatcher.build(
        [PhraseSpec(1, text, regex=True)], engine="reference").scan("退款保证100%")
    assert found.pattern
