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
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from playbook.errors import Diagnostic, LoadError, Span
from playbook.source.files import is_inside, kind_of, path_problem, project_root
from playbook.source.limits import DEFAULT_LIMITS, Limits
from playbook.source.limits import from_env as limits_from_env
from playbook.source.merge import Node, combine_folder, overlay, to_node, to_tree
from playbook.source.text import too_large
from playbook.source.tree import SourceTree
from playbook.source.yaml_reader import read_yaml

EXTENDS = "extends"
BUILTIN_PREFIX = "standard:"
FOLDER_SUFFIXES = (".yaml", ".yml")
BASE_SUFFIXES = (".yaml", ".yml", ".json")
ALLOW_OUTSIDE_ENV = "PLAYBOOK_ALLOW_OUTSIDE"
TEST_SUFFIXES = (".test.yaml", ".test.yml")

BuiltinResolver = Callable[[str], Path]


def confining_root(path: Path) -> Path | None:
    """The project root that files ``path`` refers to must stay inside (its bases, a test's
    case files and playbooks), or None when the user allows outside files
    (``--allow-outside`` sets ``PLAYBOOK_ALLOW_OUTSIDE``)."""
    if os.environ.get(ALLOW_OUTSIDE_ENV, "") not in ("", "0"):
        return None
    return project_root(path)


def load_tree(
    path: Path, limits: Limits = DEFAULT_LIMITS, resolve_builtin: BuiltinResolver | None = None
) -> SourceTree:
    """Read the playbook at ``path`` (a file or a folder) and resolve its ``extends``.

    Raises :class:`LoadError` with every problem found in the files read.
    """
    path = Path(path)
    if limits is DEFAULT_LIMITS:
        limits = limits_from_env()
    if not path.name.endswith(BASE_SUFFIXES) and kind_of(path) == "file":
        # never read, so an error cannot quote a file that is no playbook (/etc/passwd)
        raise LoadError(Diagnostic(
            code="not-a-playbook-file", message=f"{path} is not a playbook file: a playbook is .yaml, .yml or .json, "
            "or a folder of them", span=Span(str(path), 1, 1), hint="rename it, or name its folder",
        ))
    root = confining_root(path) if limits.confine_references else None
    return _Loader(limits, resolve_builtin, root).load(path, (), trusted=False)


