"""Which script a transcript is written in, to warn when it is not the playbook's.

Phrase sets, promise and apology signals are written in one language: run over a transcript
in another, they find nothing (an English chat under a Chinese playbook gets "no apology")
or match by accident. The engine cannot judge such a case, so the decision says so instead of
passing its findings off as a judgment. Detection is by script (Han vs Latin letters), which is
cheap and unambiguous; it stays silent on short or mixed transcripts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_HAN_LANGUAGES = frozenset({"zh", "ja", "yue", "wuu", "cmn"})
_LATIN_LANGUAGES = frozenset({
    "en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "no", "nb", "nn", "fi", "pl", "cs", "sk",
    "ro", "hu", "tr", "id", "ms", "vi", "tl", "ca", "hr", "sl", "et", "lv", "lt",
})
_MIN_HAN = 10
"""Fewer Han characters than this says nothing about the transcript's language."""
_MIN_LATIN = 40
"""Fewer Latin letters than this (a few words) says nothing either."""


_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]")
_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


def transcript_script(texts: Iterable[str]) -> str | None:
    """``"han"`` or ``"latin"`` when the texts are clearly in one script, else None.

    Counted by C calls over the joined texts (a regular-expression substitution for Han
    characters, ASCII bytes for Latin letters), never by a Python step per character.
    """
    joined = "\n".join(texts)
    han = _HAN.subn("", joined)[1] if not joined.isascii() else 0
    latin = len(joined.encode("ascii", "ignore").translate(None, _NOT_LETTERS))
    if han >= _MIN_HAN and han * 2 >= latin:
        return "han"
    if latin >= _MIN_LATIN and han * 20 < latin:
        return "latin"
    return None


_HAN_RUN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]+")
"""A run of Han characters, for counting only as far as an answer needs."""


def _latin_and_other(text: str) -> tuple[int, int]:
    """ASCII letters, and characters outside ASCII (an upper bound on the Han ones)."""
    ascii_part = text.encode("ascii", "ignore")
    return len(ascii_part.translate(None, _NOT_LETTERS)), len(text) - len(ascii_part)


def _han_at_least(text: str, need: int) -> bool:
    """Whether ``text`` holds ``need`` Han characters; stops reading once it has."""
    found = 0
    for run in _HAN_RUN.finditer(text):
        found += run.end() - run.start()
        if found >= need:
            return True
    return False


def language_script(language: str) -> str | None:
    """The script a playbook language is written in, or None when this module does not know."""
    primary = language.lower().replace("_", "-").split("-")[0]
    if primary in _HAN_LANGUAGES:
        return "han"
    if primary in _LATIN_LANGUAGES:
        return "latin"
    return None


def script_mismatch(language: str, texts: Iterable[str]) -> str | None:
    """The transcript's script when it clearly differs from the playbook language's, else None.

    What :func:`transcript_script` would say, reading only as far as the answer needs:
    the ASCII letters are counted in C, and Han characters only until there are enough
    to rule the other script out (a Chinese chat under a Chinese playbook stops after a
    few characters instead of counting them all).
    """
    expected = language_script(language)
    if expected is None:
        return None
    text = "\n".join(texts)
    latin, other = _latin_and_other(text)
    if expected == "han":
        # "latin" needs latin >= _MIN_LATIN and han * 20 < latin (which also rules out "han")
        if latin < _MIN_LATIN:
            return None
        return None if _han_at_least(text, -(-latin // 20)) else "latin"
    # expected "latin": a mismatch is "han", which needs han >= _MIN_HAN and han * 2 >= latin
    need = max(_MIN_HAN, -(-latin // 2))
    if other < need:
        return None
    return "han" if _han_at_least(text, need) else None
