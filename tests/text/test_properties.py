"""Properties over generated messages: the engines agree, spans are right, disguises are seen through."""

from __future__ import annotations

import functools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook.text import PhraseMatcher, PhraseSpec, normalize, normalize_phrase
from playbook.text.folding import fold_char, fold_dict, t2s_table
from playbook.text.normalize import normalize_by_table

from .conftest import FORBIDDEN, HAS_HYPERSCAN, SPECS

SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(SETTINGS, max_examples=80)


@functools.cache
def traditional_spellings() -> dict[str, tuple[str, ...]]:
    """Folded character → the traditional characters OpenCC converts to it (這 → 这)."""
    t2s = t2s_table()
    spellings: dict[str, list[str]] = {}
    for char, folded in fold_dict().items():
        if len(folded) == 1 and char <= "\uffff" and char in t2s and char.casefold() == char:
            spellings.setdefault(folded, []).append(char)
    return {k: tuple(sorted(v)) for k, v in spellings.items()}


@functools.cache
def spellings_of() -> dict[str, tuple[str, ...]]:
    """Folded character → every single character folding to it (traditional, full-width, radicals …)."""
    inverse: dict[str, list[str]] = {}
    for char, folded in fold_dict().items():
        if len(folded) == 1:
            inverse.setdefault(folded, []).append(char)
    return {k: tuple(sorted(v)) for k, v in inverse.items()}


SEPARATORS = st.sampled_from(
    [" ", "  ", ".", "*", ",", "-", "_", "~", "\t", "\n", "\u200b", "\u200d", "\ufeff", "\u3000", "\xa0",
     "，", "。", "、", "“", "”", "’", "…", "—", "∩", "😀", "👍🏻", "\ufe0f", "\u0301", "[", "]", "！", "？", "：",
     "™"]
)
ANY_SEPARATOR = st.characters(categories=["P", "S", "Z", "Cc", "Cf", "Mn"]).filter(lambda c: not fold_char(c))
FILLER_WORDS = st.sampled_from(
    ["您好", "🈚", "⻳", "亲", "请问还有其他问题吗", "我们会按照公司的规定为您全额退款", "我不会让您失望", "不会", "公司", "规定",
     "know", "No", "it", "policy", "company", "I", "s", "這是", "小孩子", "一分", "货", "ﬁ", "⑩", "ß", "İ", "Ⅳ", "㍻",
     "“", "”", "「", "」", '"', "'", "‘", "’", ""]
)
FILLER = st.one_of(FILLER_WORDS, st.text(max_size=6), st.text(alphabet="这是公司的规定不关我事會貨一分钱abcnoNOkwit' ", max_size=8))


def _disguise(phrase: str, draw: st.DrawFn) -> str:
    """A phrase written the way agents write it: variant characters, noise between them."""
    pieces: list[str] = []
    for char in phrase:
        choice = draw(st.integers(0, 9))
        if choice <= 4 or not fold_char(char):
            pieces.append(char)
        elif choice <= 6 and traditional_spellings().get(fold_char(char)):
            pieces.append(draw(st.sampled_from(traditional_spellings()[fold_char(char)])))
        elif spellings_of().get(fold_char(char)):
            pieces.append(draw(st.sampled_from(spellings_of()[fold_char(char)])))
        else:
            pieces.append(char.upper() if draw(st.booleans()) else char)
        if draw(st.integers(0, 4)) == 0:
            pieces.append(draw(st.one_of(SEPARATORS, ANY_SEPARATOR)))
    return "".join(pieces)


@st.composite
def messages(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.booleans()):
            parts.append(_disguise(draw(st.sampled_from(FORBIDDEN + ("我不会", "我不会让您失望"))), draw))
        else:
            parts.append(draw(FILLER))
        if draw(st.integers(0, 3)) == 0:
            parts.append(draw(SEPARATORS))
    return "".join(parts)


@pytest.fixture(scope="module", params=[
    "portable", pytest.param("hyperscan", marks=pytest.mark.skipif(not HAS_HYPERSCAN, reason="hyperscan not installed"))
])
def engines(request: pytest.FixtureRequest, matchers: dict[str, PhraseMatcher]) -> tuple[PhraseMatcher, PhraseMatcher]:
    """The reference engine (the definition of a hit) and one of the one-scan engines."""
    return matchers["reference"], matchers[request.param]


@SETTINGS
@given(text=messages())
def test_engines_give_the_same_hits(engines: tuple[PhraseMatcher, PhraseMatcher], text: str) -> None:
    reference, fast = engines
    assert fast.scan(text) == reference.scan(text)


@FEWER
@given(texts=st.lists(messages(), max_size=6))
def test_scan_many_agrees(engines: tuple[PhraseMatcher, PhraseMatcher], texts: list[str]) -> None:
    reference, fast = engines
    assert fast.scan_many(texts) == reference.scan_many(texts) == tuple(reference.scan(t) for t in texts)


