"""The YAML line a rule's span points at, read once per file."""

from __future__ import annotations

from pathlib import Path

from playbook.errors import Span


class SourceLines:
    """Lines of the playbook files, cached for one explanation (never shared)."""

    def __init__(self) -> None:
        self._files: dict[str, list[str] | None] = {}

    def line(self, span: Span | None) -> str | None:
        """The text of the first line of ``span``, stripped; None when unknown."""
        if span is None or span.file is None:
            return None
        file, number = span.file, span.line
        if file not in self._files:
            try:
                self._files[file] = Path(file).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                self._files[file] = None
        lines = self._files[file]
        if lines is None or not 1 <= number <= len(lines):
            return None
        return lines[number - 1].strip()
