"""The engine's time split in two: the phrase matcher's scans, and everything else.

The matcher is replaced by one that replays the hits it found for this case (a dict lookup),
on a copy of the compiled playbook; the copy is otherwise the same frozen object. The
difference between the two rows says whether to look at the matcher or at the stages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from playbook.engine import evaluate


@dataclasses.dataclass(frozen=True)
class ReplayMatcher:
    """A matcher that returns what the real one found, for the texts it was shown."""

    found: dict[str, tuple]

    def scan(self, text: str) -> tuple:
        return self.found[text]

    def scan_many(self, texts: list[str]) -> tuple:
        found = self.found
        return tuple(found[text] for text in texts)


def scans_only(playbook: Any, case: Any) -> Callable[[], Any]:
    scan_many = playbook.compiled.phrases.matcher.scan_many
    texts = [m.text for m in case.transcript]
    return lambda: scan_many(texts)


def all_but_the_scan(playbook: Any, case: Any) -> Callable[[], Any]:
    compiled = playbook.compiled
    matcher = compiled.phrases.matcher
    replay = ReplayMatcher({m.text: matcher.scan(m.text) for m in case.transcript})
    phrases = dataclasses.replace(compiled.phrases, matcher=replay)
    copy = dataclasses.replace(compiled, phrases=phrases)
    return lambda: evaluate(copy, case)
