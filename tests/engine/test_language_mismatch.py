"""A transcript in another script than the playbook's is said in the decision, not judged silently."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from playbook.api import Playbook
from playbook.engine.language import script_mismatch, transcript_script

ENGLISH = (
    "My order arrived broken and nobody answers my emails. This is unacceptable.",
    "Please send us a photo of the damaged item and we will look into it.",
)
CHINESE = (
    "我买的加湿器收到就是坏的，打了三次电话都没人管，太气人了！",
    "非常抱歉给您带来不便，麻烦您拍一张照片发给我，我马上为您登记处理。",
)


def _case(texts: tuple[str, ...]) -> dict[str, object]:
    roles = ("customer", "agent")
    transcript = [
        {"role": roles[i % 2], "text": text, "at": f"2026-03-02T10:{i:02d}:00+08:00"} for i, text in enumerate(texts)
    ]
    return {"id": "c1", "received_at": "2026-03-02T10:00:00+08:00", "fault": "company",
            "customer": {"tier": "B", "order_amount": "40"}, "transcript": transcript}


def _mismatch_warnings(playbook: Playbook, texts: tuple[str, ...]) -> list[str]:
    decision = playbook.evaluate(_case(texts))
    return [w for w in decision.warnings if "（zh）" in w or "(en)" in w]


def test_english_chat_under_the_chinese_playbook_is_said_in_chinese(standard_zh: Playbook) -> None:
    warnings = _mismatch_warnings(standard_zh, ENGLISH)
    assert len(warnings) == 1
    assert "拉丁字母" in warnings[0]


def test_chinese_chat_under_the_english_playbook_is_said(standard_en: Playbook) -> None:
    warnings = _mismatch_warnings(standard_en, CHINESE)
    assert warnings == [
        "the transcript is written in Chinese characters, not in this playbook's language (en): "
        "its phrase and wording checks cannot judge it"
    ]


def test_a_chat_in_the_playbooks_own_language_gets_no_such_warning(standard_zh: Playbook, standard_en: Playbook) -> None:
    assert _mismatch_warnings(standard_zh, CHINESE) == []
    assert _mismatch_warnings(standard_en, ENGLISH) == []


def test_product_names_and_order_numbers_in_a_chinese_chat_are_not_english() -> None:
    texts = ["您好，我的订单 JD20260302 里的 iPhone 15 Pro Max 屏幕有划痕，能换货吗？", "可以的亲，麻烦提供一下照片"]
    assert transcript_script(texts) == "han"
    assert script_mismatch("zh", texts) is None


def test_short_or_empty_transcripts_say_nothing() -> None:
    assert transcript_script([]) is None
    assert transcript_script(["ok", "好"]) is None
    assert script_mismatch("zh", ["thanks!"]) is None


def test_an_unknown_playbook_language_is_never_warned_about() -> None:
    assert script_mismatch("tlh", ENGLISH) is None


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_ascii_text_is_never_taken_for_chinese(text: str) -> None:
    assert transcript_script([text]) in (None, "latin")
    assert script_mismatch("en", [text]) is None


def _reference_script(texts: list[str]) -> str | None:
    """The definition, one character at a time: what the fast counting must agree with."""
    han = latin = 0
    for char in "".join(texts):
        code = ord(char)
        if char.isascii():
            latin += char.isalpha()
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
            han += 1
    if han >= 10 and han * 2 >= latin:
        return "han"
    if latin >= 40 and han * 20 < latin:
        return "latin"
    return None


_MIXED = st.lists(st.text(alphabet=st.one_of(
    st.sampled_from("abcXYZ 1.,!é"), st.sampled_from("我买的加湿器坏了㐀豈，。"), st.characters()), max_size=120), max_size=4)


@given(_MIXED, st.sampled_from(["zh", "en", "ja", "fr", "tlh"]))
def test_the_fast_count_reads_every_transcript_as_the_definition(texts: list[str], language: str) -> None:
    found = _reference_script(texts)
    assert transcript_script(texts) == found
    expected = {"zh": "han", "ja": "han", "en": "latin", "fr": "latin"}.get(language)
    want = found if expected is not None and found is not None and found != expected else None
    assert script_mismatch(language, texts) == want
