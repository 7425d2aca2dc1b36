"""Running test files against the small test playbook: passes, failures side by side, errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playbook.testing import Outcome, Runner, discover
from playbook.testing.results import TestResult


def run(path: Path, *patterns: str) -> list[TestResult]:
    return Runner().run_files(discover([path]), patterns).results


def line_of(path: Path, text: str) -> int:
    """The 1-based number of the first line of ``path`` containing ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def test_a_passing_test_with_convenience_keys(write_tests: Callable[..., Path]) -> None:
    path = write_tests("""
tests:
  - name: refusal
    case:
      transcript:
        - {role: agent, text: "抱歉，這是公司的規定。"}
    expect:
      taboos: [formulaic_handling]
      only_taboos: [7]
      phrases: [refusals:1]
      no_phrases: [not-my-business]
      no_taboos: [blame_shifting]
      flagged: [{taboo: 7, message_index: 0, text: 公司的規定, severity: medium}]
      cap: "120.00"
      escalation_level: agent
      escalate: false
      severity: medium
      priority: P3
      compensation: {remedies: {contains: [refund]}}
      decision: {case_id: refusal, playbook: mini}
""")
    [result] = run(path)
    assert result.outcome is Outcome.PASSED, result.mismatches


def test_a_failing_test_lists_expected_and_actual_in_the_order_written(write_tests: Callable[..., Path]) -> None:
    path = write_tests("""
tests:
  - name: wrong
    note: written to fail
    case:
      transcript:
        - {role: agent, text: "抱歉，這是公司的規定。"}
    expect:
      cap: 150
      taboos: [blame_shifting]
      violations: []
""")
    [result] = run(path)
    assert result.outcome is Outcome.FAILED and result.note == "written to fail"
    cap, taboos, violations = result.mismatches
    assert (cap.what, cap.expected, cap.actual) == ("cap", 150, "120.00")
    assert cap.note == "basis: min(200, 3 × 40)" and cap.span is not None
    assert cap.span.line == line_of(path, "cap: 150")
    assert (taboos.expected, taboos.actual) == (["blame_shifting"], ["formulaic_handling"])
    assert violations.actual == ["formulaic_handling/refusal @msg 0 “這是公司的規定” [refusals:1]"]


def test_message_annotations_must_flag_and_must_not_flag(write_tests: Callable[..., Path]) -> None:
    path = write_tests("""
tests:
  - name: annotated
    case:
      transcript:
        - {role: agent, text: "不关我的事", expect: {flags: [blame_shifting, not-my-business, 1]}}
        - {role: agent, text: "我不会让您失望", expect: {clean: true}}
        - {role: agent, text: "我不会", expect: {no_flags: [blame_shifting]}}
  - name: annotated wrongly
    case:
      transcript:
        - {role: agent, text: "不关我的事", expect: {clean: true}}
        - {role: agent, text: "抱歉", expect: {flags: [cold_attitude]}}
        - {role: agent, text: "我不会", expect: {no_flags: [cold_attitude]}}
""")
    good, bad = run(path)
    assert good.outcome is Outcome.PASSED, good.mismatches
    assert [m.what for m in bad.mismatches] == ["transcript[0] clean", "transcript[1] flags", "transcript[2] no_flags"]
    assert bad.mismatches[1].actual == "not flagged"
    assert bad.mismatches[0].span.line == line_of(path, "不关我的事\", expect: {clean")


def test_a_case_file_and_defaults(write_tests: Callable[..., Path], project: Path) -> None:
    (project / "tests" / "cases").mkdir()
    (project / "tests" / "cases" / "vip.json").write_text(
        '{"id": "vip", "fault": "company", "customer": {"tier": "A", "order_amount": "10"}, "harm": {"physical": true}}',
        encoding="utf-8")
    path = write_tests("""
tests:
  - name: from a file
    case_file: cases/vip.json
    expect: {cap: "60.00", escalation_level: manager, severity: critical}
  - name: defaults alone
    expect: {case_id: defaults alone, compensation: {tier: B, fault: company}}
""")
    assert [r.outcome for r in run(path)] == [Outcome.PASSED, Outcome.PASSED]


