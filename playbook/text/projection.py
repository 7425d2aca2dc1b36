"""The projection: a C-speed stand-in for normalising, exact on plain text.

Normalising character by character in Python costs 50–170 µs per 1,000
characters; these few C calls (``str.replace``, ``encode``,
``bytes.translate``) cost about 1 µs per message.  They do the part of
normalising that covers most real text:

* the commonest non-ASCII separators (，。、“”’) are removed;
* ASCII letters are lower-cased, every other ASCII character but the digits
  is removed (spaces, punctuation, ``*``, control characters).

Every other character is left as it is.  So on *plain* text — no non-ASCII
character that normalising would change, which :func:`is_plain` checks with
one regular-expression search — the projection **is** the normalised text
(UTF-8 encoded).  On other text the fast engine's screen knows which
characters could matter and flags them (see :mod:`.engines.screen`).
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Sequence
from itertools import compress

from .folding import fold_char

#: Non-ASCII separators removed before encoding, by frequency in real chat
#: replies (JDDC agent turns: ， alone is in 9 % of them).  Each costs one
#: ``str.replace`` per message; rarer ones are flagged instead.
REMOVED_SEPARATORS: tuple[str, ...] = ("，", "。", "、", "“", "”", "’")

# Unpacked so the replacements below are one chained expression (a loop
# costs a fifth more); changing the tuple's length fails here, at import.
_S0, _S1, _S2, _S3, _S4, _S5 = REMOVED_SEPARATORS


#: Variant characters the projection replaces by their fold (one character for one, so
#: offsets keep): 您 is in most agent turns, and must not take them off the plain path.
REPLACED_VARIANTS: tuple[tuple[str, str], ...] = (("您", "你"),)
((_V0, _W0),) = REPLACED_VARIANTS


def _remove_separators(text: str) -> str:
    return (
        text.replace(_S0, "").replace(_S1, "").replace(_S2, "").replace(_S3, "").replace(_S4, "").replace(_S5, "")
        .replace(_V0, _W0)
    )


#: Joins the messages of one transcript so it is scanned in one call; kept by
#: the projection, and no phrase can contain it.
MESSAGE_BREAK = b"\x00"

_ASCII_DROPPED = bytes(b for b in range(128) if not chr(b).isalnum())
_ASCII_DROPPED_KEEP_BREAK = bytes(b for b in _ASCII_DROPPED if b != MESSAGE_BREAK[0])
_ASCII_LOWER = bytes.maketrans(string.ascii_uppercase.encode(), string.ascii_lowercase.encode())


def project(text: str) -> bytes | None:
    """The projection of one message, or ``None`` if it cannot be encoded (lone surrogates)."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_LOWER, _ASCII_DROPPED)
    try:
        data = _remove_separators(text).encode("utf-8")
    except UnicodeEncodeError:
        return None
    return data.translate(_ASCII_LOWER, _ASCII_DROPPED)


def project_many(texts: Sequence[str]) -> bytes | None:
    """The messages' projections joined by :data:`MESSAGE_BREAK`, or ``None``.

    ``None`` when a message holds the break character itself or cannot be
    encoded; the caller then projects the messages one by one.
    """
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:
        return None
    if joined.isascii():
        return joined.encode("ascii").translate(_ASCII_LOWER, _ASCII_DROPPED_KEEP_BREAK)
    try:
        data = _remove_separators(joined).encode("utf-8")
    except UnicodeEncodeError:
        return None
    return data.translate(_ASCII_LOWER, _ASCII_DROPPED_KEEP_BREAK)


@functools.cache
def _not_plain() -> re.Pattern[str]:
    """Non-ASCII characters normalising changes (but the removed separators), and astral ones.

    Astral characters are all included so the class stays one bitmap plus
    one range, which keeps the search at C speed.
    """
    from .folding import fold_dict

    removed = set(REMOVED_SEPARATORS) | {variant for variant, _ in REPLACED_VARIANTS}
    codes = sorted(
        ord(char)
        for char in fold_dict()
        if "\x80" <= char <= "\uffff" and char not in removed
    )
    return re.compile(f"[{_ranges(codes)}\U00010000-\U0010ffff]")


