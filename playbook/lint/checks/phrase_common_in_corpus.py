"""PB308 phrase-common-in-corpus: a forbidden phrase that fires on many ordinary agent turns.

Run only with ``playbook lint --corpus FILE``: every turn of the corpus is scanned with
the playbook's own matcher, overlapping hits of a turn collapsed the way the ``phrases``
check reports them, and each forbidden phrase that fires on more than ``--corpus-share``
of the turns is reported with its count and a few of the turns, located at the phrase
(the examples at their corpus lines).
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.checks.phrases import merge_overlapping
from playbook.errors import Diagnostic, Severity, Span

from ..base import LintContext, LintRule

#: Characters of a turn shown on each side of the hit in an example.
EXAMPLE_REACH = 16


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    index, corpus = context.phrases, context.corpus
    if index is None or corpus is None or not corpus.turns:
        return
    # the corpus is agent turns: a set scoped to the customer's messages never fires on them
    forbidden = frozenset(k for k in index.forbidden_keys
                          if k not in index.scope_of or "agent" in index.scope_of[k].roles)
    fired: dict[int, list[tuple[int, int, int]]] = {}  # key -> (turn, start, end)
    for number, turn_hits in enumerate(index.matcher.scan_many(corpus.texts)):
        hits = [(0, hit) for hit in turn_hits if hit.key in forbidden]
        seen: set[int] = set()
        for _, hit in merge_overlapping(hits):
            if hit.key not in seen:
                seen.add(hit.key)
                fired.setdefault(hit.key, []).append((number, hit.start, hit.end))
    total = len(corpus.turns)
    for key, where in sorted(fired.items()):
        share = len(where) / total
        if share <= context.corpus_share:
            continue
        phrase = index.phrases[key]
        examples = tuple(_example(rule, corpus.path, corpus.turns[t].text, corpus.turns[t].line, start, end)
                         for t, start, end in where[: context.corpus_examples])
        yield Diagnostic(
            code=rule.code,
            message=f"forbidden phrase '{phrase.text}' ({phrase.id}) fires on {len(where)} of {total} "
                    f"ordinary turns ({share:.1%}, above {context.corpus_share:.1%})"
                    + (f", e.g. {examples[0].span}: {examples[0].message}" if examples else ""),
            severity=rule.severity,
            span=phrase.origin.span,
            path=tuple(_path_items(phrase.origin.path)),
            hint="guard it (not_after / not_before / not_with) against the words around it in these turns, "
                 "or write a longer phrase",
            related=examples,
        )


def _example(rule: LintRule, corpus: str, text: str, line: int, start: int, end: int) -> Diagnostic:
    left = max(0, start - EXAMPLE_REACH)
    right = min(len(text), end + EXAMPLE_REACH)
    shown = ("…" if left else "") + text[left:start] + "«" + text[start:end] + "»" + text[end:right] + (
        "…" if right < len(text) else "")
    return Diagnostic(code=rule.code, message=shown, severity=Severity.INFO, span=Span(corpus, line, 1))


def _path_items(path: str) -> list[str | int]:
    """``phrase_sets[2].phrases[0].text`` back into items, so the finding's path is structured."""
    items: list[str | int] = []
    for piece in path.replace("]", "").split("."):
        name, *indices = piece.split("[")
        if name:
            items.append(name)
        items.extend(int(i) for i in indices)
    return items


RULE = LintRule("PB308", "phrase-common-in-corpus", Severity.WARNING,
                "A forbidden phrase fires on more than a threshold share of a corpus of ordinary turns "
                "(only with --corpus).", check)
