"""Text report: each finding with its code, location, the YAML line under it and the fix."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from playbook.errors import Diagnostic, Severity

from ..run import PlaybookLint
from .names import title


def render_text(results: Iterable[PlaybookLint], stream: TextIO) -> None:
    results = list(results)
    lines = _Lines()
    total: dict[Severity, int] = dict.fromkeys(Severity, 0)
    for result in results:
        if not result.loaded:
            stream.write(f"{result.path}: could not be loaded\n")
        for finding in result.findings:
            total[finding.severity] += 1
            stream.write(_format(finding, lines))
    counts = ", ".join(f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in total.items() if n)
    stream.write(f"{sum(total.values())} findings in {len(results)} playbook{'s' if len(results) != 1 else ''}"
                 + (f" ({counts})" if counts else "") + "\n")


def _format(finding: Diagnostic, lines: _Lines) -> str:
    text = f"{finding.location}: {finding.severity.value}[{title(finding)}]: {finding.message}\n"
    span = finding.span
    if span is not None and span.file:
        source = lines.get(span.file, span.line)
        if source is not None:
            text += f"  | {source}\n  | {' ' * (span.column - 1)}^\n"
    for related in finding.related:
        text += f"  = {related.location}: {related.message}\n"
    if finding.hint:
        text += f"  hint: {finding.hint}\n"
    return text


class _Lines:
    """Source lines of the files findings point at, read once per report."""

    def __init__(self) -> None:
        self._files: dict[str, list[str] | None] = {}

    def get(self, file: str, line: int) -> str | None:
        if file not in self._files:
            try:
                self._files[file] = Path(file).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                self._files[file] = None
        found = self._files[file]
        if found is None or not 1 <= line <= len(found):
            return None
        return found[line - 1]
