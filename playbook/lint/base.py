"""What every lint check shares: the rule it reports under and the context it reads.

A lint check is a function from a :class:`LintContext` to findings. Findings are the
project's one :class:`~playbook.errors.Diagnostic` type, with the rule's stable code
(``PB101``), a severity, the ``file:line:col`` of the YAML it is about, and a hint saying
how to fix it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from playbook.errors import Diagnostic, Severity, Span
from playbook.model.playbook import PlaybookSource
from playbook.source.tree import DocPath, SourceTree

from .conditions import Domains

if TYPE_CHECKING:
    from playbook.compile.compiled import PhraseIndex

    from .corpus import Corpus


@dataclass(frozen=True, slots=True)
class LintContext:
    """The validated playbook and where each part of it was written.

    ``phrases`` (the compiled matcher) and ``corpus`` are given only when a lint
    tries the phrases on real text (``playbook lint --corpus``).
    """

    source: PlaybookSource
    tree: SourceTree | None = None
    phrases: PhraseIndex | None = None
    corpus: Corpus | None = None
    corpus_share: float = 0.01
    corpus_examples: int = 3

    def span(self, path: DocPath) -> Span | None:
        """Where ``path`` was written (its key), or its nearest written ancestor."""
        return self.tree.span_of(path) if self.tree is not None else None

    def domains(self) -> Domains:
        """The ids each closed-domain fact may take in this playbook."""
        return Domains(self.source.domains())


Check = Callable[[LintContext, "LintRule"], Iterable[Diagnostic]]


@dataclass(frozen=True, slots=True)
class LintRule:
    """One lint: its stable code and name, default severity, what it finds, and the check."""

    code: str
    name: str
    severity: Severity
    summary: str
    check: Check

    @property
    def title(self) -> str:
        """``PB101 compensation-gap``, as reports show it."""
        return f"{self.code} {self.name}"

    def run(self, context: LintContext) -> list[Diagnostic]:
        return list(self.check(context, self))

    def finding(
        self,
        context: LintContext,
        message: str,
        path: DocPath,
        hint: str,
        severity: Severity | None = None,
    ) -> Diagnostic:
        """A finding of this rule at ``path`` of the playbook."""
        return Diagnostic(
            code=self.code,
            message=message,
            severity=severity or self.severity,
            span=context.span(path),
            path=tuple(path),
            hint=hint,
        )
