"""Behaviour of PhraseMatcher on the forbidden phrases of DOMAIN.md and their disguises."""

from __future__ import annotations

import threading

import pytest

from playbook.text import (
    EngineUnavailableError,
    Hit,
    PhraseMatcher,
    PhraseSpec,
    normalize_phrase,
)

from .conftest import HAS_HYPERSCAN, KEY

POLICY = KEY["这是公司的规定"]
NOT_MINE = KEY["不关我的事"]


def keys(matcher: PhraseMatcher, text: str) -> list[int]:
    return [hit.key for hit in matcher.scan(text)]


@pytest.mark.parametrize(
    "text",
    [
        "这是公司的规定",
        "這是公司的規定",  # traditional
        "这 是 公 司 的 规 定",  # spaced out
        "这*是*公司的规定",
        "这.是.公.司.的.规.定",
        "这\u200b是公司的\u200b规定",  # zero-width spaces
        "这是公司的规定😀😀",  # emoji glued on
        "😡这是，公司的规定！",
        "亲，这是公司的规定哦",  # inside a longer sentence
        "這 是 公 司 的 規 定",
        "这是公司的規定",  # mixed
        "这是公司的⾓规定".replace("⾓", ""),
    ],
)
def test_policy_phrase_and_its_disguises(matcher: PhraseMatcher, text: str) -> None:
    assert POLICY in keys(matcher, text)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("一分钱，一分货", "一分钱,一分货"),  # full-width comma
        ("一分钱,一分货", "一分钱,一分货"),
        ("一分钱一分货", "一分钱,一分货"),
        ("一分錢，一分貨", "一分钱,一分货"),
        ("不关\u200b我的事", "不关我的事"),
        ("不關我的事", "不关我的事"),
        ("你怎么用油也不会！", "你怎么用油也不会!"),
        ("你懂不懂最基本的技巧？", "你懂不懂最基本的技巧"),
        ("嗯……这个问题我不大清楚", "嗯……这个问题我不大清楚"),
        ("嗯...这个问题我不大清楚", "嗯……这个问题我不大清楚"),
        ("It’s  company   POLICY.", "it's company policy"),
        ("IT'S COMPANY POLICY", "it's company policy"),
        ("ｉｔ’ｓ ｃｏｍｐａｎｙ ｐｏｌｉｃｙ", "it's company policy"),  # full-width letters
        ("Sorry, it's company-policy!", "it's company policy"),
        ("No.", "no"),
        ("I said no!", "no"),
        ("That is NOT my problem", "not my problem"),
    ],
)
def test_variants_match(matcher: PhraseMatcher, text: str, phrase: str) -> None:
    assert KEY[phrase] in keys(matcher, text)


@pytest.mark.parametrize(
    "text",
    [
        "我们会按照公司的规定为您全额退款",
        "这是我们公司的新规定",
        "I know the answer",  # "no" inside "know"
        "nothing happened",  # "no" at the start of a word
        "casino",  # "no" at the end of a word
        "not my problems",
        "ok, it's company policyholders who",
        "这个问题我们马上处理",
        "",
        "   ，。！  ",
    ],
)
def test_innocent_texts(matcher: PhraseMatcher, text: str) -> None:
    hits = matcher.scan(text)
    assert POLICY not in [h.key for h in hits]
    assert KEY["no"] not in [h.key for h in hits]
    assert KEY["not my problem"] not in [h.key for h in hits]
    assert KEY["it's company policy"] not in [h.key for h in hits]


def test_quoted_colleague_does_not_count(matcher: PhraseMatcher) -> None:
    for text in (
        "同事说“这是公司的规定”是不对的",
        "您说的「這是公司的規定」那句话",
        "他说『这是公司的规定』",
        'He wrote "it\'s company policy" to you',
        "所谓‘不关我的事’的说法",
    ):
        found = keys(matcher, text)
        assert POLICY not in found and NOT_MINE not in found and KEY["it's company policy"] not in found, text
    # a phrase that counts even when quoted
    assert 102 in keys(matcher, "同事说“这是公司的规定”是不对的")
    # unbalanced marks quote nothing; an apostrophe is not a quotation mark
    assert POLICY in keys(matcher, "他说“这是公司的规定")
    assert KEY["it's company policy"] in keys(matcher, "Well, it's company policy, isn't it")


def test_allowed_contexts(matcher: PhraseMatcher) -> None:
    assert 100 not in keys(matcher, "请放心，我不会让您失望的")
    assert 100 not in keys(matcher, "我不會讓您失望")  # the context is normalised too
    assert 100 not in keys(matcher, "我不会再让这种情况发生")
    assert 100 in keys(matcher, "这个我不会")
    assert 100 in keys(matcher, "我不会，也不想")
    # one message: one occurrence inside the context, one outside
    hits = [h for h in matcher.scan("我不会让您失望，但这个我不会") if h.key == 100]
    assert [(h.start, h.end) for h in hits] == [(11, 14)]
    # the short phrase inside the full forbidden sentence is reported once, as the full one
    full = "这种问题不关我的事，请去问生产厂家，我只负责卖货"
    found = keys(matcher, full)
    assert KEY["这种问题不关我的事,请去问生产厂家,我只负责卖货"] in found
    assert 101 not in found and NOT_MINE in found  # the spec without the context still fires


