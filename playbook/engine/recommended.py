"""Wording the playbook recommends must never count as a violation.

A playbook says what to say instead of a forbidden phrase (``instead``), scripts its
actions (``script``) and lists phrases agents are asked to use (``required`` sets). An
agent who follows that advice word for word and is then flagged by the same playbook has
been given contradictory policy: DOMAIN's own script for an unanswerable question
(对不起,这个问题我目前还不能确定……) was once flagged as a hedge. Each recommended text is
therefore judged as an agent's message when the playbook loads, and every text-level
violation it draws is reported at the line that recommends it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from playbook.case import Case, Message
from playbook.compile.compiled import CompiledPlaybook
from playbook.model.playbook import PlaybookSource

from .evaluate import evaluate

DocPath = tuple[str | int, ...]
CODE = "recommended-wording-flagged"


@dataclass(frozen=True, slots=True)
class Recommended:
    """One text the playbook recommends, and where it says so."""

    path: DocPath
    text: str
    what: str


@dataclass(frozen=True, slots=True)
class Flagged:
    """A recommended text and the violations its own playbook finds in it."""

    recommended: Recommended
    rules: tuple[str, ...]
    messages: tuple[str, ...]

    @property
    def message(self) -> str:
        quoted = self.recommended.text if len(self.recommended.text) <= 60 else self.recommended.text[:59] + "…"
        return (f"the {self.recommended.what} '{quoted}' is itself flagged by {', '.join(self.rules)}: "
                f"{'; '.join(self.messages)}")

    hint = ("reword the recommendation, or add the flagged words as an innocent context "
            "(exceptions: contexts) of the phrase that fires")


def recommended_texts(source: PlaybookSource) -> Iterator[Recommended]:
    """Every ``instead`` text, action script and required phrase of the playbook."""
    seen: set[str] = set()

    def fresh(text: str | None) -> bool:
        if not text or not text.strip() or text in seen:
            return False
        seen.add(text)
        return True

    for s_index, phrase_set in enumerate(source.phrase_sets):
        base = ("phrase_sets", s_index)
        if fresh(phrase_set.instead):
            yield Recommended((*base, "instead"), phrase_set.instead or "", "'instead' text")
        for p_index, phrase in enumerate(phrase_set.phrases):
            instead = getattr(phrase, "instead", None)
            if fresh(instead):
                yield Recommended((*base, "phrases", p_index, "instead"), instead or "", "'instead' text")
            if str(phrase_set.kind) == "required":
                text = phrase if isinstance(phrase, str) else getattr(phrase, "text", None)
                if isinstance(text, str) and fresh(text) and not any(c in text for c in "[]{}()|\\"):
                    yield Recommended((*base, "phrases", p_index), text, "required phrase")
    for a_index, action in enumerate(source.actions):
        if fresh(action.script):
            yield Recommended(("actions", a_index, "script"), action.script or "", "action script")


def flagged_wording(pb: CompiledPlaybook, source: PlaybookSource) -> list[Flagged]:
    """The recommended texts that draw a violation when an agent says them."""
    out = []
    for item in recommended_texts(source):
        case = Case(id="recommended", transcript=[Message(role="agent", text=item.text)],
                    facts={"complaint": True})
        decision = evaluate(pb, case)
        hits = [v for v in decision.violations if any(e.message_index == 0 for e in v.evidence)]
        if hits:
            out.append(Flagged(item, tuple(dict.fromkeys(v.rule for v in hits)),
                               tuple(dict.fromkeys(v.message for v in hits))))
    return out
