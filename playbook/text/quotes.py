"""Where a message quotes someone: phrases inside quotation marks are reported speech.

An agent writing 同事说“不关我的事”是错误的 is quoting a colleague, not
shifting blame, so a phrase may declare that hits inside a quotation do not
count.  Only the original text knows where the quotation marks are (they are
removed by normalising), so this works on original offsets.
"""

from __future__ import annotations

import re

from .folding import fold_char, is_word_char

#: Opening mark → the marks that close it.  Full-width straight quotes and the
#: vertical presentation forms close like the marks they stand for.
_CLOSERS: dict[str, str] = {
    "“": "”",
    "「": "」﹂",
    "﹁": "」﹂",
    "『": "』﹄",
    "﹃": "』﹄",
    "‘": "’",
    '"': '"＂',
    "＂": '"＂',
    "'": "'＇",
    "＇": "'＇",
}

#: Single quotes double as apostrophes (it's, it’s, don't): between two
#: Latin letters or digits they quote nothing.
_APOSTROPHES = frozenset("'’‘＇")


_OPENERS = re.compile("[" + re.escape("".join(sorted(_CLOSERS))) + "]")
_MARKS = re.compile("[" + re.escape("".join(sorted(set(_CLOSERS).union(*_CLOSERS.values())))) + "]")


def _is_apostrophe(text: str, index: int) -> bool:
    if text[index] not in _APOSTROPHES or index == 0 or index + 1 >= len(text):
        return False
    return _is_word(text[index - 1]) and _is_word(text[index + 1])


def _is_word(c: str) -> bool:
    folded = fold_char(c)
    return bool(folded) and is_word_char(folded[-1])


def _find_closer(text: str, closers: str, start: int) -> int:
    best = -1
    for mark in closers:
        position = text.find(mark, start)
        while position != -1 and _is_apostrophe(text, position):
            position = text.find(mark, position + 1)
        if position != -1 and (best == -1 or position < best):
            best = position
    return best


def quoted_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Each quotation as ``(open, close)``: the offsets of its two marks.

    A mark opens a quotation only if its closing mark follows; a quotation
    inside another is covered by the outer one.  Unbalanced marks quote
    nothing.
    """
    if _MARKS.search(text) is None:
        return ()  # the common case, found at C speed
    spans: list[tuple[int, int]] = []
    unclosed: dict[str, int] = {}  # closers → an offset after which none of them occurs
    length = len(text)
    resume = 0  # offsets before this are inside a quotation already found
    # Only opening marks can start a quotation, so only they are visited (found by the
    # regular-expression engine), never every character of the message.
    for found in _OPENERS.finditer(text):
        index = found.start()
        if index < resume or _is_apostrophe(text, index):
            continue
        closers = _CLOSERS[text[index]]
        if index >= unclosed.get(closers, length):
            continue
        close = _find_closer(text, closers, index + 1)
        if close != -1:
            spans.append((index, close))
            resume = close + 1
            continue
        unclosed[closers] = index
    return tuple(spans)


def inside_quotation(spans: tuple[tuple[int, int], ...], start: int, end: int) -> bool:
    """True when original ``[start, end)`` lies between the marks of one quotation."""
    return any(open_ < start and end <= close for open_, close in spans)


__all__ = ["inside_quotation", "quoted_spans"]
