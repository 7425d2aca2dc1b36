"""The YAML line a ``file:line:col`` points at, read once per file."""

from __future__ import annotations

from pathlib import Path


class SourceLines:
    """Lines of the playbook files, cached for one explanation (never shared)."""

    def __init__(self) -> None:
        self._files: dict[str, list[str] | None] = {}

    def line(self, location: str | None) -> str | None:
        """The text of the line ``location`` (``file:line:col``) names, stripped; None when unknown."""
        if not location:
            return None
        parts = location.rsplit(":", 2)
        if len(parts) != 3 or not parts[1].isdigit():
            return None
        file, number = parts[0], int(parts[1])
        if file not in self._files:
            try:
                self._files[file] = Path(file).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                self._files[file] = None
        lines = self._files[file]
        if lines is None or not 1 <= number <= len(lines):
            return None
        return lines[number - 1].strip()
