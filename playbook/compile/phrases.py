"""Stage: every phrase and category keyword into one matcher, scanned once per message."""

from __future__ import annotations

from playbook.model.phrases import Exceptions
from playbook.text.matcher import PhraseMatcher, PhraseSpec
from playbook.text.normalize import normalize_phrase

from .compiled import CompiledPhrase, PhraseIndex, frozen_map
from .diagnostics import Path
from .run import CompileRun


def build_phrase_index(run: CompileRun) -> PhraseIndex | None:
    """Every phrase behind one matcher; None when a phrase is unusable (each one reported)."""
    s = run.source
    phrases: list[CompiledPhrase] = []
    specs: list[PhraseSpec] = []
    keys_by_set: dict[str, set[int]] = {}
    keyword_category: dict[int, str] = {}

    def add(path: Path, ident: str, set_id: str, kind: str, text: str, severity: str,
            instead: str | None, taboo: str | None, exceptions: Exceptions | None,
            guards_path: Path | None = None) -> None:
        if not normalize_phrase(text):
            run.reporter.error(
                "empty-phrase", f"phrase '{text}' is only spaces or punctuation, so it can never match",
                path, "write the words the phrase is made of",
            )
            return
        ex = exceptions or Exceptions(quoted=False)
        where = guards_path or path
        usable = True
        for field in ("contexts", "not_after", "not_before", "not_with"):
            for g_index, word in enumerate(getattr(ex, field)):
                if not normalize_phrase(word):
                    run.reporter.error(
                        "empty-guard", f"{field} word '{word}' of phrase '{text}' is only spaces or punctuation, "
                        "so it can never match", where + ("exceptions", field, g_index),
                        "write the words that make the phrase innocent",
                    )
                    usable = False
        if not usable:
            return
        key = len(phrases)
        phrases.append(CompiledPhrase(key, ident, set_id, kind, text, severity, instead, taboo, run.origin(path)))
        specs.append(PhraseSpec(key=key, text=text, ignore_quoted=ex.quoted, allowed_contexts=tuple(ex.contexts),
                                not_after=tuple(ex.not_after), not_before=tuple(ex.not_before),
                                not_with=tuple(ex.not_with)))
        keys_by_set.setdefault(set_id, set()).add(key)

    for s_index, phrase_set in enumerate(s.phrase_sets):
        set_default = phrase_set.exceptions
        for p_index, phrase in enumerate(phrase_set.phrases):
            path: Path = ("phrase_sets", s_index, "phrases", p_index)
            guards: Path = ("phrase_sets", s_index)
            if isinstance(phrase, str):
                ident, text, severity, instead, exceptions = (
                    f"{phrase_set.id}:{p_index + 1}", phrase, phrase_set.severity, phrase_set.instead, set_default,
                )
            else:
                ident, text = phrase.id, phrase.text
                severity = phrase.severity or phrase_set.severity
                instead = phrase.instead or phrase_set.instead
                exceptions = phrase.exceptions or set_default
                if phrase.exceptions is not None:
                    guards = path
                path = path + ("text",)
            add(path, ident, phrase_set.id, str(phrase_set.kind), text, str(severity), instead,
                phrase_set.taboo, exceptions, guards)
    for c_index, category in enumerate(s.categories):
        for k_index, keyword in enumerate(category.keywords):
            set_id = f"category:{category.id}"
            before = len(phrases)
            add(("categories", c_index, "keywords", k_index), f"{category.id}:kw{k_index + 1}", set_id,
                "keyword", keyword, str(category.severity), None, None, None)
            if len(phrases) > before:
                keyword_category[before] = category.id
    if run.reporter.failed:
        return None
    try:
        matcher = PhraseMatcher.build(specs, engine=run.matcher_engine)
    except ValueError as exc:
        run.reporter.error("phrase-matcher", f"the phrases could not be compiled: {exc}", ("phrase_sets",))
        return None
    forbidden = frozenset(p.key for p in phrases if p.kind == "forbidden")
    return PhraseIndex(
        phrases=tuple(phrases),
        matcher=matcher,
        keys_by_set=frozen_map({k: frozenset(v) for k, v in keys_by_set.items()}),
        forbidden_keys=forbidden,
        keyword_category=frozen_map(keyword_category),
        said_zero=frozen_map({f"said.{role}.{p.id}": 0 for p in s.phrase_sets for role in ("customer", "agent")}),
    )
