"""Which taboos and forbidden phrases a playbook's test suites exercise.

Read statically from the expectations (nothing is generated or run), so the question
"does every taboo and every forbidden phrase have a test that expects it to fire?" can be
answered by a test of its own, and by ``playbook test --coverage``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from playbook.model.playbook import PlaybookSource

from .annotations import split_annotations
from .model import Expect
from .suite import Suite


@dataclass(frozen=True, slots=True)
class Coverage:
    """Taboos and forbidden phrase ids with no test expecting them, and those with one."""

    taboos: tuple[str, ...]
    phrases: tuple[str, ...]
    missing_taboos: tuple[str, ...]
    missing_phrases: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing_taboos and not self.missing_phrases


def forbidden_phrase_ids(source: PlaybookSource) -> list[str]:
    """Ids of every phrase in every forbidden set, as violations' evidence names them."""
    ids = []
    for phrase_set in source.phrase_sets:
        if str(phrase_set.kind) != "forbidden":
            continue
        for position, phrase in enumerate(phrase_set.phrases, start=1):
            ids.append(f"{phrase_set.id}:{position}" if isinstance(phrase, str) else phrase.id)
    return ids


def expected_labels(suite: Suite) -> set[str | int]:
    """Every taboo id or number, rule id and phrase id some test of ``suite`` expects to fire."""
    labels: set[str | int] = set()
    for test in suite.model.tests:
        labels |= _from_expect(test.expect)
        if test.case:
            _, raw = split_annotations(test.case)
            for annotation in raw.values():
                if isinstance(annotation, dict):
                    labels.update(x for x in annotation.get("flags") or [] if isinstance(x, (str, int)))
    return labels


def _from_expect(expect: Expect) -> set[str | int]:
    labels: set[str | int] = set()
    for key in ("taboos", "only_taboos", "phrases"):
        labels.update(getattr(expect, key) or [])
    for flag in expect.flagged or []:
        labels.update(x for x in (flag.taboo, flag.rule, flag.phrase) if x is not None)
    if isinstance(expect.violations, (list, dict)):
        labels |= _labels_in(expect.violations)
    return labels


def _labels_in(value: Any) -> set[str | int]:
    """Taboo and phrase ids named anywhere in a subset expectation of violations."""
    found: set[str | int] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("taboo", "rule", "phrase_id") and isinstance(item, (str, int)):
                found.add(item)
            elif key != "not_contains":
                found |= _labels_in(item)
    elif isinstance(value, list):
        for item in value:
            found |= _labels_in(item)
    return found


def coverage(source: PlaybookSource, suites: Iterable[Suite]) -> Coverage:
    """What the suites cover of ``source``'s taboos and forbidden phrases."""
    labels: set[str | int] = set()
    for suite in suites:
        labels |= expected_labels(suite)
    numbers = {t.number: t.id for t in source.taboos if t.number is not None}
    named = {numbers.get(x, x) if isinstance(x, int) else x for x in labels}
    named |= {str(x).split("/", 1)[0] for x in labels if isinstance(x, str) and "/" in x}
    taboos = [t.id for t in source.taboos]
    phrases = forbidden_phrase_ids(source)
    return Coverage(
        taboos=tuple(taboos),
        phrases=tuple(phrases),
        missing_taboos=tuple(t for t in taboos if t not in named),
        missing_phrases=tuple(p for p in phrases if p not in named),
    )
