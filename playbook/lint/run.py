"""Linting the playbooks a command names, keeping load failures as results too."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from playbook.api import Playbook
from playbook.errors import Diagnostic, PlaybookError
from playbook.source.discover import find_playbooks

from . import lint_playbook
from .base import LintRule


@dataclass(frozen=True, slots=True)
class PlaybookLint:
    """The findings for one playbook, or the diagnostics that stopped it from loading."""

    path: str
    findings: tuple[Diagnostic, ...]
    loaded: bool = True


def lint_paths(
    paths: Sequence[str],
    rules: Iterable[LintRule],
    load: Callable[[Path], Playbook] = Playbook.load,
) -> list[PlaybookLint]:
    """Lint every playbook named by or found below ``paths``. Raises LoadError for a missing path."""
    chosen = tuple(rules)
    results = []
    for path in find_playbooks(paths):
        try:
            playbook = load(path)
        except PlaybookError as error:
            results.append(PlaybookLint(str(path), error.diagnostics, loaded=False))
            continue
        results.append(PlaybookLint(str(path), tuple(lint_playbook(playbook, chosen))))
    return results
