"""What every code point becomes once normalised, as one immutable table.

Matching must see through traditional characters, full-width forms, case and
the separators people put inside phrases.  Doing that per message with
``unicodedata`` and OpenCC would cost far more than the matching itself, so the
per-character answer is computed once per process and shared read-only by the
normaliser and by every engine.

The fold of one character ``c`` is, in order:

1. a character whose own Unicode category is punctuation, symbol, separator,
   control/format/unassigned/private-use or mark folds to nothing (spaces,
   ``，``, ``*``, zero-width space, emoji, ``™``, combining marks, …);
2. otherwise: NFKD; if the base is an ASCII letter its Latin diacritics are
   dropped (so composed ``é`` and decomposed ``e`` + U+0301 agree, which
   per-character NFKC alone could not promise); NFKC; case folding; NFKC;
3. traditional → simplified with OpenCC's ``t2s`` data at character level,
   then its Taiwan and Hong Kong data (``tw2s``, ``hk2s``: 著 → 着, 衞 → 卫)
   for characters ``t2s`` keeps, then the variant pairs of :data:`VARIANTS`
   (您 is 你: a phrase written with either matches both);
4. whatever punctuation or symbols the steps above produced is dropped.

The table is closed: folding a folded character again changes nothing.
"""

from __future__ import annotations

import functools
import marshal
import sys
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType

#: Characters written for one another in service chats that OpenCC does not convert.
VARIANTS: Mapping[str, str] = MappingProxyType({"您": "你"})
#: Simplified characters OpenCC's regional data would still change (hk2s: 么 → 幺, though
#: 么 is what t2s makes of 麼 and is in 为什么): they stay as they are.
REGIONAL_KEPT = frozenset("么")
#: Letters that are apostrophes in practice (U+02BC in itʼs): they fold away like ``'``.
APOSTROPHE_LETTERS = frozenset("\u02bc")

#: First letters of the Unicode general categories that fold to nothing.
SEPARATOR_CATEGORY_PREFIXES = frozenset("PSZCM")

_COMBINING_DIACRITICS_FIRST = "\u0300"
_COMBINING_DIACRITICS_LAST = "\u036f"
_BMP_LAST = 0xFFFF
#: Planes 0–3 (BMP, SMP, SIP, TIP) and the first block of plane 14 hold every
#: assigned character; the rest is unassigned or private use, folded by rule.
_ASSIGNED_RANGES = (range(0x40000), range(0xE0000, 0xE1000))


def is_separator_category(c: str) -> bool:
    """True for a character that folds to nothing because of its category alone."""
    return unicodedata.category(c)[0] in SEPARATOR_CATEGORY_PREFIXES


def _stored(kind: str, build: Callable[[], dict[str, str]]) -> dict[str, str]:
    """A table from the disk cache (:mod:`playbook.cache`), built and stored on a miss.

    The key covers everything the table is computed from: this module's code, the
    Unicode data of this Python, and the installed OpenCC (found, not imported: importing
    it or reading package metadata would cost more than reading the table).
    """
    from importlib.util import find_spec

    from playbook import cache

    spec = find_spec("opencc")
    origin = Path(spec.origin) if spec is not None and spec.origin else None
    installed = f"{origin}:{origin.stat().st_mtime_ns}" if origin is not None and origin.is_file() else "?"
    key = cache.key_of(Path(__file__).read_bytes(), unicodedata.unidata_version, installed,
                       str(marshal.version), sys.version)
    return cache.cached(kind, key, build, _table_bytes, _table_from)


def _table_bytes(table: dict[str, str]) -> bytes:
    """Every key is one character and no value holds NUL (controls fold away), so the
    table travels as two strings: about ten times faster to read than a marshalled dict."""
    if any(len(k) != 1 or "\0" in v for k, v in table.items()):
        raise ValueError("not a table of single characters")
    return marshal.dumps(("".join(table), "\0".join(table.values())))


def _table_from(payload: bytes) -> dict[str, str]:
    keys, values = marshal.loads(payload)
    folded = values.split("\0")
    if not isinstance(keys, str) or len(folded) != len(keys):
        raise ValueError("not a character table")
    return dict(zip(keys, folded))


@functools.cache
def t2s_table() -> Mapping[str, str]:
    """Traditional → simplified for single characters (see :func:`_build_t2s`), built once
    per process, or read from the disk cache."""
    return MappingProxyType(_stored("t2s-table", _build_t2s))


