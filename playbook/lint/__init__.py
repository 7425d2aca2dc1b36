"""Lint: what validates but is probably wrong in a playbook.

Each check lives in its own module under :mod:`playbook.lint.checks` with a stable code
(``PB101 compensation-gap``…); :data:`~playbook.lint.registry.RULES` lists them. Findings
are :class:`~playbook.errors.Diagnostic` objects, located in the YAML, each with a hint.

>>> from playbook import Playbook
>>> from playbook.lint import lint_playbook
>>> findings = lint_playbook(Playbook.load("rules/zh"))     # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.api import Playbook
from playbook.errors import Diagnostic, Severity, sort_diagnostics

from .base import LintContext, LintRule
from .corpus import Corpus, read_corpus
from .registry import RULES, rule_by_code

SUPERSEDED_COMPILE_CODES = frozenset({"id-case", "recommended-wording-flagged"})
"""Load warnings a lint rule reports better (PB501 also covers phrase ids; PB309 reports
recommended wording the playbook flags under a lint code)."""


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> tuple[LintRule, ...]:
    """The rules to run: those named in ``select`` (all when empty), minus those in ``ignore``.

    Names may be codes (``PB101``), code prefixes (``PB1``) or rule names. Raises ValueError
    for a name that matches no rule.
    """
    chosen = list(RULES) if not list(select) else _matching(select)
    dropped = set(_matching(ignore))
    return tuple(rule for rule in chosen if rule not in dropped)


def _matching(names: Iterable[str]) -> list[LintRule]:
    out: list[LintRule] = []
    for name in names:
        found = [r for r in RULES if r.code.startswith(name) or r.name == name]
        if not found:
            raise ValueError(f"no lint rule '{name}'")
        out.extend(r for r in found if r not in out)
    return out


def lint_playbook(playbook: Playbook, rules: Iterable[LintRule] = RULES, *, compile_warnings: bool = True,
                  corpus: Corpus | None = None, corpus_share: float = 0.01,
                  corpus_examples: int = 3) -> list[Diagnostic]:
    """Every finding of ``rules`` on ``playbook``, sorted by location.

    The compiler's own warnings (unknown message keys…) are included unless
    ``compile_warnings`` is false; they keep their codes.  With a ``corpus`` of ordinary
    agent turns, PB308 reports forbidden phrases that fire on more than ``corpus_share``
    of them, with up to ``corpus_examples`` turns each.
    """
    context = LintContext(playbook.source, playbook.tree, phrases=playbook.compiled.phrases if corpus else None,
                          corpus=corpus, corpus_share=corpus_share, corpus_examples=corpus_examples)
    findings: list[Diagnostic] = []
    for rule in rules:
        findings.extend(rule.run(context))
    if compile_warnings:
        findings.extend(d for d in playbook.diagnostics if d.code not in SUPERSEDED_COMPILE_CODES)
    return sort_diagnostics(findings)


def at_or_above(findings: Iterable[Diagnostic], threshold: Severity) -> list[Diagnostic]:
    return [f for f in findings if f.severity.rank >= threshold.rank]


__all__ = ["RULES", "Corpus", "LintContext", "LintRule", "at_or_above", "lint_playbook", "read_corpus", "rule_by_code", "select_rules"]
