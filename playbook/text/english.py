"""English spellings one phrase stands for: contractions both ways, and inflections on request.

A writer lists "that's our policy" once; the agent says "that is our policy".  A writer
marks a word with ``~`` ("shout~ at") and its regular forms (shouts, shouted, shouting)
are spelt too, with a few irregular verbs known by heart (get~ is get, gets, got,
gotten, getting).  Everything here runs once at load on the phrase's own words: the
result is more literal spellings for the scanner, never a pattern at match time.
"""

from __future__ import annotations

import itertools

APOSTROPHES = "'\u2019\u02bc"

#: Contracted form -> the words it stands for (first is the usual expansion).
_CONTRACTED: dict[str, tuple[str, ...]] = {
    "can't": ("cannot", "can not"), "won't": ("will not",), "don't": ("do not",), "doesn't": ("does not",),
    "didn't": ("did not",), "isn't": ("is not",), "aren't": ("are not",), "wasn't": ("was not",),
    "weren't": ("were not",), "haven't": ("have not",), "hasn't": ("has not",), "hadn't": ("had not",),
    "wouldn't": ("would not",), "shouldn't": ("should not",), "couldn't": ("could not",), "mustn't": ("must not",),
    "i'm": ("i am",),
}
for _subject in ("that", "it", "he", "she", "there", "what", "who", "here", "this"):
    _CONTRACTED[f"{_subject}'s"] = (f"{_subject} is",)
for _subject in ("we", "you", "they"):
    _CONTRACTED[f"{_subject}'re"] = (f"{_subject} are",)
for _subject in ("i", "we", "you", "they"):
    _CONTRACTED[f"{_subject}'ve"] = (f"{_subject} have",)
for _subject in ("i", "we", "you", "they", "it", "that", "he", "she"):
    _CONTRACTED[f"{_subject}'ll"] = (f"{_subject} will",)
    _CONTRACTED[f"{_subject}'d"] = (f"{_subject} would",)
#: Two words -> their contraction ("that is" -> "that's"); "can not" and "cannot" -> "can't".
_EXPANDED: dict[tuple[str, ...], str] = {
    tuple(words.split()): short for short, longs in _CONTRACTED.items() for words in longs
}

#: Irregular forms of the verbs service talk uses most.
IRREGULAR: dict[str, tuple[str, ...]] = {
    "be": ("be", "is", "are", "was", "were", "been", "being"),
    "have": ("have", "has", "had", "having"),
    "do": ("do", "does", "did", "done", "doing"),
    "go": ("go", "goes", "went", "gone", "going"),
    "get": ("get", "gets", "got", "gotten", "getting"),
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "make": ("make", "makes", "made", "making"),
    "take": ("take", "takes", "took", "taken", "taking"),
    "give": ("give", "gives", "gave", "given", "giving"),
    "know": ("know", "knows", "knew", "known", "knowing"),
    "think": ("think", "thinks", "thought", "thinking"),
    "pay": ("pay", "pays", "paid", "paying"),
    "send": ("send", "sends", "sent", "sending"),
    "keep": ("keep", "keeps", "kept", "keeping"),
    "lose": ("lose", "loses", "lost", "losing"),
    "buy": ("buy", "buys", "bought", "buying"),
    "break": ("break", "breaks", "broke", "broken", "breaking"),
    "can": ("can", "could"),
    "will": ("will", "would"),
}
_VOWELS = frozenset("aeiou")


def inflections(word: str) -> tuple[str, ...]:
    """``word`` and its regular (or known irregular) forms: policy -> policies, shout -> shouted."""
    low = word.lower()
    if low in IRREGULAR:
        return IRREGULAR[low]
    forms = [low]
    if low.endswith(("s", "x", "z", "ch", "sh")):
        forms.append(low + "es")
    elif len(low) > 1 and low.endswith("y") and low[-2] not in _VOWELS:
        forms.append(low[:-1] + "ies")
    else:
        forms.append(low + "s")
    if low.endswith("e"):
        forms += [low + "d", low[:-1] + "ing" if not low.endswith("ee") else low + "ing"]
    elif len(low) > 1 and low.endswith("y") and low[-2] not in _VOWELS:
        forms += [low[:-1] + "ied", low + "ing"]
    else:
        stem = low + low[-1] if _doubles(low) else low
        forms += [stem + "ed", stem + "ing"]
    return tuple(dict.fromkeys(forms))


def _doubles(word: str) -> bool:
    """A short consonant-vowel-consonant word doubles its last letter (stop -> stopped)."""
    return (3 <= len(word) <= 4 and word[-1] not in _VOWELS and word[-1] not in "wxy"
            and word[-2] in _VOWELS and word[-3] not in _VOWELS)


def contraction_variants(spelling: str) -> tuple[str, ...]:
    """``spelling`` and every spelling with its contractions written out or contracted
    (that's <-> that is, can't <-> cannot); the spelling itself first."""
    words = spelling.split(" ")
    if len(words) == 1 and not any(a in spelling for a in APOSTROPHES):
        return (spelling,)
    choices: list[tuple[str, ...]] = []
    index = 0
    while index < len(words):
        word = words[index]
        key = _plain(word)
        pair = tuple(_plain(w) for w in words[index:index + 2])
        if key in _CONTRACTED:
            choices.append((word, *_CONTRACTED[key]))
            index += 1
        elif len(pair) == 2 and pair in _EXPANDED:
            choices.append((" ".join(words[index:index + 2]), _EXPANDED[pair]))
            index += 2
        elif key == "cannot":
            choices.append((word, "can't"))
            index += 1
        else:
            choices.append((word,))
            index += 1
    return tuple(dict.fromkeys(" ".join(combo) for combo in itertools.product(*choices)))


def _plain(word: str) -> str:
    out = word.lower()
    for mark in APOSTROPHES[1:]:
        out = out.replace(mark, "'")
    return out


__all__ = ["IRREGULAR", "contraction_variants", "inflections"]
