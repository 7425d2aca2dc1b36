"""Linting the playbooks a command names, keeping load failures as results too."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from playbook.api import Playbook
from playbook.errors import Diagnostic, PlaybookError
from playbook.source.discover import find_playbooks

from . import lint_playbook
from .base import LintRule
from .corpus import Corpus


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
    include_base: bool = False,
    corpus: Corpus | None = None,
    corpus_share: float = 0.01,
    corpus_examples: int = 3,
) -> list[PlaybookLint]:
    """Lint every playbook named by or found below ``paths``. Raises LoadError for a missing path.

    An overlay (``extends``) is linted as the merged playbook, but only findings located in
    the overlay's own files are kept unless ``include_base``: the writer of an overlay
    cannot fix the base's files. A finding without a location is always kept.
    """
    chosen = tuple(rules)
    results = []
    for path in find_playbooks(paths):
        try:
            playbook = load(path)
        except PlaybookError as error:
            results.append(PlaybookLint(str(path), error.diagnostics, loaded=False))
            continue
        findings = tuple(lint_playbook(playbook, chosen, corpus=corpus, corpus_share=corpus_share,
                                       corpus_examples=corpus_examples))
        if not include_base:
            findings = tuple(finding for finding in findings if is_own(finding, path))
        results.append(PlaybookLint(str(path), findings))
    return results


def is_own(finding: Diagnostic, playbook: Path) -> bool:
    """True when ``finding`` is located in ``playbook`` itself (the file, or a file of the
    folder), or has no location; False for a finding in a base it extends."""
    if finding.span is None or not finding.span.file:
        return True
    where = Path(os.path.abspath(finding.span.file))
    root = Path(os.path.abspath(playbook))
    return where == root if not root.is_dir() else where.parent == root
