"""Guards (not_after, not_before, not_with), symbols that matter, and one violation per clause."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook import Playbook
from playbook.checks.phrases import merge_overlapping
from playbook.errors import PlaybookError
from playbook.text import Hit, PhraseMatcher, PhraseSpec, normalize

from .conftest import ENGINES, HAS_HYPERSCAN, JDDC

EVERYDAY = Path(__file__).resolve().parents[1] / "fixtures" / "playbooks" / "everyday_zh.yaml"

GUARDED = (
    PhraseSpec(1, "保证", not_after=("不", "无法")),
    PhraseSpec(2, "第一", not_before=("时间",)),
    PhraseSpec(3, "100%"),
    PhraseSpec(4, "一定", not_after=("不",), not_with=("吗",)),
    PhraseSpec(5, "company policy", not_after=("not",)),
    PhraseSpec(6, "C++"),
)


def _found(matcher: PhraseMatcher, text: str) -> list[tuple[int, str]]:
    return [(hit.key, hit.matched) for hit in matcher.scan(text)]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("text", "expected"), [
    ("我保证明天到", [(1, "保证")]),
    ("我无法保证明天到", []),
    ("這個我無法保證", []),  # the guard is folded like the phrase
    ("不 保 证", []),
    ("我们第一时间处理", []),
    ("我们是第一", [(2, "第一")]),
    ("第一，时间不够", []),  # guards are folded like phrases: the comma is dropped
    ("100元包邮", []),
    ("1000%", []),
    ("100%正品", [(3, "100%")]),
    ("100 ％ 正品", [(3, "100 ％")]),
    ("一定到", [(4, "一定")]),
    ("不一定到", []),
    ("一定到吗？", []),
    ("一定到。好吗", [(4, "一定")]),  # the exclusion is in the next sentence
    ("this is company policy", [(5, "company policy")]),
    ("this is not company policy", []),
    ("we teach C++ here", [(6, "C++")]),
    ("we teach C here", []),
])
def test_guards_and_symbols(engine: str, text: str, expected: list[tuple[int, str]]) -> None:
    assert _found(PhraseMatcher.build(GUARDED, engine=engine), text) == expected


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(
    ["保证", "保證", "不", "无法", "無法", "第一", "时间", "時間", "100", "%", "％", " ", "，", "。", "吗", "一定",
     "company", "policy", "not", "C", "+", "\u200b", "😀", "亲", "a"]), max_size=14).map("".join))
def test_engines_agree_with_guards(text: str) -> None:
    reference = PhraseMatcher.build(GUARDED, engine="reference")
    for engine in ("portable", "hyperscan") if HAS_HYPERSCAN else ("portable",):
        fast = PhraseMatcher.build(GUARDED, engine=engine)
        assert fast.scan(text) == reference.scan(text), engine


def _hit(key: int, start: int, end: int) -> Hit:
    return Hit(key, start, end, "x" * (end - start), "x")


def test_overlapping_hits_give_one_violation_the_longest() -> None:
    hits = [(0, _hit(1, 2, 4)), (0, _hit(2, 0, 6)), (0, _hit(3, 5, 8)), (0, _hit(4, 10, 12)), (1, _hit(1, 2, 4))]
    assert merge_overlapping(hits) == [(0, _hit(2, 0, 6)), (0, _hit(4, 10, 12)), (1, _hit(1, 2, 4))]


def _agent(*texts: str) -> dict[str, object]:
    transcript = [{"role": "customer", "text": "东西还没到"}]
    transcript += [{"role": "agent", "text": t} for t in texts]
    return {"id": "c1", "transcript": transcript}


def test_one_clause_is_one_violation_in_a_real_playbook(tmp_path: Path) -> None:
    extension = tmp_path / "p.yaml"
    extension.write_text(
        "extends: standard:zh\n"
        "phrase_sets:\n"
        "  - id: forbidden.extra\n    kind: forbidden\n    taboo: careless_promises\n"
        "    phrases: [{id: extra.guarantee, text: 保证, exceptions: {not_after: [无法]}}, 跟您保证, 我跟您保证明天]\n"
        "taboos:\n  - id: careless_promises\n    checks:\n"
        "      - {id: extra_promises, kind: phrases, phrase_sets: [forbidden.extra]}\n",
        encoding="utf-8",
    )
    decision = Playbook.load(extension).evaluate(_agent("我跟您保证明天一定到", "我无法保证", "保证"))
    found = [v for v in decision.violations if v.rule == "careless_promises/extra_promises"]
    assert [(v.evidence[0].message_index, v.facts) for v in found] == [
        (1, {"phrase": "forbidden.extra:3", "matched": "我跟您保证明天"}),
        (3, {"phrase": "extra.guarantee", "matched": "保证"}),
    ]


@pytest.mark.parametrize(("guards", "where"), [
    ("{not_after: ['，']}", "phrases[0].exceptions.not_after[0]"),
    ("{not_before: ['  ']}", "phrases[0].exceptions.not_before[0]"),
    ("{not_with: ['!']}", "phrases[0].exceptions.not_with[0]"),
])
def test_an_empty_guard_word_is_a_located_error(tmp_path: Path, guards: str, where: str) -> None:
    extension = tmp_path / "p.yaml"
    extension.write_text(
        "extends: standard:zh\n"
        "phrase_sets:\n"
        "  - id: forbidden.extra\n    kind: forbidden\n    taboo: careless_promises\n"
        f"    phrases:\n      - {{id: extra.one, text: 保证, exceptions: {guards}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(PlaybookError) as caught:
        Playbook.load(extension)
    message = str(caught.value)
    assert "empty-guard" in message and where in message and "p.yaml:" in message


def test_a_guard_of_the_wrong_type_is_a_located_error(tmp_path: Path) -> None:
    extension = tmp_path / "p.yaml"
    extension.write_text(
        "extends: standard:zh\nphrase_sets:\n  - id: forbidden.extra\n    kind: forbidden\n"
        "    phrases:\n      - {id: extra.one, text: 保证, exceptions: {not_after: 不}}\n",
        encoding="utf-8",
    )
    with pytest.raises(PlaybookError) as caught:
        Playbook.load(extension)
    assert "not_after" in str(caught.value) and "p.yaml:" in str(caught.value)


@pytest.fixture(scope="module")
def agent_turns() -> list[str]:
    if not JDDC.is_file():
        pytest.skip("the JDDC sample is not beside this checkout")
    rows = (line.split("\t") for line in JDDC.read_text(encoding="utf-8").splitlines())
    return [fields[-1] for fields in rows if len(fields) >= 7 and fields[2] == "1"]


def _guarded_everywhere(text: str, phrase: str, before: tuple[str, ...], after: tuple[str, ...]) -> bool | None:
    """Whether every occurrence of ``phrase`` in normalised ``text`` sits in a guard (None: no occurrence)."""
    occurrences = [i for i in range(len(text)) if text.startswith(phrase, i)]
    if not occurrences:
        return None
    return all(
        any(text[:i].endswith(word) for word in before) or any(text.startswith(word, i + len(phrase)) for word in after)
        for i in occurrences
    )


def test_guards_clear_the_real_turns_they_are_written_for(agent_turns: list[str]) -> None:
    """On real agent turns, the everyday extension's guards clear every turn where the word only
    occurs in a guarded context, and still flag the turns where it does not."""
    playbook = Playbook.load(EVERYDAY)
    index = playbook.compiled.phrases
    by_id = {phrase.id: phrase.key for phrase in index.phrases}
    specs = {spec.key: spec for spec in index.matcher.specs}
    hits = index.matcher.scan_many(agent_turns)
    for ident in ("everyday.certainly", "everyday.number_one"):
        spec = specs[by_id[ident]]
        cleared = flagged = 0
        for turn, turn_hits in zip(agent_turns, hits):
            guarded = _guarded_everywhere(normalize(turn).text, spec.text, spec.not_after, spec.not_before)
            fired = any(hit.key == spec.key for hit in turn_hits)
            if guarded:
                cleared += 1
                assert not fired, (ident, turn)
            elif guarded is False and fired:
                flagged += 1
        assert cleared >= 4, ident  # the guards matter on this data
        if ident == "everyday.certainly":
            assert flagged >= 5  # real promises (我们一定加紧配送) are still flagged
    # 100 without % never fires the 100% phrase; with % it would
    hundred = by_id["everyday.hundred_percent"]
    assert not any(hit.key == hundred for turn_hits in hits for hit in turn_hits)
    assert [hit.key for hit in index.matcher.scan("正品100%")] == [hundred]


def test_the_everyday_extension_flags_fewer_real_turns(agent_turns: list[str]) -> None:
    index = Playbook.load(EVERYDAY).compiled.phrases
    everyday = index.keys_by_set["forbidden.everyday"]
    guarded = index.matcher
    bare = PhraseMatcher.build(
        [PhraseSpec(s.key, s.text.replace("%", "")) for s in guarded.specs if s.key in everyday], engine="reference")
    before = sum(bool(h) for h in bare.scan_many(agent_turns))
    after = sum(any(hit.key in everyday for hit in h) for h in guarded.scan_many(agent_turns))
    assert 0 < after < before * 0.6, (before, after)
