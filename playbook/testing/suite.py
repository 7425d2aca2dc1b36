"""Reading one test file: its tests with their positions, the playbook it tests, its cases.

Test files are read with the same YAML reader and validator as playbooks, so a mistake in
a test file is reported at its ``file:line:col`` with the same wording. Cases written
inline are validated against :class:`~playbook.case.Case` at their place in the test file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from playbook.case import Case
from playbook.case.io import CASE_SUFFIXES, load_case_file
from playbook.errors import CaseError, Diagnostic, SchemaError, Span
from playbook.source.files import is_inside, kind_of, path_problem
from playbook.source.loader import confining_root, read_file
from playbook.source.tree import DocPath, SourceTree
from playbook.source.validate import validate
from playbook.standard import resolve_reference

from .annotations import parse_annotations, split_annotations
from .model import CaseTest, LoadErrorTest, MessageExpect, TestFile

TEST_SUFFIXES = (".test.yaml", ".test.yml")
TESTS_FOLDER = "tests"


@dataclass(frozen=True, slots=True)
class Suite:
    """A validated test file, with the positions of everything in it."""

    file: Path
    model: TestFile
    tree: SourceTree

    @property
    def name(self) -> str:
        return str(self.file)

    def span(self, path: DocPath) -> Span | None:
        return self.tree.span_of(path, prefer="key")

    def test_span(self, index: int) -> Span | None:
        return self.tree.span_of(("tests", index), prefer="value")

    def load_error_span(self, index: int) -> Span | None:
        return self.tree.span_of(("load_errors", index), prefer="value")

    def written_keys(self, path: DocPath) -> list[str]:
        """The keys of the mapping at ``path`` in the order the file has them."""
        node: Any = self.tree.data
        for step in path:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                return []
        return [str(key) for key in node] if isinstance(node, dict) else []

    def playbook_path(self) -> Path:
        """The playbook under test (see :attr:`TestFile.playbook` for the default)."""
        written = self.model.playbook
        if written is not None and written.startswith("standard:"):
            return resolve_reference(written)
        if written is not None:
            return (self.file.parent / written).resolve()
        return default_playbook(self.file)

    def relative(self, path: str) -> Path:
        """A path written in the test file, relative to the file's folder."""
        return (self.file.parent / path).resolve()


def default_playbook(test_file: Path) -> Path:
    """The folder above ``tests/``; else ``<name>.yaml`` beside ``<name>.test.yaml``; else the folder."""
    folder = test_file.resolve().parent
    if folder.name == TESTS_FOLDER:
        return folder.parent
    for suffix in TEST_SUFFIXES:
        if test_file.name.endswith(suffix):
            stem = test_file.name[: -len(suffix)]
            for extension in (".yaml", ".yml", ".json"):
                candidate = folder / (stem + extension)
                if candidate.is_file():
                    return candidate
    return folder


def read_suite(path: Path) -> Suite:
    """Read and validate a test file. Raises LoadError or SchemaError, located."""
    tree = read_file(path)
    model, diagnostics = validate(TestFile, tree)
    if model is None:
        raise SchemaError(diagnostics)
    return Suite(Path(path), model, tree)


@dataclass(frozen=True, slots=True)
class PreparedCase:
    """A test's case, ready to evaluate, with the annotations taken out of its transcript."""

    case: Case
    annotations: dict[int, MessageExpect]


def prepare_case(suite: Suite, index: int) -> PreparedCase:
    """The case of test ``index``. Raises CaseError/LoadError located in the test or case file."""
    test: CaseTest = suite.model.tests[index]
    if test.case_file is not None:
        return PreparedCase(_case_from_file(suite, index, test.case_file), {})
    prefix: DocPath = ("tests", index, "case")
    data = _merged(suite.model.defaults, test.case or {})
    data.setdefault("id", test.name)
    data, raw = split_annotations(data)
    annotations, bad = parse_annotations(raw)
    diagnostics: list[Diagnostic] = []
    for message_index in sorted(bad):
        where = prefix + ("transcript", message_index, "expect")
        _, found = validate(MessageExpect, _subtree(suite.tree, where, raw[message_index]))
        diagnostics.extend(found)
    case, found = validate(Case, _subtree(suite.tree, prefix, data))
    diagnostics.extend(found)
    if case is None or diagnostics:
        raise CaseError(diagnostics)
    return PreparedCase(case, annotations)


def _case_from_file(suite: Suite, index: int, name: str) -> Case:
    """The one case in a test's ``case_file``, every problem located at that line.

    The file is looked at before it is opened (a FIFO would block, a device never ends),
    must be a case file by its name (so an error never quotes, say, ``/etc/passwd``) and
    must lie inside the test file's project root unless outside files are allowed (checked
    first, so the answer for a path outside does not tell whether it exists).
    """
    span = suite.span(("tests", index, "case_file"))
    path = suite.relative(name)

    def refuse(code: str, why: str, hint: str | None = None) -> CaseError:
        return CaseError(Diagnostic(code=code, message=f"case_file {name[:120]} {why}", span=span, hint=hint))

    problem = path_problem(path)
    # before the path is looked at, so that outside the root a missing file, /etc/passwd and
    # a device get the same answer and a test file cannot probe which paths exist
    root = confining_root(suite.file)
    if problem is None and root is not None and not is_inside(path, root):
        raise refuse("case-file-outside", f"is outside the project root {root}",
                     f"case files must lie inside {root}; run with --allow-outside to allow it")
    kind = problem if problem is not None else kind_of(path)
    if kind == "missing" and os.path.islink(suite.file.parent / name):
        kind = "a dangling symbolic link"  # resolving the path followed the link to nothing
    if kind == "missing":
        raise refuse("case-file-not-found", f"not found: {path}", "case files are found relative to the test file")
    if kind != "file":
        raise refuse("case-file-unreadable", f"cannot be read: it is {'a folder' if kind == 'folder' else kind}")
    if not path.name.endswith(CASE_SUFFIXES):
        raise refuse("case-file-unreadable", "is not a case file: a case file is .json, .yaml, .yml or .jsonl")
    try:
        cases = load_case_file(path)
    except OSError as exc:
        raise refuse("case-file-unreadable", f"cannot be read: {exc.strerror or exc}") from None
    except CaseError as exc:
        raise CaseError([d if d.span is not None else replace(d, span=span) for d in exc.diagnostics]) from None
    if len(cases) != 1:
        raise CaseError(
            Diagnostic(
                code="case-file-count",
                message=f"case_file {name} holds {len(cases)} cases; a test names exactly one",
                span=suite.span(("tests", index, "case_file")),
                hint="split the file, or write the case inline",
            )
        )
    return cases[0]


def _merged(defaults: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    """``defaults`` deep-merged under ``case``: mappings merge, anything else the case wins."""
    out = dict(defaults)
    for key, value in case.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out


def _subtree(tree: SourceTree, prefix: DocPath, data: Any) -> SourceTree:
    """``data`` with the positions the test file recorded under ``prefix``, re-rooted."""
    size = len(prefix)
    positions = {path[size:]: span for path, span in tree.positions.items() if path[:size] == prefix}
    return SourceTree(data=data, positions=positions, file=tree.file)


def is_test_file(path: Path) -> bool:
    return path.name.endswith(TEST_SUFFIXES)


__all__ = ["LoadErrorTest", "PreparedCase", "Suite", "default_playbook", "is_test_file", "prepare_case", "read_suite"]