def _ranges(codes: list[int]) -> str:
    parts: list[str] = []
    index = 0
    while index < len(codes):
        last = index
        while last + 1 < len(codes) and codes[last + 1] == codes[last] + 1:
            last += 1
        first_char, last_char = re.escape(chr(codes[index])), re.escape(chr(codes[last]))
        parts.append(first_char if index == last else f"{first_char}-{last_char}")
        index = last + 1
    return "".join(parts)


def is_plain(text: str) -> bool:
    """True when the projection of ``text`` is exactly its normalised form."""
    return text.isascii() or _not_plain().search(text) is None


def _kept_tables() -> tuple[bytes, bytes, bytes, bytes]:
    """Byte tables for :func:`kept_positions`.

    A BMP character is two UTF-16 bytes (high, low).  Each high byte a removed
    character can have gets its own bit; the low-byte table sets, for each
    low byte, the bits of the high bytes it is removed with.  A character is
    removed iff ``high_bits[high] & low_bits[low]`` is not zero.
    """
    removed_codes = list(_ASCII_DROPPED) + [ord(s) for s in REMOVED_SEPARATORS]
    bit_of_high: dict[int, int] = {}
    for code in removed_codes:
        bit_of_high.setdefault(code >> 8, 1 << len(bit_of_high))
    if len(bit_of_high) > 8:
        raise RuntimeError("removed separators span more than 8 high bytes")
    high = bytearray(256)
    low = bytearray(256)
    for code in removed_codes:
        bit = bit_of_high[code >> 8]
        high[code >> 8] = bit
        low[code & 0xFF] |= bit
    ascii_kept = bytes(0 if b in _ASCII_DROPPED else 1 for b in range(256))
    zero_to_one = bytes([1] + [0] * 255)
    return bytes(high), bytes(low), ascii_kept, zero_to_one


_HIGH_BITS, _LOW_BITS, _ASCII_KEPT, _ZERO_TO_ONE = _kept_tables()


def kept_positions(text: str) -> list[int]:
    """Index of each character of ``text`` the projection keeps, in order.

    For plain text these are the origins of the normalised characters.  All
    work is done by C calls on bytes (one flag byte per character), which on
    a short message is ten times cheaper than a regular-expression pass over
    the removed runs.  ``text`` must be within the BMP (plain text is).
    """
    positions = range(len(text))
    if text.isascii():
        return list(compress(positions, text.encode("ascii").translate(_ASCII_KEPT)))
    units = text.encode("utf-16-le", "surrogatepass")
    high = int.from_bytes(units[1::2].translate(_HIGH_BITS), "little")
    low = int.from_bytes(units[0::2].translate(_LOW_BITS), "little")
    removed = (high & low).to_bytes(len(text), "little")
    return list(compress(positions, removed.translate(_ZERO_TO_ONE)))


def check_projection() -> None:
    """Fail loudly if the projection and the fold table ever disagree.

    The fast engine is exact only because, for every ASCII character and every
    removed separator, the projection yields exactly its fold.
    """
    for code in range(128):
        char = chr(code)
        projected = bytes([code]).translate(_ASCII_LOWER, _ASCII_DROPPED).decode("ascii")
        if projected != fold_char(char):
            raise RuntimeError(f"projection of {char!r} is {projected!r}, its fold is {fold_char(char)!r}")
    for separator in REMOVED_SEPARATORS:
        if fold_char(separator):
            raise RuntimeError(f"{separator!r} is removed by the projection but folds to {fold_char(separator)!r}")
    for variant, folded in REPLACED_VARIANTS:
        if fold_char(variant) != folded or len(folded) != 1:
            raise RuntimeError(f"{variant!r} is replaced by {folded!r} in the projection but folds to "
                               f"{fold_char(variant)!r}")


__all__ = [
    "MESSAGE_BREAK",
    "REMOVED_SEPARATORS",
    "REPLACED_VARIANTS",
    "check_projection",
    "is_plain",
    "kept_positions",
    "project",
    "project_many",
]