def test_load_error_tests(write_tests: Callable[..., Path], project: Path) -> None:
    (project / "tests" / "broken.yaml").write_text(
        "extends: ../mini.yaml\ntaboos:\n  - {id: delay, checks: [{id: x, kind: phrases, phrase_sets: [nope]}]}\n",
        encoding="utf-8")
    path = write_tests("""
load_errors:
  - name: right code and place
    playbook: broken.yaml
    expect_error: {code: unknown-phrase-set, phase: compile, file: broken.yaml, line: 3, column: 63}
  - name: wrong code
    playbook: broken.yaml
    expect_error: {code: unknown-fact}
  - name: loads fine
    playbook: ../mini.yaml
    expect_error: {code: unknown-fact}
  - name: missing file
    playbook: nowhere.yaml
    expect_error: {code: unknown-fact}
""")
    right, wrong, fine, missing = run(path)
    assert right.outcome is Outcome.PASSED
    assert wrong.outcome is Outcome.FAILED and "unknown-phrase-set at" in wrong.mismatches[0].actual[0]
    assert fine.outcome is Outcome.FAILED and fine.mismatches[0].actual == "loaded without error"
    assert missing.outcome is Outcome.ERROR


def test_a_test_file_with_a_mistake_is_an_error_located_in_it(write_tests: Callable[..., Path]) -> None:
    path = write_tests("""
tests:
  - name: typo
    case: {transcript: []}
    expect: {escalaton_level: manager}
""")
    [result] = run(path)
    assert result.outcome is Outcome.ERROR and result.kind == "file"
    [diagnostic] = result.diagnostics
    assert diagnostic.code == "unknown-field" and diagnostic.span.line == line_of(path, "escalaton_level")
    assert diagnostic.hint == "did you mean 'escalation_level'?"


def test_an_invalid_case_is_an_error_located_in_the_test_file(write_tests: Callable[..., Path]) -> None:
    path = write_tests("""
tests:
  - name: bad case
    case:
      transcript:
        - {role: robot, text: hi}
        - {role: agent, text: hi, expect: {flagz: [x]}}
""")
    [result] = run(path)
    assert result.outcome is Outcome.ERROR
    lines = sorted((d.code, d.span.line) for d in result.diagnostics)
    assert lines == [("invalid-value", line_of(path, "robot")), ("unknown-field", line_of(path, "flagz"))]


def test_a_playbook_that_does_not_load_makes_each_test_an_error(write_tests: Callable[..., Path],
                                                                project: Path) -> None:
    (project / "mini.yaml").write_text("playbook: [\n", encoding="utf-8")
    path = write_tests("tests:\n  - {name: a}\n  - {name: b}\n")
    assert [r.outcome for r in run(path)] == [Outcome.ERROR, Outcome.ERROR]


def test_selection_by_name_and_default_playbook(write_tests: Callable[..., Path], project: Path) -> None:
    (project / "tests" / "mini.test.yaml").write_text(
        "tests:\n  - {name: alpha one}\n  - {name: beta two}\n  - {name: Alpha three}\n", encoding="utf-8")
    (project / "other.yaml").write_text("not a test file", encoding="utf-8")
    path = project / "tests" / "mini.test.yaml"
    (project / "tests" / "mini.test.yaml").rename(project / "mini.test.yaml")  # beside mini.yaml
    report = Runner().run_files(discover([project]), ["alpha"])
    assert [r.name for r in report.results] == ["alpha one", "Alpha three"] and report.deselected == 1
    assert all(r.outcome is Outcome.PASSED for r in report.results)
    assert [r.name for r in Runner().run_files(discover([project]), ["*two"]).results] == ["beta two"]
    assert not path.exists()


def test_a_standard_playbook_by_name(write_tests: Callable[..., Path]) -> None:
    path = write_tests("""playbook: standard:en
tests:
  - name: policy
    case: {transcript: [{role: agent, text: "Sorry, that's company policy."}]}
    expect: {taboos: [formulaic_handling]}
""", header=False)
    [result] = run(path)
    assert result.outcome is Outcome.PASSED and result.playbook.endswith("en")
