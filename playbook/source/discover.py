"""Which playbooks a path names: a file, a folder playbook, or the playbooks below a folder.

``playbook lint rules/`` must lint ``rules/zh`` and ``rules/en``: a folder holding YAML
files is one playbook (as the loader reads it); a folder holding none is searched for
playbooks below it. ``tests/`` folders and hidden folders are never playbooks.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from playbook.errors import Diagnostic, LoadError, Span
from playbook.source.files import kind_of, path_problem
from playbook.source.loader import folder_files

SKIPPED = frozenset({"tests", "node_modules", "__pycache__"})


def find_playbooks(paths: Sequence[str]) -> list[Path]:
    """The playbooks named by or found below ``paths``. Raises LoadError for a missing path."""
    found: list[Path] = []
    missing = []
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(_below(path))
        else:
            missing.append(not_a_file_or_folder(raw))
    if missing:
        raise LoadError(missing)
    return found


def not_a_file_or_folder(raw: str) -> Diagnostic:
    """Why ``raw``, neither a file nor a folder, names no playbook: missing, or what it is
    instead (a FIFO, a device, a dangling link), so a special file is not called missing."""
    kind = path_problem(Path(raw)) or kind_of(Path(raw))
    if kind == "missing":
        return Diagnostic(code="file-not-found", message=f"no such file or folder: {raw}")
    return Diagnostic(code="file-unreadable", message=f"cannot read {raw[:200]}: it is {kind}",
                      span=Span(raw[:200], 1, 1), hint="name a playbook file (.yaml, .yml, .json) or a folder of them")


def _below(folder: Path) -> list[Path]:
    if folder_files(folder):
        return [folder]
    found: list[Path] = []
    for entry in sorted(folder.iterdir()):
        if entry.is_dir() and not entry.name.startswith(".") and entry.name not in SKIPPED:
            found.extend(_below(entry))
    return found
