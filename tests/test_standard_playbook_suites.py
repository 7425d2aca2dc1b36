"""The standard playbooks' own test suites (rules/*/tests/*.test.yaml), run under pytest.

Each playbook test is one pytest test, so ``python -m pytest`` (what .ci/run runs) fails
when a playbook test fails, and names it. The coverage tests read the playbooks' taboos and
forbidden phrases and the suites' expectations: every taboo and every forbidden phrase must
have a test that expects it to fire, in several spellings, next to innocent texts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook.api import read_source, validate_source
from playbook.errors import PlaybookError
from playbook.testing import Outcome, Runner, Suite, TestResult, coverage, read_suite
from playbook.testing.annotations import split_annotations
from playbook.testing.report.values import show

RULES = Path(__file__).resolve().parents[1] / "rules"
LANGUAGES = ("zh", "en")


def _suite_files(language: str) -> list[Path]:
    return sorted((RULES / language / "tests").glob("*.test.yaml"))


def _collect() -> list[object]:
    params: list[object] = []
    for language in LANGUAGES:
        for file in _suite_files(language):
            label = f"{language}/{file.name.removesuffix('.test.yaml')}"
            try:
                suite = read_suite(file)
            except PlaybookError as error:
                params.append(pytest.param(file, "file", 0, error, id=f"{label}::<test file>"))
                continue
            params += [pytest.param(file, "case", i, None, id=f"{label}::{t.name}")
                       for i, t in enumerate(suite.model.tests)]
            params += [pytest.param(file, "load_error", i, None, id=f"{label}::{t.name}")
                       for i, t in enumerate(suite.model.load_errors)]
    return params


@pytest.fixture(scope="session")
def runner() -> Runner:
    """One runner for the session: each standard playbook is compiled once."""
    return Runner()


@pytest.fixture(scope="session")
def suites() -> dict[Path, Suite]:
    """Suites read once for the session, by file (filled as tests ask for them)."""
    return {}


def explain_failure(result: TestResult) -> str:
    """The failure as ``playbook test`` would show it: each expectation, expected and actual."""
    lines = [f"{result.outcome.value}: {result.test_id} ({result.span})"]
    if result.note:
        lines.append(f"note: {result.note}")
    for mismatch in result.mismatches:
        lines.append(f"{mismatch.what} ({mismatch.span}): expected {show(mismatch.expected)}"
                     f" | actual {show(mismatch.actual)}" + (f" ({mismatch.note})" if mismatch.note else ""))
    lines += [d.format() for d in result.diagnostics]
    return "\n".join(lines)


def check(result: TestResult) -> None:
    if result.outcome is not Outcome.PASSED:
        pytest.fail(explain_failure(result), pytrace=False)


@pytest.mark.parametrize("file, kind, index, problem", _collect())
def test_playbook_test(runner: Runner, suites: dict[Path, Suite], file: Path, kind: str, index: int,
                       problem: PlaybookError | None) -> None:
    if problem is not None:
        pytest.fail("\n".join(d.format() for d in problem.diagnostics), pytrace=False)
    suite = suites.get(file) or suites.setdefault(file, read_suite(file))
    check(runner.run_case(suite, index) if kind == "case" else runner.run_load_error(suite, index))


def _suites(language: str) -> list[Suite]:
    return [read_suite(file) for file in _suite_files(language)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_taboo_and_forbidden_phrase_is_tested(language: str) -> None:
    source = validate_source(read_source(RULES / language))
    found = coverage(source, _suites(language))
    assert found.taboos and found.phrases
    assert found.missing_taboos == (), f"taboos without a test: {found.missing_taboos}"
    assert found.missing_phrases == (), f"forbidden phrases without a test: {found.missing_phrases}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_forbidden_phrase_is_flagged_in_several_spellings(language: str) -> None:
    source = validate_source(read_source(RULES / language))
    texts = {}
    for phrase_set in source.phrase_sets:
        if str(phrase_set.kind) == "forbidden":
            for position, phrase in enumerate(phrase_set.phrases, start=1):
                ident = f"{phrase_set.id}:{position}" if isinstance(phrase, str) else phrase.id
                texts[ident] = phrase if isinstance(phrase, str) else phrase.text
    said: dict[str, list[str]] = {ident: [] for ident in texts}
    for suite in _suites(language):
        for test in suite.model.tests:
            transcript = (test.case or {}).get("transcript") or []
            _, raw = split_annotations(test.case or {})
            for index, annotation in raw.items():
                for flag in (annotation or {}).get("flags", []):
                    if flag in said:
                        said[flag].append(transcript[index]["text"])
    for ident, messages in said.items():
        assert len(messages) >= 3, f"{ident} is flagged in {len(messages)} messages; write at least 3 spellings"
        assert any(texts[ident] not in message for message in messages), f"{ident} is only tested as written"


@pytest.mark.parametrize("language", LANGUAGES)
def test_innocent_texts_are_tested(language: str) -> None:
    clean = 0
    for suite in _suites(language):
        for test in suite.model.tests:
            _, raw = split_annotations(test.case or {})
            clean += sum(1 for a in raw.values() if isinstance(a, dict) and a.get("clean"))
    assert clean >= 10, f"only {clean} innocent messages in the {language} suites"


def test_a_failing_playbook_test_fails_here(tmp_path: Path, runner: Runner) -> None:
    suite_file = tmp_path / "tests" / "wrong.test.yaml"
    suite_file.parent.mkdir()
    suite_file.write_text(
        f"playbook: {RULES / 'zh'}\ntests:\n  - name: wrong\n    case: {{transcript: []}}\n"
        "    expect: {escalation_level: director}\n", encoding="utf-8")
    result = runner.run_case(read_suite(suite_file), 0)
    with pytest.raises(pytest.fail.Exception) as failure:
        check(result)
    assert "escalation_level" in str(failure.value) and "expected director | actual agent" in str(failure.value)
