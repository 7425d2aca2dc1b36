"""The floor's text work: one multi-pattern scan of the raw transcript with the playbook's
literal phrases (and their traditional spellings), no normalisation.

Hyperscan when it is installed, else pyahocorasick. This is the least any engine must do to
find phrases; it deliberately does not see through spacing, punctuation or quotes, so it is
a lower bound on cost, not an equal in what it finds.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence

RawHit = tuple[int, int, int]  # (phrase key, start, end) in one message; offsets in bytes or chars
Scanner = Callable[[Sequence[str]], list[list[RawHit]]]


def literal_patterns(phrases: Sequence[tuple[int, str]], to_traditional: Callable[[str], str]) -> list[tuple[int, str]]:
    """Each phrase as written and, when it differs, in traditional characters."""
    out: list[tuple[int, str]] = []
    seen: set[tuple[int, str]] = set()
    for key, text in phrases:
        for variant in (text, to_traditional(text)):
            if variant and (key, variant) not in seen:
                seen.add((key, variant))
                out.append((key, variant))
    return out


def build_scanner(patterns: Sequence[tuple[int, str]], prefer: str = "hyperscan") -> tuple[str, Scanner]:
    """A function scanning all messages at once: joined by a newline, one scan, hits mapped
    back to their message. Returns the engine's name and the function."""
    if prefer == "hyperscan":
        try:
            return "hyperscan", _hyperscan(patterns)
        except ImportError:
            pass
    return "pyahocorasick", _ahocorasick(patterns)


def _hyperscan(patterns: Sequence[tuple[int, str]]) -> Scanner:
    import hyperscan

    keys = [key for key, _ in patterns]
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=[text.encode("utf-8") for _, text in patterns],
        ids=list(range(len(patterns))),
        elements=len(patterns),
        flags=hyperscan.HS_FLAG_SOM_LEFTMOST,
        literal=True,
    )
    scratch = hyperscan.Scratch(database)

    def scan(messages: Sequence[str]) -> list[list[RawHit]]:
        encoded = [m.encode("utf-8") for m in messages]
        starts = []
        position = 0
        for data in encoded:
            starts.append(position)
            position += len(data) + 1
        per_message: list[list[RawHit]] = [[] for _ in messages]

        def on_match(pattern: int, start: int, end: int, flags: int, context: object) -> None:
            index = bisect_right(starts, start) - 1
            base = starts[index]
            per_message[index].append((keys[pattern], start - base, end - base))

        database.scan(b"\n".join(encoded), match_event_handler=on_match, scratch=scratch)
        return per_message

    return scan


def _ahocorasick(patterns: Sequence[tuple[int, str]]) -> Scanner:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    by_text: dict[str, list[int]] = {}
    for key, text in patterns:
        by_text.setdefault(text, []).append(key)
    for text, keys in by_text.items():
        automaton.add_word(text, (len(text), tuple(keys)))
    automaton.make_automaton()

    def scan(messages: Sequence[str]) -> list[list[RawHit]]:
        starts = []
        position = 0
        for message in messages:
            starts.append(position)
            position += len(message) + 1
        per_message: list[list[RawHit]] = [[] for _ in messages]
        for end, (length, keys) in automaton.iter("\n".join(messages)):
            start = end - length + 1
            index = bisect_right(starts, start) - 1
            base = starts[index]
            for key in keys:
                per_message[index].append((key, start - base, end + 1 - base))
        return per_message

    return scan
