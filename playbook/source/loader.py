"""Loading a playbook from disk: one file, a folder of files, and ``extends`` chains.

A playbook can be one ``.yaml``/``.yml``/``.json`` file or a folder. In a folder, every
``*.yaml``/``*.yml`` file directly inside it is part of the document, in name order;
subfolders (such as ``tests/``), hidden files and ``*.test.yaml``/``*.test.yml`` files are
not, because they hold playbook tests and drafts. How the files combine is described in
:mod:`playbook.source.merge`.

A document may say ``extends: base.yaml`` (or a list of bases) to be an overlay on other
playbooks. Paths are relative to the file that holds the ``extends`` key; ``standard:<x>``
names a built-in playbook, found through the ``resolve_builtin`` callable (which
receives the whole ``standard:<x>`` text). Several bases are applied left to right,
then the document itself. The ``extends`` key is removed from the result; the files that
contributed are listed in ``SourceTree.sources``, bases first.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from playbook.errors import Diagnostic, LoadError, Span
from playbook.source.limits import DEFAULT_LIMITS, Limits
from playbook.source.merge import Node, combine_folder, overlay, to_node, to_tree
from playbook.source.text import too_large
from playbook.source.tree import SourceTree
from playbook.source.yaml_reader import read_yaml

EXTENDS = "extends"
BUILTIN_PREFIX = "standard:"
FOLDER_SUFFIXES = (".yaml", ".yml")
TEST_SUFFIXES = (".test.yaml", ".test.yml")

BuiltinResolver = Callable[[str], Path]


def load_tree(
    path: Path, limits: Limits = DEFAULT_LIMITS, resolve_builtin: BuiltinResolver | None = None
) -> SourceTree:
    """Read the playbook at ``path`` (a file or a folder) and resolve its ``extends``.

    Raises :class:`LoadError` with every problem found in the files read.
    """
    path = Path(path)
    return _Loader(limits, resolve_builtin).load(path, ())


def read_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> SourceTree:
    """One YAML/JSON file, refused by size before it is read into memory."""
    file = str(path)
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            what = "a folder" if stat.S_ISDIR(status.st_mode) else "not a regular file"
            raise LoadError(Diagnostic(code="file-unreadable", message=f"cannot read {file}: it is {what}"))
        size = status.st_size
        if size > limits.max_bytes:
            raise too_large(file, size, limits)
        with path.open("rb") as handle:
            raw = handle.read(limits.max_bytes + 1)
    except FileNotFoundError:
        raise LoadError(Diagnostic(code="file-not-found", message=f"file not found: {file}")) from None
    except OSError as exc:
        raise LoadError(
            Diagnostic(code="file-unreadable", message=f"cannot read {file}: {exc.strerror or exc}")
        ) from None
    if len(raw) > limits.max_bytes:
        raise too_large(file, len(raw), limits)
    return read_yaml(raw, file, limits)


def folder_files(folder: Path) -> list[Path]:
    """The files of a folder that make up its playbook, in the order they are merged."""
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.startswith(".") or not name.endswith(FOLDER_SUFFIXES) or name.endswith(TEST_SUFFIXES):
            continue
        if entry.is_file():
            found.append(entry)
    return sorted(found, key=lambda entry: entry.name)


def read_folder(folder: Path, limits: Limits = DEFAULT_LIMITS) -> SourceTree:
    """All playbook files of ``folder`` combined into one document."""
    files = folder_files(folder)
    if not files:
        raise LoadError(
            Diagnostic(
                code="empty-folder",
                message=f"folder {folder} holds no playbook files (*.yaml or *.yml)",
                hint="test files (*.test.yaml) and subfolders are not part of a playbook",
            )
        )
    trees: list[SourceTree] = []
    diagnostics: list[Diagnostic] = []
    for file in files:
        try:
            trees.append(read_file(file, limits))
        except LoadError as exc:
            diagnostics.extend(exc.diagnostics)
    if diagnostics:
        raise LoadError(diagnostics)
    return combine_folder(trees, str(folder))


def read_document(path: Path, limits: Limits = DEFAULT_LIMITS) -> SourceTree:
    """A file or a folder, without resolving ``extends``."""
    if path.is_dir():
        return read_folder(path, limits)
    return read_file(path, limits)


class _Loader:
    """Loads documents and their bases; holds only the settings of one load."""

    def __init__(self, limits: Limits, resolve_builtin: BuiltinResolver | None) -> None:
        self.limits = limits
        self.resolve_builtin = resolve_builtin

    def load(self, path: Path, chain: tuple[str, ...]) -> SourceTree:
        """Load ``path`` and its bases; ``chain`` holds the real paths of the documents
        extending it, to recognise a cycle however each path was written."""
        chain = (*chain, os.path.realpath(path))
        document = read_document(path, self.limits)
        if EXTENDS not in document.data:
            return document
        node = to_node(document)
        assert isinstance(node.content, dict)
        extends = node.content.pop(EXTENDS)
        diagnostics: list[Diagnostic] = []
        merged: Node | None = None
        sources: list[str] = []
        for reference, span in self._references(extends, diagnostics):
            base_path = self._resolve(reference, span, document, diagnostics)
            if base_path is None:
                continue
            identity = os.path.realpath(base_path)
            if identity in chain:
                diagnostics.append(self._cycle(chain, base_path, span))
                continue
            try:
                base = self.load(base_path, chain)
            except LoadError as exc:
                diagnostics.extend(exc.diagnostics)
                continue
            sources.extend(base.sources)
            base_node = to_node(base)
            merged = base_node if merged is None else overlay(merged, base_node, diagnostics)
        if diagnostics:
            raise LoadError(diagnostics)
        result = node if merged is None else overlay(merged, node, diagnostics)
        if diagnostics:
            raise LoadError(diagnostics)
        return to_tree(result, document.file, [*sources, *document.sources])

    def _references(self, extends: Node, diagnostics: list[Diagnostic]) -> list[tuple[str, Span | None]]:
        """The base references written in an ``extends`` value, each with its span."""
        span = extends.spans.value if extends.spans else None
        if isinstance(extends.content, str):
            return [(extends.content, span)]
        if isinstance(extends.content, list) and extends.content:
            found = []
            for item in extends.content:
                item_span = item.spans.value if item.spans else span
                if isinstance(item.content, str) and item.content:
                    found.append((item.content, item_span))
                else:
                    diagnostics.append(_invalid_extends(item_span))
            return found
        diagnostics.append(_invalid_extends(span))
        return []

    def _resolve(
        self, reference: str, span: Span | None, document: SourceTree, diagnostics: list[Diagnostic]
    ) -> Path | None:
        """The path a reference names, or None after recording why it cannot be used."""
        if reference.startswith(BUILTIN_PREFIX):
            return self._builtin(reference, span, diagnostics)
        holder = document.span_of((EXTENDS,), prefer="key")
        holder_file = holder.file if holder is not None and holder.file else document.file
        folder = Path(holder_file).parent if holder_file else Path.cwd()
        candidate = Path(os.path.normpath(folder / reference))
        if not candidate.exists():
            diagnostics.append(
                Diagnostic(
                    code="extends-not-found",
                    message=f"base playbook '{reference}' not found: {os.path.abspath(candidate)}",
                    span=span,
                    hint="paths in 'extends' are relative to the file that holds them",
                )
            )
            return None
        return candidate

    def _builtin(self, reference: str, span: Span | None, diagnostics: list[Diagnostic]) -> Path | None:
        problem = None
        found: Path | None = None
        if self.resolve_builtin is None:
            problem = "no built-in playbooks are available here"
        else:
            try:
                found = Path(self.resolve_builtin(reference))
            except (LookupError, ValueError, FileNotFoundError) as exc:
                problem = str(exc) or "it is not known"
            else:
                if not found.exists():
                    problem = f"{os.path.abspath(found)} does not exist"
        if problem is not None:
            diagnostics.append(
                Diagnostic(
                    code="extends-not-found",
                    message=f"built-in playbook '{reference}' not found: {problem}",
                    span=span,
                )
            )
            return None
        return found

    @staticmethod
    def _cycle(chain: tuple[str, ...], closing: Path, span: Span | None) -> Diagnostic:
        identities = [*chain, os.path.realpath(closing)]
        try:
            common = os.path.commonpath([os.path.dirname(identity) for identity in identities])
        except ValueError:
            common = ""
        names = [os.path.relpath(identity, common) if common else identity for identity in identities]
        return Diagnostic(
            code="extends-cycle",
            message="playbooks extend each other in a cycle: " + " → ".join(names),
            span=span,
            hint="remove one of these 'extends' so the chain ends",
        )


def _invalid_extends(span: Span | None) -> Diagnostic:
    return Diagnostic(
        code="extends-invalid",
        message="'extends' takes a path or a list of paths to base playbooks",
        span=span,
        hint="write for example 'extends: ../base.yaml' or 'extends: standard:zh'",
    )
