"""What normalising does to one character and to a message, and the way back to the original."""

from __future__ import annotations

import pytest

from playbook.text import normalize, normalize_phrase
from playbook.text.folding import (
    fold_char,
    fold_dict,
    fold_table,
    is_word_char,
    t2s_table,
)
from playbook.text.normalize import normalize_by_table
from playbook.text.projection import (
    REMOVED_SEPARATORS,
    check_projection,
    is_plain,
    kept_positions,
    project,
)


@pytest.mark.parametrize(
    ("char", "folded"),
    [
        ("這", "这"), ("規", "规"), ("A", "a"), ("Ａ", "a"), ("１", "1"), ("é", "e"), ("İ", "i"),
        ("ß", "ss"), ("ﬁ", "fi"), ("①", "1"), ("⑩", "10"), ("豈", "岂"), ("⼀", "一"), ("㊀", "一"),
        ("㍻", "平成"), ("K", "k"), ("\u212a", "k"), ("𝐀", "a"), ("々", "々"),
        # separators fold to nothing: spaces, punctuation, symbols, zero-width, emoji, marks
        (" ", ""), ("\u3000", ""), ("，", ""), ("*", ""), ("\u200b", ""), ("\ufeff", ""), ("😀", ""),
        ("\U0001f3fb", ""), ("\ufe0f", ""), ("\u0301", ""), ("™", ""), ("℃", ""), ("№", ""),
        ("\U0010fffd", ""), ("\U000f0000", ""), ("\ud800", ""),
    ],
)
def test_fold_char(char: str, folded: str) -> None:
    assert fold_char(char) == folded


def test_table_is_closed_and_read_only() -> None:
    table = fold_table()
    for folded in set(table.values()):
        assert "".join(fold_char(c) for c in folded) == folded
    with pytest.raises(TypeError):
        table["a"] = "b"  # type: ignore[index]
    assert t2s_table()["這"] == "这"
    assert fold_dict() is fold_dict()  # built once


def test_identity_letters_are_alphanumeric() -> None:
    # kept_positions relies on it: what normalising keeps unchanged is a letter or digit
    for code in range(0x80, 0x10000):
        char = chr(code)
        if char not in fold_dict():
            assert char.isalnum(), hex(code)


def test_word_chars() -> None:
    assert is_word_char("a") and is_word_char("7") and is_word_char("ø")
    assert not is_word_char("这") and not is_word_char("カ")


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("這 是 公 司 的 規 定", "这是公司的规定"),
        ("It’s  company   POLICY!", "itscompanypolicy"),
        ("ＡＢＣ１２３", "abc123"),
        ("一分钱，一分货😀", "一分钱一分货"),
        ("cafe\u0301 café", "cafecafe"),
        ("", ""),
        ("…，。 ", ""),
    ],
)
def test_normalize(text: str, normal: str) -> None:
    assert normalize(text).text == normal
    assert normalize_phrase(text) == normal
    assert normalize_by_table(text).text == normal


def test_span_maps_back_per_original_character() -> None:
    text = "a ﬁ 這😀是"
    normalized = normalize(text)
    assert normalized.text == "afi这是"
    assert normalized.origin == (0, 2, 2, 4, 6)
    assert normalized.span(1, 3) == (2, 3)  # both letters of the ligature
    assert normalized.span(2, 5) == (2, 7)  # from inside ﬁ to 是
    assert normalized.joined_without_gap(2)  # f and i: one character
    assert not normalized.joined_without_gap(1)  # a, space, ﬁ
    assert not normalized.joined_without_gap(4)  # 這, emoji, 是


def test_projection_agrees_with_the_table() -> None:
    check_projection()
    for separator in REMOVED_SEPARATORS:
        assert fold_char(separator) == ""
    text = "您好，ABC def！“這”x\x00"
    assert not is_plain(text)
    plain = "您好，ABC def“这”x"
    assert is_plain(plain)
    assert project(plain) == normalize_by_table(plain).text.encode()
    assert kept_positions(plain) == list(normalize_by_table(plain).origin)
    assert project("\ud800") is None
