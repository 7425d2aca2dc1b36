"""Opt-in pinyin spellings: a Chinese character of a phrase also written as its toneless pinyin.

Agents dodge a forbidden phrase by typing one character of it in pinyin (``zui基本`` for
最基本, ``zuì基本`` folds to the same), or the whole phrase (``zuijiben``).  A phrase or set
that opts in (``variants: [pinyin]``) stands for those spellings too:

* the phrase as written;
* every spelling with one or two of its characters in pinyin, each character in every
  reading pypinyin knows for it (heteronyms: 了 is ``le`` or ``liao``; ü is written ``v`` or
  ``u``, as keyboards and the folded ``ü`` have it);
* the whole phrase in pinyin, each character read as pypinyin reads it in the phrase.

The spellings are ordinary literals, so every engine finds them alike; they count
against :data:`~playbook.text.syntax.MAX_EXPANSIONS` like alternatives do.  pypinyin
(pure Python, MIT) is imported only when a phrase opts in.
"""

from __future__ import annotations

import functools
import itertools

#: How many characters of one spelling may be in pinyin, short of the whole phrase.
MAX_PINYIN_CHARS = 2


@functools.cache
def readings(char: str) -> tuple[str, ...]:
    """The toneless pinyin readings of one character, empty for anything but a Han character."""
    from pypinyin import Style, pinyin

    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    spelt = [r for r in (found[0] if found else ()) if r and r.isascii() and r.isalpha() and r != char]
    return tuple(dict.fromkeys(itertools.chain.from_iterable((r, r.replace("v", "u")) for r in spelt)))


def in_context(text: str) -> str:
    """``text`` with every Han character replaced by the reading pypinyin gives it there."""
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: chars))


def has_pinyin(text: str) -> bool:
    """True when some character of ``text`` has a pinyin reading."""
    return any(readings(char) for char in text)


def pinyin_spellings(spelling: str) -> tuple[str, ...]:
    """``spelling`` and its pinyin spellings (see the module docstring), in a fixed order."""
    positions = [index for index, char in enumerate(spelling) if readings(char)]
    if not positions:
        return (spelling,)
    out = [spelling]
    for count in range(1, min(MAX_PINYIN_CHARS, len(positions)) + 1):
        for chosen in itertools.combinations(positions, count):
            for spelt in itertools.product(*(readings(spelling[i]) for i in chosen)):
                chars = list(spelling)
                for index, reading in zip(chosen, spelt):
                    chars[index] = reading
                out.append("".join(chars))
    whole = in_context(spelling)
    out.append(whole)
    if "v" not in spelling.lower():  # ü read as v; a v the writer typed stays one
        out.append(whole.replace("v", "u"))
    return tuple(dict.fromkeys(out))


__all__ = ["MAX_PINYIN_CHARS", "has_pinyin", "in_context", "pinyin_spellings", "readings"]
