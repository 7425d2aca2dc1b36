"""Hot reload: a holder that always serves one complete compiled playbook.

An app that runs for days (a service, a bot) keeps a :class:`PlaybookHandle` instead of a
:class:`~playbook.api.Playbook`. ``handle.current`` is always one whole, compiled,
tested version; :meth:`PlaybookHandle.reload` loads and compiles the new version off to
the side, runs the playbook's own tests (``*.test.yaml``) against it, and only then swaps
it in with one assignment. A version that does not load or fails its tests is refused: the
old one keeps serving, and the refusal carries the located diagnostics.

>>> handle = PlaybookHandle.open("rules/zh")             # doctest: +SKIP
>>> loaded = handle.current                               # take it once per request...
>>> decision = loaded.playbook.evaluate(case)             # ...so one decision sees one version
>>> result = handle.reload()                              # after the files changed
>>> result.accepted, [d.format() for d in result.diagnostics]

Readers never lock: they read one attribute, which is atomic, and keep the object they
got for as long as they need it. Reloads are serialised by a lock of this handle only;
two handles share nothing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from playbook.api import Playbook
from playbook.errors import Diagnostic, PlaybookError, Severity
from playbook.standard import resolve_reference
from playbook.testing import Outcome, Runner, discover
from playbook.testing.results import TestResult

Loader = Callable[[Path], Playbook]


@dataclass(frozen=True, slots=True)
class Loaded:
    """One version of the playbook as it is served: never changes once built."""

    playbook: Playbook
    loaded_at: datetime
    generation: int
    tests_passed: int = 0

    @property
    def id(self) -> str:
        return self.playbook.id

    @property
    def version(self) -> str:
        return self.playbook.version

    @property
    def content_hash(self) -> str:
        return self.playbook.content_hash

    def describe(self) -> dict[str, Any]:
        """What an API shows about the version it serves."""
        return {
            "id": self.id,
            "version": self.version,
            "content_hash": self.content_hash,
            "loaded_at": self.loaded_at.isoformat(),
            "generation": self.generation,
            "tests_passed": self.tests_passed,
        }


@dataclass(frozen=True, slots=True)
class ReloadResult:
    """What one reload did. ``current`` is the version serving after it, swapped or not."""

    accepted: bool
    reason: str  # 'loaded' | 'unchanged' | 'load-failed' | 'tests-failed'
    current: Loaded
    diagnostics: tuple[Diagnostic, ...] = ()
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "reason": self.reason,
            "playbook": self.current.describe(),
            "diagnostics": [{**d.to_dict(), "text": d.format()} for d in self.diagnostics],
            "seconds": round(self.seconds, 4),
        }


@dataclass
class ReloadStats:
    """Counters of one handle (kept on the handle, never in module state)."""

    accepted: int = 0
    unchanged: int = 0
    refused: int = 0
    refused_by_reason: dict[str, int] = field(default_factory=dict)
    last_refusal: ReloadResult | None = None
    last_refused_at: datetime | None = field(default=None)


class PlaybookHandle:
    """Holds the served version of a playbook at ``path`` and replaces it when asked."""

    def __init__(self, path: str | Path, *, run_tests: bool = True, loader: Loader | None = None) -> None:
        """Load the first version. Raises :class:`~playbook.errors.PlaybookError` when it does
        not load or fails its own tests: a service must not start on a broken playbook."""
        self._path = Path(path)
        self._root = self._path.resolve()
        self._run_tests = run_tests
        self._load: Loader = loader or Playbook.load
        self._lock = threading.Lock()
        self.stats = ReloadStats()
        playbook, diagnostics, passed = self._prepare()
        if playbook is None:
            raise PlaybookError(diagnostics)
        self._current = Loaded(playbook, _now(), 1, passed)

    @classmethod
    def open(cls, spec: str | Path, **options: Any) -> PlaybookHandle:
        """A handle on a path, or on ``standard:zh`` / ``standard:en``."""
        if isinstance(spec, str) and spec.startswith("standard:"):
            return cls(resolve_reference(spec), **options)
        return cls(spec, **options)

    # -- reading --------------------------------------------------------------------

    @property
    def current(self) -> Loaded:
        """The version serving now. Take it once and use it for the whole request."""
        return self._current

    @property
    def path(self) -> Path:
        return self._path

    def watched_files(self) -> set[Path]:
        """Files whose change may change the playbook: its sources and its test files."""
        files = {Path(source).resolve() for source in self._tree_sources()}
        files.update(path.resolve() for path in self.test_files())
        if self._root.is_file():
            files.add(self._root)
        return files

    def watched_folders(self) -> set[Path]:
        """Folders to watch: the playbook folder (new files count), and each source's folder."""
        folders = {file.parent for file in self.watched_files()}
        if self._root.is_dir():
            folders.add(self._root)
        return folders

    def test_files(self) -> list[Path]:
        """The playbook's own tests: ``tests/`` of a folder playbook, ``NAME.test.yaml``
        beside a file playbook."""
        if self._root.is_dir():
            folder = self._root / "tests"
            return discover([folder]) if folder.is_dir() else []
        stem = self._root.name.rsplit(".", 1)[0]
        found = [self._root.with_name(stem + suffix) for suffix in (".test.yaml", ".test.yml")]
        return [path for path in found if path.is_file()]

    # -- replacing ------------------------------------------------------------------

    def reload(self) -> ReloadResult:
        """Load, compile and test the playbook as it is on disk now; swap it in if it passes.

        Never raises for a bad playbook: the result says why it was refused. Concurrent
        calls run one after another.
        """
        with self._lock:
            start = time.perf_counter()
            playbook, diagnostics, passed = self._prepare()
            old = self._current
            if playbook is None:
                result = ReloadResult(False, _refusal_reason(diagnostics), old, diagnostics,
                                      time.perf_counter() - start)
                self.stats.refused += 1
                self.stats.refused_by_reason[result.reason] = self.stats.refused_by_reason.get(result.reason, 0) + 1
                self.stats.last_refusal = result
                self.stats.last_refused_at = _now()
                return result
            if playbook.content_hash == old.content_hash:
                self.stats.unchanged += 1
                return ReloadResult(True, "unchanged", old, diagnostics, time.perf_counter() - start)
            self._current = Loaded(playbook, _now(), old.generation + 1, passed)
            self.stats.accepted += 1
            return ReloadResult(True, "loaded", self._current, diagnostics, time.perf_counter() - start)

    def _prepare(self) -> tuple[Playbook | None, tuple[Diagnostic, ...], int]:
        """The candidate version, or None with the diagnostics that refuse it."""
        try:
            candidate = self._load(self._path)
        except PlaybookError as error:
            return None, error.diagnostics, 0
        if not self._run_tests:
            return candidate, candidate.diagnostics, 0
        try:
            files = self.test_files()
        except PlaybookError as error:
            return None, error.diagnostics, 0
        if not files:
            return candidate, candidate.diagnostics, 0
        report = Runner(load=self._loader_with(candidate)).run_files(files)
        failures = tuple(_test_failure(result) for result in report.results if result.outcome is not Outcome.PASSED)
        if failures:
            return None, failures, report.passed
        return candidate, candidate.diagnostics, report.passed

    def _loader_with(self, candidate: Playbook) -> Loader:
        """The runner's loader: the candidate for this playbook's path, disk for any other."""
        root, load = self._root, self._load

        def load_for_tests(path: Path) -> Playbook:
            return candidate if Path(path).resolve() == root else load(path)

        return load_for_tests

    def _tree_sources(self) -> list[str]:
        tree = self._current.playbook.tree
        return list(tree.sources) if tree is not None else []

    def __repr__(self) -> str:
        loaded = self._current
        return f"PlaybookHandle({str(self._path)!r}, id={loaded.id!r}, version={loaded.version!r})"


def _test_failure(result: TestResult) -> Diagnostic:
    """A failing or erroring playbook test as one located diagnostic."""
    details = [f"{m.what}: expected {m.expected!r}, got {m.actual!r}" for m in result.mismatches]
    details.extend(d.format() for d in result.diagnostics)
    span = result.span or next((m.span for m in result.mismatches if m.span is not None), None)
    verb = "failed" if result.outcome is Outcome.FAILED else "could not run"
    return Diagnostic(
        code="playbook-test-failed",
        message=f"playbook test '{result.name}' {verb}" + (": " + "; ".join(details[:3]) if details else ""),
        severity=Severity.ERROR,
        span=span,
        hint="fix the playbook or its test; the version serving now stays in place",
    )


def _refusal_reason(diagnostics: tuple[Diagnostic, ...]) -> str:
    return "tests-failed" if any(d.code == "playbook-test-failed" for d in diagnostics) else "load-failed"


def _now() -> datetime:
    return datetime.now(timezone.utc)


__all__ = ["Loaded", "PlaybookHandle", "ReloadResult", "ReloadStats"]
