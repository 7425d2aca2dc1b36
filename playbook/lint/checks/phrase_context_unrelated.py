"""PB306 phrase-context-unrelated: an innocent context that does not contain its phrase.

A context excuses a phrase only where it covers the phrase's occurrence (我不会让您失望
excuses 我不会), so a context that does not contain the phrase never excuses anything —
usually a context meant for another phrase, or a phrase reworded since.
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.errors import Diagnostic, Severity

from ..base import LintContext, LintRule
from ..phrases import LintPhrase, phrases


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    by_place: dict[tuple[str | int, ...], list[LintPhrase]] = {}
    for phrase in phrases(context.source):
        if phrase.contexts_path is not None:
            by_place.setdefault(phrase.contexts_path, []).append(phrase)
    for place, users in by_place.items():
        written = _written(context, place)
        for index, normalized in enumerate(users[0].contexts):
            if any(user.normalized and user.normalized in normalized for user in users):
                continue
            names = ", ".join(user.shown for user in users[:3]) + (" …" if len(users) > 3 else "")
            yield rule.finding(
                context,
                f"innocent context '{written[index] if index < len(written) else normalized}' does not contain "
                f"{'the phrase' if len(users) == 1 else 'any phrase it applies to'} ({names}), so it never "
                "excuses anything",
                place + (index,),
                "write the longer, innocent sentence the phrase appears in, e.g. '我不会让您失望' for '我不会'",
            )


def _written(context: LintContext, place: tuple[str | int, ...]) -> list[str]:
    """The contexts as the playbook writes them (for the message), read from the source model."""
    node: object = context.source
    for step in place:
        node = node[step] if isinstance(step, int) else getattr(node, step, None)  # type: ignore[index]
        if node is None:
            return []
    return [str(item) for item in node] if isinstance(node, list) else []


RULE = LintRule("PB306", "phrase-context-unrelated", Severity.WARNING,
                "An innocent context does not contain the phrase it should excuse.", check)
