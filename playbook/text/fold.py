"""The whole transcript folded at once, in C: one table lookup per character, no Python loop.

Normalising (see :mod:`playbook.text.folding`) is a function of single characters, so
it can be done for every character of a transcript by one array lookup: the messages
are joined by :data:`BREAK`, turned into code points (``str.encode`` to UTF-32), looked
up in :func:`fold_array` (``numpy.take``) and the removed characters dropped (one
boolean mask).  The mask is also the index from folded back to original offsets:
folded character ``i`` came from original character ``flatnonzero(mask)[i]``, computed
only when a hit needs it.

The folded transcript comes back as a string (decoded from the UTF-32 of the folded code
points), which the portable engine scans as it is and hyperscan as UTF-8.

Two kinds of character cannot go through one lookup, and are marked :data:`SPECIAL`
instead: those whose fold is several characters (``ﬁ``, ``㍻``, ``⑩``) and code points
above the table (CJK extension B and beyond, plane-14 tags).  No pattern contains the
mark, so a phrase never matches across one; a message holding one is left to the
reference engine (about one real message in a thousand).

Cost: a few C calls per transcript, about 1 µs per 100 characters, against 50–170 µs
per 1,000 characters for normalising in Python.
"""

from __future__ import annotations

import codecs
import functools
import string
import unicodedata
from collections.abc import Sequence
from itertools import accumulate, compress
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

#: Joins the messages of a transcript (as a code point); kept by the fold, and in no pattern.
BREAK = 0
#: Marks a character the table cannot fold on its own (a noncharacter: nothing folds to it).
SPECIAL = 0xFFFF
#: What a removed character becomes before the mask drops it (not a code point).
REMOVED = 0xFFFFFFFF
#: Code points from here on are looked up as :data:`SPECIAL` (``take(mode="clip")``).
LIMIT = 0x20000


@functools.cache
def fold_array() -> NDArray[np.uint32]:
    """Code point → its folded code point, :data:`REMOVED` or :data:`SPECIAL`; ``LIMIT + 1`` entries.

    Built once per process from the fold table (or read from the disk cache), never
    written afterwards (the array is read-only).
    """
    import numpy as np

    from playbook import cache

    from . import folding

    key = cache.key_of("fold-array", Path(folding.__file__).read_bytes(), Path(__file__).read_bytes(),
                       unicodedata.unidata_version, np.__version__)
    array = cache.cached("fold-array", key, _build_fold_array, lambda a: a.tobytes(), _array_from)
    array.setflags(write=False)
    return array


def _array_from(payload: bytes) -> NDArray[np.uint32]:
    import numpy as np

    array = np.frombuffer(payload, dtype="<u4").astype(np.uint32)
    if array.shape != (LIMIT + 1,) or array[LIMIT] != SPECIAL or array[BREAK] != BREAK:
        raise ValueError("not a fold array")
    return array


def _build_fold_array() -> NDArray[np.uint32]:
    import numpy as np

    from .folding import fold_dict, is_folded_away_by_rule

    array = np.arange(LIMIT + 1, dtype=np.uint32)
    codes: list[int] = []
    values: list[int] = []
    for char, folded in fold_dict().items():
        code = ord(char)
        if code < LIMIT:
            codes.append(code)
            values.append(REMOVED if not folded else ord(folded) if len(folded) == 1 else SPECIAL)
    array[codes] = values
    for code in range(0x10000, LIMIT):
        if chr(code) not in fold_dict() and is_folded_away_by_rule(chr(code)):
            array[code] = REMOVED
    array[BREAK] = BREAK
    array[SPECIAL] = REMOVED  # U+FFFF itself folds away; only the table's own marks are SPECIAL
    array[LIMIT] = SPECIAL
    return array


class FoldedTranscript:
    """The folded transcript and the way back to each message's original offsets.

    Per call, never shared; the index back is built on first use only, since most
    transcripts hold no hit.
    """

    __slots__ = ("_origins", "_starts", "kept", "text", "texts")

    def __init__(self, texts: Sequence[str], text: str, kept: NDArray[np.bool_] | bytes) -> None:
        self.texts = texts
        self.text = text  # the folded messages, separated by chr(BREAK)
        # per original character of the joined messages, whether the fold keeps it: a
        # boolean array, or for ASCII text one byte (0 or 1) per character
        self.kept = kept
        self._origins: list[int] | None = None
        self._starts: list[int] | None = None

    @property
    def origins(self) -> list[int]:
        """``origins[i]``: offset in the joined original messages of folded character ``i``."""
        if self._origins is None:
            kept = self.kept
            if isinstance(kept, bytes):
                self._origins = list(compress(range(len(kept)), kept))
            else:
                import numpy as np

                self._origins = np.flatnonzero(kept).tolist()
        return self._origins

    @property
    def starts(self) -> list[int]:
        """Offset of each message in the joined original messages."""
        if self._starts is None:
            self._starts = [0, *accumulate(len(text) + 1 for text in self.texts[:-1])]
        return self._starts


#: ASCII folds by two byte tables: letters lower-cased, everything but letters, digits and
#: the break removed (the fold table says the same of every ASCII character; checked below).
_ASCII_LOWER = bytes.maketrans(string.ascii_uppercase.encode(), string.ascii_lowercase.encode())
_ASCII_REMOVED = bytes(b for b in range(128) if not chr(b).isalnum() and b != BREAK)
_ASCII_KEPT = bytes(0 if b in _ASCII_REMOVED else 1 for b in range(256))


def fold_transcript(texts: Sequence[str]) -> FoldedTranscript | None:
    """Fold every message at once, or ``None`` when a message holds the break character itself."""
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:
        return None
    if joined.isascii():  # English: no array needed
        data = joined.encode("ascii")
        return FoldedTranscript(texts, data.translate(_ASCII_LOWER, _ASCII_REMOVED).decode("ascii"),
                                data.translate(_ASCII_KEPT))
    # imported here, not with the module: loading a playbook (validate, lint, show) never
    # folds a transcript, so it does not pay for importing numpy
    import numpy as np

    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    raw = fold_array().take(codes, mode="clip")
    kept = raw != REMOVED
    # decoded straight from the array's buffer (tobytes would copy it first)
    return FoldedTranscript(texts, codecs.utf_32_le_decode(raw[kept], "strict", True)[0], kept)


def check_ascii() -> None:
    """Fail loudly if the ASCII tables and the fold table ever disagree."""
    from .folding import fold_char

    for code in range(1, 128):
        folded = bytes([code]).translate(_ASCII_LOWER, _ASCII_REMOVED).decode("ascii")
        if folded != fold_char(chr(code)):
            raise RuntimeError(f"ASCII fold of {chr(code)!r} is {folded!r}, the table's {fold_char(chr(code))!r}")


__all__ = [
    "BREAK",
    "LIMIT",
    "REMOVED",
    "SPECIAL",
    "FoldedTranscript",
    "check_ascii",
    "fold_array",
    "fold_transcript",
]
