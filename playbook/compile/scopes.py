"""Scopes and phrases of terms at load: what each means, and every way to misuse one, located.

The source models (:mod:`playbook.model.scope`, ``Phrase.terms``) check what one field can
say on its own (``first: 0``, first and last together); what depends on the set's kind, on
the terms once normalised or on the check reading the set is checked here.
"""

from __future__ import annotations

from playbook.checks.scope import HitScope, hit_scope
from playbook.model.phrases import Phrase, PhraseSet
from playbook.model.scope import Scope
from playbook.model.taboos import RequiredPhrasesCheck
from playbook.text.normalize import normalize_phrase
from playbook.text.syntax import PhraseSyntaxError, parse_phrase

from .diagnostics import Path
from .run import CompileRun


def phrase_scope(
    run: CompileRun, phrase_set: PhraseSet, phrase: Phrase | str, s_index: int, p_index: int
) -> tuple[HitScope | None, bool, bool]:
    """The scope in force for one phrase: ``(where hits count or None, unit is message, usable)``.

    A phrase's own ``scope`` replaces its set's whole, as its ``exceptions`` do.
    """
    own = phrase.scope if isinstance(phrase, Phrase) else None
    scope = own or phrase_set.scope
    if scope is None:
        return None, False, True
    where: Path = ("phrase_sets", s_index) + (("phrases", p_index) if own is not None else ()) + ("scope",)
    kind = str(phrase_set.kind)
    usable = True
    if kind == "signal":
        run.reporter.error(
            "scope-on-signal",
            f"phrase set '{phrase_set.id}' is a signal set, where a scope means nothing",
            where, "checks read a signal set's hits, and its said.agent.<set> / said.customer.<set> facts count "
            "each side's apart: remove 'scope:', or make the set forbidden or required",
        )
        usable = False
    if kind == "required" and scope.role not in (None, "agent"):
        run.reporter.error(
            "scope-role-required",
            f"phrase set '{phrase_set.id}' is required of the agent, so its scope cannot be role '{scope.role}'",
            where + ("role",), "remove 'role:' (a required phrase is the agent's), or make the set forbidden",
        )
        usable = False
    return _compiled(scope), scope.unit == "message", usable


def _compiled(scope: Scope) -> HitScope:
    return hit_scope(None if scope.role is None else str(scope.role), scope.first, scope.last)


def terms_usable(run: CompileRun, phrase: Phrase, path: Path) -> bool:
    """Whether a phrase of terms can match: two terms or more, ``at_least`` no more than their
    number, every term a phrase without gaps that is not empty once normalised, no term twice."""
    terms = phrase.terms or []
    at_least = phrase.at_least or 0
    usable = True
    if len(terms) < 2:
        run.reporter.error(
            "terms-too-few", f"phrase '{phrase.id}' has {len(terms)} term(s); 'at_least' of one term is a text",
            path + ("terms",), "write 'text:' for a single phrase, or list two terms or more",
        )
        usable = False
    elif at_least > len(terms):
        run.reporter.error(
            "terms-at-least", f"phrase '{phrase.id}' needs at least {at_least} of {len(terms)} terms, "
            "so it can never match", path + ("at_least",), f"give 'at_least' from 1 to {len(terms)}",
        )
        usable = False
    seen: dict[frozenset[str], int] = {}
    for t_index, term in enumerate(terms):
        at = path + ("terms", t_index)
        try:
            parsed = parse_phrase(term)
        except PhraseSyntaxError as exc:
            run.reporter.error("phrase-syntax", f"term '{term}' of phrase '{phrase.id}': {exc}", at,
                               "[a|b] is one of, (a) is optional; write \\[ for a bracket itself")
            usable = False
            continue
        if len(parsed.parts) != 1:
            run.reporter.error("term-gap", f"term '{term}' of phrase '{phrase.id}' has a gap {{N}}", at,
                               "a term is one word or wording: the terms themselves may be anywhere in the sentence")
            usable = False
            continue
        forms = frozenset(normalize_phrase(spelling) for spelling in parsed.parts[0])
        if "" in forms:
            run.reporter.error("empty-term", f"term '{term}' of phrase '{phrase.id}' is empty or only spaces or "
                               "punctuation, so it can never match", at, "write the word the term is")
            usable = False
            continue
        if forms in seen:
            run.reporter.error("term-duplicate", f"term '{term}' of phrase '{phrase.id}' is term "
                               f"{seen[forms] + 1} again", at, "each term counts once: remove one of them")
            usable = False
            continue
        seen[forms] = t_index
    return usable


def check_required_positions(run: CompileRun, scope_of: dict[str, HitScope | None]) -> None:
    """A required check's ``within_messages`` is the position ``first: N`` of every set it
    reads; a set (or one of its phrases) that names a position of its own would give one hit
    two positions, so the two together are an error at the check's field.

    ``scope_of``: each phrase set id → a scope with a position, when the set or a phrase has one.
    """
    for t_index, taboo in enumerate(run.source.taboos):
        for c_index, check in enumerate(taboo.checks):
            if not isinstance(check, RequiredPhrasesCheck) or check.within_messages is None:
                continue
            for set_id in check.phrase_sets:
                scope = scope_of.get(set_id)
                if scope is not None:
                    run.reporter.error(
                        "scope-and-within-messages",
                        f"check '{check.id}' says within_messages: {check.within_messages}, but phrase set "
                        f"'{set_id}' has a position of its own ({scope.position})",
                        ("taboos", t_index, "checks", c_index, "within_messages"),
                        "give the position once: remove within_messages, or the set's scope first/last",
                    )
                    break


#: The check kinds that read a scope: every other kind reads its sets' hits in agent messages.
SCOPED_KINDS = ("phrases", "required_phrases")


def check_scopes_read(run: CompileRun) -> None:
    """A set with a scope (its own or a phrase's) read by a check that does not honour scopes
    (promises, refusal, …) would have its scope ignored there, silently: an error at the field."""
    from playbook.checks import kind_of

    scoped = {p.id for p in run.source.phrase_sets
              if p.scope is not None or any(isinstance(x, Phrase) and x.scope is not None for x in p.phrases)}
    if not scoped:
        return
    for t_index, taboo in enumerate(run.source.taboos):
        for c_index, check in enumerate(taboo.checks):
            row = kind_of(check)
            if getattr(check, "kind", None) in SCOPED_KINDS:
                continue
            for field_name in row.phrase_fields:
                for n_index, set_id in enumerate(getattr(check, field_name, None) or ()):
                    if set_id in scoped:
                        run.reporter.error(
                            "scope-not-read",
                            f"check '{check.id}' ({check.kind}) reads phrase set '{set_id}', which has a scope, "
                            "but this kind of check does not read scopes",
                            ("taboos", t_index, "checks", c_index, field_name, n_index),
                            "only phrases and required_phrases checks count hits where a scope says: remove the "
                            "scope, or read the set from one of those",
                        )