@FEWER
@given(texts=st.lists(st.one_of(messages(), st.text()), max_size=8))
def test_one_scan_engines_agree_on_transcripts(matchers: dict[str, PhraseMatcher], texts: list[str]) -> None:
    """hyperscan and the portable engine give the same hits on every message of a transcript,
    whatever the spelling (traditional, spaced, zero-width, ``*``, ``.``, emoji, full-width, case)."""
    expected = tuple(matchers["reference"].scan(t) for t in texts)
    for name in ("portable", "hyperscan"):
        if name in matchers:
            assert matchers[name].scan_many(texts) == expected, name


@SETTINGS
@given(text=st.one_of(messages(), st.text()))
def test_spans_normalise_to_the_phrase(matchers: dict[str, PhraseMatcher], text: str) -> None:
    for hit in matchers["reference"].scan(text):
        assert hit.matched == text[hit.start : hit.end]
        found = normalize_phrase(hit.matched)
        assert hit.normalized in found
        if len(fold_char(text[hit.start])) == 1 and len(fold_char(text[hit.end - 1])) == 1:
            assert found == hit.normalized


@FEWER
@given(
    phrase=st.sampled_from([p for p in FORBIDDEN if not p.isascii()]),
    before=st.text(alphabet="您好亲谢谢，。！ 😀abc", max_size=6),
    after=st.text(alphabet="您好亲谢谢，。！ 😀abc", max_size=6),
    data=st.data(),
)
def test_disguised_phrases_are_found(
    matchers: dict[str, PhraseMatcher], phrase: str, before: str, after: str, data: st.DataObject
) -> None:
    text = before + _disguise(phrase, data.draw) + after
    key = FORBIDDEN.index(phrase)
    for matcher in matchers.values():
        assert key in [h.key for h in matcher.scan(text)], (matcher.engine, text)


@SETTINGS
@given(text=st.one_of(st.text(), messages()))
def test_fast_normalising_is_the_table(text: str) -> None:
    fast, table = normalize(text), normalize_by_table(text)
    assert fast.text == table.text
    assert fast.origin == table.origin


def test_specs_cover_contexts() -> None:
    assert any(spec.allowed_contexts for spec in SPECS)


#: Phrases of terms, per sentence and per message, guarded and not, and a gap that reaches the message.
TERMS = ("退款", "不行", "规定", "公司")
TERM_SPECS = (
    PhraseSpec(1, "t", terms=TERMS[:3], at_least=2, ignore_quoted=False),
    PhraseSpec(2, "t", terms=TERMS, at_least=3, ignore_quoted=False, within_message=True),
    PhraseSpec(3, "t", terms=("[退款|退钱]", "不行"), at_least=2, not_after=("不",), not_with=("换货",)),
    PhraseSpec(4, "t", terms=TERMS, at_least=1, not_before=("时间",)),
    PhraseSpec(5, "不归{3}管", within_message=True),
)
TERM_FILLER = st.sampled_from(["您好", "亲", "不", "换货", "时间", "退钱", "不归", "管", "我们", "“", "”", "", "。", "！", "\n"])


@st.composite
def term_messages(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 8))):
        parts.append(_disguise(draw(st.sampled_from(TERMS)), draw) if draw(st.booleans()) else draw(TERM_FILLER))
    return "".join(parts)


@functools.cache
def term_matchers() -> dict[str, PhraseMatcher]:
    names = ("reference", "portable", *(("hyperscan",) if HAS_HYPERSCAN else ()))
    return {name: PhraseMatcher.build(TERM_SPECS, engine=name) for name in names}


@SETTINGS
@given(texts=st.lists(term_messages(), max_size=5))
def test_engines_agree_on_phrases_of_terms(texts: list[str]) -> None:
    matchers = term_matchers()
    expected = tuple(matchers["reference"].scan(t) for t in texts)
    for name, matcher in matchers.items():
        assert matcher.scan_many(texts) == expected, name


def _sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as spans, split where the matcher splits them."""
    from playbook.text.patterns import _SENTENCE_END

    out, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        out.append((start, end.start()))
        start = end.start()
    out.append((start, len(text)))
    return out


@SETTINGS
@given(text=term_messages())
def test_terms_hits_are_what_the_terms_say(text: str) -> None:
    """Each hit of a phrase of terms names at least N different terms, each a span that
    normalises to its term, inside the hit; a sentence that holds N terms (found by
    normalising the sentence alone) has a hit of the unguarded phrase."""
    hits = term_matchers()["reference"].scan(text)
    specs = {spec.key: spec for spec in TERM_SPECS}
    for hit in hits:
        if not specs[hit.key].terms:
            continue
        forms = [form for _, _, form in hit.terms]
        assert len(set(forms)) == len(forms) >= specs[hit.key].at_least
        for start, end, form in hit.terms:
            assert hit.start <= start < end <= hit.end
            assert normalize_phrase(text[start:end]) == form
    sentence_hits = {(h.start, h.end) for h in hits if h.key == 1}
    for start, end in _sentences(text):
        said = normalize(text[start:end]).text
        if sum(term in said for term in TERMS[:3]) >= 2:
            assert any(start <= s < end for s, _ in sentence_hits), (text[start:end], hits)
    if sum(term in normalize(text).text for term in TERMS) >= 3:
        assert any(h.key == 2 for h in hits)