def _build_t2s() -> dict[str, str]:
    """Traditional → simplified for single characters, from OpenCC's ``t2s``.

    Every letter is converted on its own line so OpenCC's phrase dictionary
    never joins neighbours: the result is a pure character mapping, iterated
    to a fixpoint because OpenCC has a few chains (薴 → 苧 → 苎).
    """
    import opencc  # imported here: only the first build needs it

    letters = [
        chr(cp)
        for block in _ASSIGNED_RANGES
        for cp in block
        if unicodedata.category(chr(cp))[0] == "L"
    ]
    table: dict[str, str] = {}
    for config in ("t2s", "tw2s", "hk2s"):  # regional data only where t2s keeps the character
        converted = opencc.OpenCC(config).convert("\n".join(letters)).split("\n")
        if len(converted) != len(letters):
            raise RuntimeError(f"OpenCC {config} changed the number of lines; cannot map characters")
        for src, dst in zip(letters, converted):
            if src != dst and src not in table and (config == "t2s" or src not in REGIONAL_KEPT):
                table[src] = dst
    table.update(VARIANTS)
    changed = True
    while changed:
        changed = False
        for src, dst in table.items():
            again = "".join(table.get(ch, ch) for ch in dst)
            if again != dst:
                table[src] = again
                changed = True
    return table


def _is_ideograph(c: str) -> bool:
    return unicodedata.name(c, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def _fold_symbol(c: str, t2s: Mapping[str, str]) -> str:
    """Step 1: a separator-category character folds to nothing …

    … except symbols that are only a decorated ideograph (Kangxi radical ⼀,
    circled ㊀, squared ㍻ or 🈚): NFKC turns them into ideographs and a
    phrase spelt with them must still match.  ``™`` or ``№`` stay separators
    rather than becoming the letters "tm" or "no".
    """
    s = unicodedata.normalize("NFKC", c)
    if not any(_is_ideograph(ch) for ch in s):
        return ""
    return _fold_letter(s, t2s)


def _fold_letter(c: str, t2s: Mapping[str, str]) -> str:
    """Steps 2–4 of the module docstring for a non-separator character."""
    s = unicodedata.normalize("NFKD", c)
    if s and s[0].isascii() and s[0].isalpha():
        s = "".join(
            ch for ch in s if not _COMBINING_DIACRITICS_FIRST <= ch <= _COMBINING_DIACRITICS_LAST
        )
    s = unicodedata.normalize("NFKC", s)
    s = unicodedata.normalize("NFKC", s.casefold())
    s = "".join(t2s.get(ch, ch) for ch in s)
    return "".join(ch for ch in s if not is_separator_category(ch))


@functools.cache
def fold_dict() -> dict[str, str]:
    """The fold table as a plain ``dict``, for the per-character hot loops.

    ``dict.get`` is several times cheaper than going through a read-only
    proxy, which matters when every character of every message is looked up.
    Callers must treat it as read-only; :func:`fold_table` is the public,
    read-only view of the same object.

    Every character whose fold differs from itself is a key.  Astral
    unassigned and private-use code points (about a million of them) are left
    out to keep the table small; :func:`fold_char` applies the same rule to
    them.  Built once per process (or read from the disk cache), never mutated afterwards.
    """
    return _stored("fold-table", _build_fold_dict)


def _build_fold_dict() -> dict[str, str]:
    t2s = t2s_table()
    table: dict[str, str] = {}
    for block in _ASSIGNED_RANGES:
        for cp in block:
            c = chr(cp)
            category = unicodedata.category(c)
            if c in APOSTROPHE_LETTERS:
                table[c] = ""
                continue
            if category[0] in SEPARATOR_CATEGORY_PREFIXES:
                if cp <= _BMP_LAST or category not in ("Cn", "Co"):
                    table[c] = _fold_symbol(c, t2s)
                continue
            if c not in t2s and unicodedata.is_normalized("NFKD", c) and c.casefold() == c:
                continue  # the common case: a character that is already folded
            folded = _fold_letter(c, t2s)
            if folded != c:
                table[c] = folded
    # Close the table so a folded character folds to itself.
    changed = True
    while changed:
        changed = False
        for src, dst in table.items():
            again = "".join(_lookup(table, ch) for ch in dst)
            if again != dst:
                table[src] = again
                changed = True
    return table


@functools.cache
def fold_table() -> Mapping[str, str]:
    """Read-only view of :func:`fold_dict`: character → its fold, where they differ."""
    return MappingProxyType(fold_dict())


def is_folded_away_by_rule(c: str) -> bool:
    """Astral unassigned or private-use: folds to nothing without being in the table."""
    return c > "\uffff" and unicodedata.category(c) in ("Cn", "Co")


def _lookup(table: Mapping[str, str], c: str) -> str:
    folded = table.get(c)
    if folded is not None:
        return folded
    if is_folded_away_by_rule(c):
        return ""
    return c


def fold_char(c: str) -> str:
    """The fold of one character (see the module docstring)."""
    return _lookup(fold_dict(), c)


def is_word_char(c: str) -> bool:
    """A folded character that needs a word boundary next to a Latin phrase.

    Latin letters and digits: English phrases must not fire inside longer
    words ("no" in "know"), while CJK text has no spaces to rely on.
    """
    if c.isascii():
        return c.isalnum()
    category = unicodedata.category(c)
    if category == "Nd":
        return True
    return category[0] == "L" and unicodedata.name(c, "").startswith("LATIN")
