"""Finding test files: ``*.test.yaml`` / ``*.test.yml`` under the paths given."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from playbook.errors import Diagnostic, LoadError
from playbook.source.discover import not_a_file_or_folder

from .suite import is_test_file

SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "venv", ".venv"})


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Test files named by ``paths`` (files) or found below them (folders), each once, sorted per path.

    Raises LoadError for a path that does not exist, or for a file that is not a test file.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    problems: list[Diagnostic] = []
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            if not is_test_file(path):
                problems.append(Diagnostic(
                    code="not-a-test-file", message=f"{path} is not a test file",
                    hint="test files are named *.test.yaml; give a folder to find them in it"))
                continue
            candidates = [path]
        elif path.is_dir():
            candidates = sorted(_walk(path))
        else:
            problems.append(not_a_file_or_folder(str(raw)))
            continue
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    if problems:
        raise LoadError(problems)
    return found


def _walk(folder: Path) -> Iterable[Path]:
    for entry in folder.iterdir():
        if entry.name.startswith(".") or entry.name in SKIPPED_FOLDERS:
            continue
        if entry.is_dir():
            yield from _walk(entry)
        elif is_test_file(entry):
            yield entry
