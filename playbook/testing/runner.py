"""Running playbook tests: each case evaluated, each broken playbook loaded, results as data."""

from __future__ import annotations

import fnmatch
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from playbook.api import Playbook
from playbook.errors import Diagnostic, PlaybookError
from playbook.source.files import is_inside, kind_of, path_problem
from playbook.source.loader import BASE_SUFFIXES, confining_root

from .annotations import check_annotations
from .expect import TabooNames, check_expect
from .model import ExpectedError
from .results import Mismatch, Outcome, RunReport, TestResult
from .suite import Suite, prepare_case, read_suite

Loader = Callable[[Path], Playbook]


def name_selected(name: str, patterns: Sequence[str]) -> bool:
    """True when no pattern is given, or ``name`` matches one: a glob, else a substring (any case)."""
    if not patterns:
        return True
    lowered = name.lower()
    for pattern in patterns:
        wanted = pattern.lower()
        if any(ch in wanted for ch in "*?["):
            if fnmatch.fnmatchcase(lowered, wanted):
                return True
        elif wanted in lowered:
            return True
    return False


@dataclass
class Runner:
    """Runs suites. Loaded playbooks are cached per run (one Runner per run: nothing shared)."""

    load: Loader = Playbook.load
    _playbooks: dict[Path, Playbook | PlaybookError] = field(default_factory=dict)

    def playbook(self, path: Path) -> Playbook:
        """The playbook at ``path``, loaded once per runner. Raises its PlaybookError every time."""
        key = path.resolve()
        if key not in self._playbooks:
            try:
                self._playbooks[key] = self.load(key)
            except PlaybookError as error:
                self._playbooks[key] = error
        found = self._playbooks[key]
        if isinstance(found, PlaybookError):
            raise found
        return found

    def run_files(self, files: Iterable[Path], patterns: Sequence[str] = (), jobs: int | None = 1,
                  inline_up_to: int = 0) -> RunReport:
        """Run every file, over ``jobs`` worker processes (each with its own runner) when
        more than one; the results are in file order whatever ``jobs`` is."""
        from playbook.parallel import ordered_map

        report = RunReport()
        parts = ordered_map(partial(_run_one_file, patterns=tuple(patterns)), files, playbook=self,
                            jobs=jobs, chunk_size=1, inline_up_to=inline_up_to)
        for part in parts:
            report.results.extend(part.results)
            report.deselected += part.deselected
        return report

    def run_file(self, file: Path, report: RunReport, patterns: Sequence[str] = ()) -> None:
        start = time.perf_counter()
        try:
            suite = read_suite(file)
        except PlaybookError as error:
            report.results.append(TestResult(
                file=str(file), name="<test file>", kind="file", outcome=Outcome.ERROR,
                diagnostics=error.diagnostics, seconds=time.perf_counter() - start,
                note="the test file could not be read"))
            return
        for index, case_test in enumerate(suite.model.tests):
            if name_selected(case_test.name, patterns):
                report.results.append(self.run_case(suite, index))
            else:
                report.deselected += 1
        for index, load_test in enumerate(suite.model.load_errors):
            if name_selected(load_test.name, patterns):
                report.results.append(self.run_load_error(suite, index))
            else:
                report.deselected += 1

    def run_case(self, suite: Suite, index: int) -> TestResult:
        """Evaluate one test's case and compare the decision with its expectations."""
        test = suite.model.tests[index]
        start = time.perf_counter()
        playbook_path = suite.playbook_path()
        base = TestResult(file=suite.name, name=test.name, kind="case", outcome=Outcome.PASSED,
                          span=suite.test_span(index), note=test.note, playbook=str(playbook_path))
        try:
            playbook = self.playbook(playbook_path)
            prepared = prepare_case(suite, index)
            decision = playbook.evaluate(prepared.case)
        except PlaybookError as error:
            return replace(base, outcome=Outcome.ERROR, diagnostics=_located(suite, index, error),
                           seconds=time.perf_counter() - start)
        names = TabooNames({t.number: t.id for t in playbook.source.taboos if t.number is not None})
        prefix = ("tests", index, "expect")
        mismatches = check_expect(test.expect, decision, names, lambda key: suite.span(prefix + (key,)),
                                  suite.written_keys(prefix))
        mismatches.extend(check_annotations(
            prepared.annotations, decision, names,
            lambda message: suite.span(("tests", index, "case", "transcript", message, "expect"))))
        return replace(base, outcome=Outcome.FAILED if mismatches else Outcome.PASSED,
                       mismatches=tuple(mismatches), seconds=time.perf_counter() - start)

    def run_load_error(self, suite: Suite, index: int) -> TestResult:
        """Load a playbook that must fail, and compare its diagnostics with the one expected."""
        test = suite.model.load_errors[index]
        start = time.perf_counter()
        target = suite.relative(test.playbook)
        base = TestResult(file=suite.name, name=test.name, kind="load_error", outcome=Outcome.PASSED,
                          span=suite.load_error_span(index), note=test.note, playbook=str(target))
        want = test.expect_error
        refused = _load_target_problem(suite.file, target, test.playbook)
        if refused is not None:
            code, message = refused
            problem = Diagnostic(code=code, message=message, span=suite.span(("load_errors", index, "playbook")))
            return replace(base, outcome=Outcome.ERROR, diagnostics=(problem,), seconds=time.perf_counter() - start)
        try:
            self.load(target)
        except PlaybookError as error:
            if any(error_matches(want, error.phase, d) for d in error.diagnostics):
                return replace(base, seconds=time.perf_counter() - start)
            actual = [f"{d.code} at {d.location} ({error.phase}): {d.message}" for d in error.diagnostics]
            mismatch = Mismatch("expect_error", _describe_expected(want), actual,
                                suite.span(("load_errors", index, "expect_error")), "no diagnostic matches")
            return replace(base, outcome=Outcome.FAILED, mismatches=(mismatch,), diagnostics=error.diagnostics,
                           seconds=time.perf_counter() - start)
        mismatch = Mismatch("expect_error", _describe_expected(want), "loaded without error",
                            suite.span(("load_errors", index, "expect_error")))
        return replace(base, outcome=Outcome.FAILED, mismatches=(mismatch,), seconds=time.perf_counter() - start)