def test_spans_point_into_the_original(matcher: PhraseMatcher) -> None:
    text = "您好！這 是 公司的規定😀，谢谢"
    (hit,) = [h for h in matcher.scan(text) if h.key == POLICY]
    assert (hit.start, hit.end) == (3, 12)
    assert hit.matched == text[3:12] == "這 是 公司的規定"
    assert hit.normalized == normalize_phrase("这是公司的规定")
    english = "Well… It’s  company   POLICY!"
    (hit,) = matcher.scan(english)
    assert hit.matched == "It’s  company   POLICY"


def test_every_occurrence_sorted(matcher: PhraseMatcher) -> None:
    text = "不关我的事！不關我的事。这是公司的规定"
    hits = matcher.scan(text)
    assert hits == tuple(sorted(hits, key=lambda h: (h.start, h.key)))
    assert [h.start for h in hits if h.key == NOT_MINE] == [0, 6]
    # overlapping hits of different phrases are all reported
    assert {POLICY, 102} <= {h.key for h in hits}


def test_scan_many_is_scan_of_each(matcher: PhraseMatcher) -> None:
    texts = ["这是公司的规定", "", "hello", "不关\u200b我的事", "I know", "No", "這是公司的規定\x00"]
    assert matcher.scan_many(texts) == tuple(matcher.scan(t) for t in texts)
    assert matcher.scan_many([]) == ()


def test_lone_surrogates_and_odd_input(matcher: PhraseMatcher) -> None:
    assert POLICY in keys(matcher, "\ud800这是公司的规定\udfff")
    assert matcher.scan("\U000e0001\U0010ffff") == ()
    assert POLICY in keys(matcher, "这是\U000f0000公司的规定")  # private use folds away


def test_empty_spec_list() -> None:
    for engine in ("reference", "auto"):
        matcher = PhraseMatcher.build([], engine=engine)
        assert matcher.scan("这是公司的规定") == ()
        assert matcher.scan_many(["a", "b"]) == ((), ())


def test_empty_phrase_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="never match"):
        PhraseMatcher.build([PhraseSpec(1, " ，。！ ")])
    with pytest.raises(ValueError, match="empty"):
        PhraseMatcher.build([PhraseSpec(1, "不关我的事", allowed_contexts=("…",))])


def test_unknown_engine() -> None:
    with pytest.raises(ValueError, match="unknown matcher engine"):
        PhraseMatcher.build([PhraseSpec(1, "x")], engine="re2")


def test_auto_prefers_hyperscan() -> None:
    matcher = PhraseMatcher.build([PhraseSpec(1, "x")])
    assert matcher.engine == ("hyperscan" if HAS_HYPERSCAN else "portable")


def test_missing_hyperscan(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "hyperscan", None)  # makes `import hyperscan` fail
    assert PhraseMatcher.build([PhraseSpec(1, "x")], engine="auto").engine == "portable"
    with pytest.raises(EngineUnavailableError, match="engine='portable'"):
        PhraseMatcher.build([PhraseSpec(1, "x")], engine="hyperscan")


def test_duplicate_keys_and_forms() -> None:
    matcher = PhraseMatcher.build(
        [PhraseSpec(7, "这是公司的规定"), PhraseSpec(7, "這是公司的規定"), PhraseSpec(8, "这 是 公司的规定")]
    )
    hits = matcher.scan("这是公司的规定")
    assert [h.key for h in hits] == [7, 8]


def test_hits_are_values() -> None:
    hit = Hit(1, 0, 2, "ab", "ab")
    assert hit == Hit(1, 0, 2, "ab", "ab")
    with pytest.raises(AttributeError):
        hit.start = 3  # type: ignore[misc]


def test_many_threads_share_one_matcher(matcher: PhraseMatcher) -> None:
    texts = [
        "这是公司的规定",
        "這 是 公 司 的 規 定",
        "I know, it's company policy",
        "我们会按照公司的规定为您全额退款",
        "一分钱，一分货😀",
        "同事说“不关我的事”",
    ] * 20
    expected = [matcher.scan(t) for t in texts]
    failures: list[str] = []
    barrier = threading.Barrier(8)

    def work(offset: int) -> None:
        barrier.wait()
        for round_ in range(30):
            index = (offset + round_) % len(texts)
            if matcher.scan(texts[index]) != expected[index]:
                failures.append(texts[index])
        if matcher.scan_many(texts) != tuple(expected):
            failures.append("scan_many")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


@pytest.mark.parametrize("engine", ["reference", "portable", pytest.param("hyperscan", marks=pytest.mark.skipif(not HAS_HYPERSCAN, reason="no hyperscan"))])
def test_two_matchers_never_see_each_other(engine: str) -> None:
    first = PhraseMatcher.build([PhraseSpec(1, "这是公司的规定")], engine=engine)
    second = PhraseMatcher.build([PhraseSpec(2, "不关我的事")], engine=engine)
    text = "这是公司的规定，不关我的事"
    results: dict[str, list[tuple[Hit, ...]]] = {"first": [], "second": []}

    def work(name: str, matcher: PhraseMatcher) -> None:
        for _ in range(200):
            results[name].append(matcher.scan(text))

    threads = [threading.Thread(target=work, args=(n, m)) for n, m in (("first", first), ("second", second))] * 1
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {h.key for r in results["first"] for h in r} == {1}
    assert {h.key for r in results["second"] for h in r} == {2}
