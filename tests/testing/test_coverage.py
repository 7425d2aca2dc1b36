"""What suites cover of a playbook's taboos and forbidden phrases, read from expectations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playbook.api import read_source, validate_source
from playbook.testing import coverage, forbidden_phrase_ids, read_suite

from .conftest import MINI


def test_forbidden_phrase_ids_include_generated_ones() -> None:
    source = validate_source(read_source(MINI))
    assert forbidden_phrase_ids(source) == ["not-my-business", "ask-maker", "not-my-problem", "i-wont"]


def test_expectations_and_annotations_count_as_coverage(write_tests: Callable[..., Path]) -> None:
    path = write_tests("""
tests:
  - name: a
    case:
      transcript:
        - {role: agent, text: 不关我的事, expect: {flags: [not-my-business]}}
        - {role: agent, text: 我不会, expect: {no_flags: [i-wont]}}
    expect:
      taboos: [2]
      flagged: [{phrase: ask-maker}, {rule: delay/sla}]
      violations: {contains: [{evidence: {contains: [{phrase_id: not-my-problem}]}}],
                   not_contains: [{taboo: cold_attitude}]}
""")
    found = coverage(validate_source(read_source(MINI)), [read_suite(path)])
    assert found.missing_phrases == ("i-wont",)
    assert found.missing_taboos == ("blame_shifting", "careless_promises", "cold_attitude", "formulaic_handling")
    assert not found.complete