class Budget:
    """What one load has read so far, against the whole-playbook limits."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.bytes = 0
        self.values = 0

    def charge(self, file: str, size: int, values: int) -> None:
        self.bytes += size
        self.values += values
        limits = self.limits
        if self.bytes > limits.max_total_bytes or self.values > limits.max_total_values:
            what = (f"{self.bytes:,} bytes (the limit is {limits.max_total_bytes:,})"
                    if self.bytes > limits.max_total_bytes
                    else f"{self.values:,} values (the limit is {limits.max_total_values:,})")
            raise LoadError(Diagnostic(
                code="playbook-too-large",
                message=f"the playbook's files together exceed {what}; stopped at {file}",
                span=Span(file, 1, 1),
                hint="raise it with playbook --limit max_total_bytes=… / max_total_values=… if this is meant",
            ))


def read_file(path: Path, limits: Limits = DEFAULT_LIMITS, budget: Budget | None = None) -> SourceTree:
    """One YAML/JSON file, refused by size before it is read into memory.

    Only a regular file is opened: a FIFO would block forever and a device never ends.
    """
    file = str(path)
    problem = path_problem(path)
    if problem is not None:
        raise LoadError(Diagnostic(code="file-unreadable", message=f"cannot read {_short(file)}: {problem}"))
    at = Span(file[:200], 1, 1)  # the file itself is what is wrong: every command names it alike
    kind = kind_of(path)
    if kind == "missing":
        raise LoadError(Diagnostic(code="file-not-found", message=f"file not found: {file}", span=at))
    if kind != "file":
        what = "a folder" if kind == "folder" else kind
        raise LoadError(Diagnostic(code="file-unreadable", message=f"cannot read {file}: it is {what}", span=at,
                                   hint="name a playbook file (.yaml, .yml, .json) or a folder of them"))
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise too_large(file, size, limits)
        with path.open("rb") as handle:
            raw = handle.read(limits.max_bytes + 1)
    except FileNotFoundError:
        raise LoadError(Diagnostic(code="file-not-found", message=f"file not found: {file}", span=at)) from None
    except OSError as exc:
        raise LoadError(
            Diagnostic(code="file-unreadable", message=f"cannot read {file}: {exc.strerror or exc}", span=at)
        ) from None
    if len(raw) > limits.max_bytes:
        raise too_large(file, len(raw), limits)
    if budget is not None:
        budget.charge(file, len(raw), 0)
    tree = read_yaml(raw, file, limits)
    if budget is not None:
        budget.charge(file, 0, len(tree.positions))
    return tree


def folder_files(folder: Path) -> list[Path]:
    """The files of a folder that make up its playbook, in the order they are merged.

    Every entry named like a playbook file that is not a folder is part of it, so a
    dangling link or a FIFO there is reported when read, not skipped silently.
    """
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.startswith(".") or not name.endswith(FOLDER_SUFFIXES) or name.endswith(TEST_SUFFIXES):
            continue
        if not entry.is_dir():
            found.append(entry)
    return sorted(found, key=lambda entry: entry.name)


def read_folder(
    folder: Path, limits: Limits = DEFAULT_LIMITS, budget: Budget | None = None, root: Path | None = None
) -> SourceTree:
    """All playbook files of ``folder`` combined into one document.

    With a ``root``, a file that is a link to somewhere outside it is refused unread, as an
    ``extends`` there would be: a link to ``/etc/passwd`` in a playbook folder would
    otherwise be read and its first line quoted in the error.
    """
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
        if root is not None and not is_inside(file, root):
            diagnostics.append(Diagnostic(
                code="file-outside", span=Span(str(file), 1, 1),
                message=f"{file} links to a file outside the playbook's project root {root}; it is not read",
                hint=f"copy the file into the folder, or run with --allow-outside or {ALLOW_OUTSIDE_ENV}=1",
            ))
            continue
        try:
            trees.append(read_file(file, limits, budget))
        except LoadError as exc:
            # an entry of the folder that cannot be read (a dangling link, a FIFO) is located at itself
            here = Span(str(file), 1, 1)
            diagnostics.extend(d if d.span is not None else replace(d, span=here) for d in exc.diagnostics)
            if any(d.code == "playbook-too-large" for d in exc.diagnostics):
                break
    if diagnostics:
        raise LoadError(diagnostics)
    return combine_folder(trees, str(folder))


def read_document(
    path: Path, limits: Limits = DEFAULT_LIMITS, budget: Budget | None = None, root: Path | None = None
) -> SourceTree:
    """A file or a folder, without resolving ``extends``; ``root`` as for :func:`read_folder`."""
    if path.is_dir():
        return read_folder(path, limits, budget, root)
    return read_file(path, limits, budget)


class _Loader:
    """Loads documents and their bases; holds only the settings of one load.

    Each document is read and resolved once per load (``_done``), however many paths of
    ``extends`` reach it: a diamond of bases costs one read per file, not one per path.
    """

    def __init__(self, limits: Limits, resolve_builtin: BuiltinResolver | None, root: Path | None) -> None:
        self.limits = limits
        self.resolve_builtin = resolve_builtin
        self.root = root
        self._done: dict[str, SourceTree | LoadError] = {}
        self._budget = Budget(limits)

    def load(self, path: Path, chain: tuple[str, ...], *, trusted: bool) -> SourceTree:
        """Load ``path`` and its bases; ``chain`` holds the real paths of the documents
        extending it, to recognise a cycle however each path was written. References in a
        ``trusted`` document (a built-in playbook) are not confined to the project root."""
        identity = os.path.realpath(path)
        known = self._done.get(identity)
        if known is None:
            try:
                known = self._load(path, (*chain, identity), trusted)
            except LoadError as exc:
                known = exc
            self._done[identity] = known
        if isinstance(known, LoadError):
            raise known
        return known

    def _load(self, path: Path, chain: tuple[str, ...], trusted: bool) -> SourceTree:
        document = read_document(path, self.limits, self._budget, None if trusted else self.root)
        if EXTENDS not in document.data:
            return document
        node = to_node(document)
        assert isinstance(node.content, dict)
        extends = node.content.pop(EXTENDS)
        diagnostics: list[Diagnostic] = []
        merged: Node | None = None
        sources: list[str] = []
        for reference, span in self._references(extends, diagnostics):
            if len(chain) > self.limits.max_extends_depth:
                diagnostics.append(self._too_deep(span))
                break
            is_builtin = reference.startswith(BUILTIN_PREFIX)
            base_path = self._resolve(reference, span, document, diagnostics, trusted)
            if base_path is None:
                continue
            if os.path.realpath(base_path) in chain:
                diagnostics.append(self._cycle(chain, base_path, span))
                continue
            try:
                base = self.load(base_path, chain, trusted=trusted or is_builtin)
            except LoadError as exc:
                diagnostics.extend(_located(exc.diagnostics, span))
                continue
            sources.extend(base.sources)
            base_node = to_node(base)
            merged = base_node if merged is None else overlay(merged, base_node, diagnostics)
        if diagnostics:
            raise LoadError(_unique(diagnostics))
        result = node if merged is None else overlay(merged, node, diagnostics)
        if diagnostics:
            raise LoadError(_unique(diagnostics))
        return to_tree(result, document.file, list(dict.fromkeys([*sources, *document.sources])))

    def _too_deep(self, span: Span | None) -> Diagnostic:
        return Diagnostic(
            code="extends-too-deep",
            message=f"'extends' chains more than {self.limits.max_extends_depth} playbooks deep",
            span=span,
            hint="a base of a base of … this deep is a mistake; merge some of the bases",
        )

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
        self, reference: str, span: Span | None, document: SourceTree, diagnostics: list[Diagnostic],
        trusted: bool = False,
    ) -> Path | None:
        """The path a reference names, or None after recording why it cannot be used.

        Refused before anything is opened: a path too long to exist, a special file (a FIFO
        would block, a device never ends), a file that is not YAML or JSON (so an error
        never quotes the content of, say, ``/etc/shadow``), and a path outside the
        project root unless that is allowed -- checked first, so that the answer for a path
        outside does not tell whether it exists.
        """
        if reference.startswith(BUILTIN_PREFIX):
            return self._builtin(reference, span, diagnostics)
        holder = document.span_of((EXTENDS,), prefer="key")
        holder_file = holder.file if holder is not None and holder.file else document.file
        folder = Path(holder_file).parent if holder_file else Path.cwd()
        candidate = Path(os.path.normpath(folder / reference))
        shown = _short(reference)

        def refuse(code: str, why: str, hint: str | None = None) -> None:
            diagnostics.append(Diagnostic(code=code, message=f"base playbook '{shown}' {why}", span=span, hint=hint))

        problem = path_problem(candidate)
        if problem is not None:
            refuse("extends-invalid", f"cannot be a file: {problem}")
            return None
        # before the path is looked at: outside the root, a missing file and /etc/passwd get
        # the same answer, so a playbook (or a load_errors test) cannot probe what exists
        if not trusted and self.root is not None and not is_inside(candidate, self.root):
            refuse("extends-outside", f"is outside the playbook's project root {self.root}",
                   f"bases must lie inside {self.root} (the nearest folder holding .git, pyproject.toml "
                   f"or .playbook-root); run with --allow-outside or {ALLOW_OUTSIDE_ENV}=1 to allow it")
            return None
        kind = kind_of(candidate)
        if kind == "missing":
            refuse("extends-not-found", f"not found: {os.path.abspath(candidate)}",
                   "paths in 'extends' are relative to the file that holds them")
            return None
        if kind not in ("file", "folder"):
            refuse("extends-invalid", f"is {kind}, not a playbook file or folder")
            return None
        if kind == "file" and not candidate.name.endswith(BASE_SUFFIXES):
            refuse("extends-invalid", "is not a playbook file: a base is a .yaml, .yml or .json file or a folder")
            return None
        return candidate

    def _builtin(self, reference: str, span: Span | None, diagnostics: list[Diagnostic]) -> Path | None:
        problem = None
        hint: str | None = None
        found: Path | None = None
        if self.resolve_builtin is None:
            problem = "no built-in playbooks are available here"
        else:
            try:
                found = Path(self.resolve_builtin(reference))
            except LoadError as exc:  # standard:xx — said at the extends line, with its hint
                problem = "; ".join(d.message for d in exc.diagnostics) or "it is not known"
                hint = next((d.hint for d in exc.diagnostics if d.hint), None)
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
                    hint=hint,
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


def _short(text: str, keep: int = 80) -> str:
    """``text`` cut to ``keep`` characters for an error message."""
    return text if len(text) <= keep else f"{text[:keep]}… ({len(text):,} characters)"


def _located(diagnostics: Sequence[Diagnostic], span: Span | None) -> list[Diagnostic]:
    """A base's errors that have no place of their own, placed at the ``extends`` naming it."""
    return [d if d.span is not None or span is None else replace(d, span=span) for d in diagnostics]


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Each diagnostic once (a base reached by two paths reports its errors once)."""
    return list({(d.code, d.message, d.span): d for d in diagnostics}.values())