def _load_target_problem(test_file: Path, target: Path, written: str) -> tuple[str, str] | None:
    """Why a ``load_errors`` playbook is not loaded at all, or None.

    Looked at before anything is opened, in this order: outside the project root (the same
    answer whether or not the path exists, so a test file cannot probe the machine's
    files), missing, then anything but a folder or a playbook file (never read, so an
    error cannot quote, say, ``/etc/passwd``).
    """
    name = written[:120]
    problem = path_problem(target)
    if problem is not None:
        return "file-unreadable", f"the playbook to load cannot be named: {problem}"
    root = confining_root(test_file)
    if root is not None and not is_inside(target, root):
        return ("file-outside", f"the playbook to load, {name}, is outside the project root {root} "
                                "(run with --allow-outside to allow it)")
    kind = kind_of(target)
    if kind == "missing":
        return "file-not-found", f"the playbook to load does not exist: {target}"
    if kind == "file" and not target.name.endswith(BASE_SUFFIXES):
        return "file-unreadable", f"the playbook to load, {name}, is not a playbook file (.yaml, .yml or .json)"
    if kind not in ("file", "folder"):
        return "file-unreadable", f"the playbook to load, {name}, cannot be read: it is {kind}"
    return None


def _run_one_file(runner: Runner, file: Path, patterns: tuple[str, ...]) -> RunReport:
    part = RunReport()
    runner.run_file(file, part, patterns)
    return part


def error_matches(want: ExpectedError, phase: str, diagnostic: Diagnostic) -> bool:
    """True when ``diagnostic`` (raised in ``phase``) is the one ``want`` describes."""
    if diagnostic.code != want.code:
        return False
    if want.phase is not None and want.phase != phase:
        return False
    if want.message is not None and want.message not in diagnostic.message:
        return False
    span = diagnostic.span
    if want.file is not None and (span is None or not (span.file or "").replace("\\", "/").endswith(want.file)):
        return False
    if want.line is not None and (span is None or span.line != want.line):
        return False
    return want.column is None or (span is not None and span.column == want.column)


def _describe_expected(want: ExpectedError) -> str:
    text = want.code
    where = ":".join(str(x) for x in (want.file, want.line, want.column) if x is not None)
    if where:
        text += f" at {where}"
    if want.phase:
        text += f" ({want.phase})"
    if want.message:
        text += f" with “{want.message}”"
    return text


def _located(suite: Suite, index: int, error: PlaybookError) -> tuple[Diagnostic, ...]:
    """The error's diagnostics, one about a field of the case (a currency the playbook
    cannot convert) placed at that field of the test, or at its ``case_file`` line."""
    test = suite.model.tests[index]
    out = []
    for d in error.diagnostics:
        if d.span is None and d.path:
            where = ("tests", index, "case_file") if test.case_file is not None else ("tests", index, "case", *d.path)
            d = replace(d, span=suite.span(where) or suite.test_span(index))
        out.append(d)
    return tuple(out)
