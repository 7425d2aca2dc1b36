"""Editable copies of a standard playbook, for breaking it one way per lint test.

Edits are made on the YAML text at places found through the copy's own source positions,
so the tests keep working while the standard playbook's wording changes; each test then
reads the location of the edited node back from the copy to check where the finding points.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from playbook.api import read_source, validate_source
from playbook.errors import Diagnostic, Span
from playbook.lint import LintContext
from playbook.lint.registry import rule_by_code
from playbook.model.playbook import PlaybookSource
from playbook.source.tree import DocPath, SourceTree

RULES = Path(__file__).resolve().parents[2] / "rules"


class PlaybookCopy:
    """A copy of ``rules/<lang>`` (without its tests) in a temporary folder."""

    def __init__(self, tmp_path: Path, lang: str = "zh"):
        self.folder = tmp_path / lang
        shutil.copytree(RULES / lang, self.folder, ignore=shutil.ignore_patterns("tests"))
        self._tree: SourceTree | None = None  # read again after each edit

    # -- reading ----------------------------------------------------------------------

    def tree(self) -> SourceTree:
        if self._tree is None:
            self._tree = read_source(self.folder)
        return self._tree

    def source(self) -> PlaybookSource:
        return validate_source(self.tree())

    def span(self, path: DocPath, prefer: str = "key") -> Span:
        found = self.tree().span_of(path, prefer=prefer)  # type: ignore[arg-type]
        assert found is not None, path
        return found

    def lint(self, code: str) -> list[Diagnostic]:
        """The findings of one rule on the copy as it is now."""
        rule = rule_by_code(code)
        assert rule is not None, code
        tree = self.tree()
        return rule.run(LintContext(validate_source(tree), tree))

    # -- editing ----------------------------------------------------------------------

    def _lines(self, file: str) -> list[str]:
        return Path(file).read_text(encoding="utf-8").splitlines(keepends=True)

    def _save(self, file: str, lines: list[str]) -> None:
        Path(file).write_text("".join(lines), encoding="utf-8")
        self._tree = None

    def replace(self, path: DocPath, text: str) -> None:
        """Replace a value written on one line (a scalar or a flow collection) with ``text``."""
        spans = self.tree().node_span(path)
        assert spans is not None, path
        value = spans.value
        assert value.file and value.end_line == value.line and value.end_column, path
        lines = self._lines(value.file)
        line = lines[value.line - 1]
        lines[value.line - 1] = line[: value.column - 1] + text + line[value.end_column - 1:]
        self._save(value.file, lines)

    def delete_item(self, path: DocPath) -> None:
        """Delete a block list item (a mapping written over several lines)."""
        spans = self.tree().node_span(path)
        assert spans is not None, path
        value = spans.value
        assert value.file and value.end_line is not None
        last = value.end_line - 1 if (value.end_column or 1) > 1 else value.end_line
        lines = self._lines(value.file)
        del lines[value.line - 1: last]
        self._save(value.file, lines)

    def insert_item(self, list_path: DocPath, text: str) -> None:
        """Insert ``- text`` as the first item of a block list (so its index is 0)."""
        first = self.tree().node_span(tuple(list_path) + (0,))
        assert first is not None, list_path
        value = first.value
        assert value.file
        lines = self._lines(value.file)
        lines.insert(value.line - 1, " " * (value.column - 3) + "- " + text + "\n")
        self._save(value.file, lines)

    def insert_key(self, mapping_path: DocPath, text: str) -> None:
        """Add ``key: value`` to a block mapping, on the line after its first key."""
        spans = self.tree().node_span(mapping_path)
        assert spans is not None, mapping_path
        value = spans.value
        assert value.file
        lines = self._lines(value.file)
        lines.insert(value.line, " " * (value.column - 1) + text + "\n")
        self._save(value.file, lines)

    def write(self, name: str, text: str) -> Path:
        """Add (or replace) a file of the folder playbook."""
        path = self.folder / name
        path.write_text(text, encoding="utf-8")
        self._tree = None
        return path


def index_where(items: list, **wanted: object) -> int:
    """Index of the first model in ``items`` whose attributes equal ``wanted``."""
    for index, item in enumerate(items):
        if all(getattr(item, key) == value for key, value in wanted.items()):
            return index
    raise LookupError(wanted)


def at(finding: Diagnostic, span: Span) -> bool:
    """True when ``finding`` points at the line and column of ``span`` in the same file."""
    assert finding.span is not None
    return (Path(finding.span.file or "").name, finding.span.line, finding.span.column) == (
        Path(span.file or "").name, span.line, span.column)


MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml"


def mini_findings(code: str, edit=None) -> list[Diagnostic]:  # type: ignore[no-untyped-def]
    """The findings of one rule on the small test playbook, after ``edit`` changed its data."""
    import copy

    data = copy.deepcopy(read_source(MINI).data)
    if edit is not None:
        edit(data)
    rule = rule_by_code(code)
    assert rule is not None, code
    return rule.run(LintContext(validate_source(SourceTree(data=data))))
