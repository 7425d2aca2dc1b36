"""Stage: every phrase and category keyword into one matcher, scanned once per message."""

from __future__ import annotations

from playbook.checks.scope import HitScope
from playbook.model.phrases import Exceptions, Phrase, PhraseSet, Variant
from playbook.text.matcher import PhraseMatcher, PhraseSpec
from playbook.text.normalize import normalize_phrase
from playbook.text.regex import RegexSyntaxError, parse_regex
from playbook.text.syntax import PhraseSyntaxError, parse_phrase

from .compiled import CompiledPhrase, PhraseIndex, frozen_map
from .diagnostics import Path
from .run import CompileRun
from .scopes import check_required_positions, check_scopes_read, phrase_scope, terms_usable


def build_phrase_index(run: CompileRun) -> PhraseIndex | None:
    """Every phrase behind one matcher; None when a phrase is unusable (each one reported)."""
    s = run.source
    phrases: list[CompiledPhrase] = []
    specs: list[PhraseSpec] = []
    keys_by_set: dict[str, set[int]] = {}
    keyword_category: dict[int, str] = {}
    scope_of: dict[int, HitScope] = {}
    positioned: dict[str, HitScope | None] = {}  # set id → a scope with a position, if any of it has one

    def add(path: Path, ident: str, set_id: str, kind: str, text: str, severity: str,
            instead: str | None, taboo: str | None, exceptions: Exceptions | None,
            guards_path: Path | None = None, regex: bool = False, pinyin: bool = False,
            variants_path: Path | None = None, scope: HitScope | None = None,
            whole_message: bool = False, terms: tuple[str, ...] = (), at_least: int = 0) -> None:
        if regex:
            try:
                parse_regex(text)
            except RegexSyntaxError as exc:
                run.reporter.error(
                    "phrase-regex", f"regex '{text}': {exc}", path,
                    "a regex is matched on the folded text (simplified, lower case, no spaces or punctuation) "
                    "by a linear-time engine: no backreferences, lookaround, anchors or \\s, and it must not "
                    "match the empty string",
                )
                return
        try:
            parsed = parse_phrase(text) if not regex and not terms else None
        except PhraseSyntaxError as exc:
            run.reporter.error(
                "phrase-syntax", f"phrase '{text}': {exc}", path,
                "[a|b] is one of, (a) is optional, {N} allows up to N characters between two parts; "
                "write \\[ for a bracket itself",
            )
            return
        empty = [] if parsed is None else [s for part in parsed.parts for s in part if not normalize_phrase(s)]
        if empty:
            spelt = "" if parsed is None or parsed.is_plain else f" (spelt '{empty[0]}')"
            run.reporter.error(
                "empty-phrase", f"phrase '{text}'{spelt} is only spaces or punctuation, so it can never match",
                path, "write the words the phrase is made of",
            )
            return
        if pinyin and not _pinyin_usable(run, text, path, variants_path):
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
        phrases.append(CompiledPhrase(key, ident, set_id, kind, text, severity, instead, taboo, run.origin(path),
                                      scope))
        specs.append(PhraseSpec(key=key, text=text, ignore_quoted=ex.quoted, allowed_contexts=tuple(ex.contexts),
                                not_after=tuple(ex.not_after), not_before=tuple(ex.not_before),
                                not_with=tuple(ex.not_with), regex=regex, pinyin=pinyin, terms=terms,
                                at_least=at_least, within_message=whole_message))
        keys_by_set.setdefault(set_id, set()).add(key)
        if scope is not None:
            scope_of[key] = scope
            if scope.position is not None:
                positioned.setdefault(set_id, scope)

    for s_index, phrase_set in enumerate(s.phrase_sets):
        set_default = phrase_set.exceptions
        for p_index, phrase in enumerate(phrase_set.phrases):
            path: Path = ("phrase_sets", s_index, "phrases", p_index)
            guards: Path = ("phrase_sets", s_index)
            regex = False
            variants, variants_path = phrase_set.variants, None
            scope, whole_message, usable = phrase_scope(run, phrase_set, phrase, s_index, p_index)
            terms: tuple[str, ...] = ()
            at_least = 0
            if isinstance(phrase, str):
                ident, text, severity, instead, exceptions = (
                    f"{phrase_set.id}:{p_index + 1}", phrase, phrase_set.severity, phrase_set.instead, set_default,
                )
            else:
                ident, text, regex = phrase.id, phrase.written, phrase.regex is not None
                severity = phrase.severity or phrase_set.severity
                instead = phrase.instead or phrase_set.instead
                exceptions = phrase.exceptions or set_default
                if phrase.exceptions is not None:
                    guards = path
                if phrase.variants is not None:
                    variants, variants_path = phrase.variants, path + ("variants",)
                    if regex and phrase.variants:
                        run.reporter.error(
                            "variant-on-regex", f"regex phrase '{phrase.id}' names variants {_names(phrase.variants)}",
                            variants_path, "a regex spells its alternatives itself: write them in it, or "
                            "make the phrase a text phrase")
                        continue
                    if phrase.terms is not None and phrase.variants:
                        run.reporter.error(
                            "variant-on-terms", f"terms phrase '{phrase.id}' names variants {_names(phrase.variants)}, "
                            "which apply to text phrases only", variants_path,
                            "spell a term's other forms inside it ([最基本|zui基本]), or make the phrase a text phrase")
                        continue
                if phrase.terms is not None:
                    usable = terms_usable(run, phrase, path) and usable
                    terms, at_least = tuple(phrase.terms), phrase.at_least or 0
                else:
                    path = path + ("regex" if regex else "text",)
            if usable:
                add(path, ident, phrase_set.id, str(phrase_set.kind), text, str(severity), instead,
                    phrase_set.taboo, exceptions, guards, regex,
                    pinyin=not regex and not terms and Variant.PINYIN in variants, variants_path=variants_path,
                    scope=scope, whole_message=whole_message, terms=terms, at_least=at_least)
        _check_set_variants(run, s_index, phrase_set)
    for c_index, category in enumerate(s.categories):
        for k_index, keyword in enumerate(category.keywords):
            set_id = f"category:{category.id}"
            before = len(phrases)
            add(("categories", c_index, "keywords", k_index), f"{category.id}:kw{k_index + 1}", set_id,
                "keyword", keyword, str(category.severity), None, None, None)
            if len(phrases) > before:
                keyword_category[before] = category.id
    _check_taboos_agree(run)
    _check_policy_rules(run)
    check_required_positions(run, positioned)
    check_scopes_read(run)
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
        scope_of=frozen_map(scope_of),
    )


def _names(variants: list[Variant]) -> str:
    return "[" + ", ".join(str(getattr(v, "value", v)) for v in variants) + "]"


def _pinyin_usable(run: CompileRun, text: str, path: Path, variants_path: Path | None) -> bool:
    """A phrase that opts in to pinyin itself must have a Chinese character, and its spellings
    must stay within the bound; each failure is reported where it was written."""
    from playbook.text.pinyin import has_pinyin

    if variants_path is not None and not has_pinyin(text):
        run.reporter.error(
            "variant-unused", f"phrase '{text}' names variants [pinyin] but has no Chinese character",
            variants_path, "remove 'variants: [pinyin]': pinyin spells Chinese characters only")
        return False
    try:
        parse_phrase(text, pinyin=True)
    except PhraseSyntaxError as exc:
        run.reporter.error("phrase-variants", f"phrase '{text}': {exc.message}", path,
                           "opt in to pinyin per phrase (variants: [pinyin]) for the phrases that need it")
        return False
    return True


def _check_set_variants(run: CompileRun, s_index: int, phrase_set: PhraseSet) -> None:
    """A set that opts in to pinyin must have a text phrase with a Chinese character it applies to."""
    if Variant.PINYIN not in phrase_set.variants:
        return
    from playbook.text.pinyin import has_pinyin

    def applies(phrase: str | Phrase) -> bool:
        if isinstance(phrase, str):
            return has_pinyin(phrase)
        return phrase.text is not None and phrase.variants is None and has_pinyin(phrase.text)

    if not any(applies(p) for p in phrase_set.phrases):
        run.reporter.error(
            "variant-unused", f"phrase set '{phrase_set.id}' names variants [pinyin] but none of its text phrases "
            "that follow the set has a Chinese character", ("phrase_sets", s_index, "variants"),
            "remove 'variants: [pinyin]': pinyin spells Chinese characters only")


def _check_taboos_agree(run: CompileRun) -> None:
    """A phrase set that names its taboo may only be checked under that taboo.

    Otherwise a hit would be reported under the check's taboo while the set says
    another, and the writer's ``taboo:`` would be silently ignored.
    """
    declared = {p.id: p.taboo for p in run.source.phrase_sets if p.taboo is not None}
    for t_index, taboo in enumerate(run.source.taboos):
        for c_index, check in enumerate(taboo.checks):
            if getattr(check, "kind", None) != "phrases":
                continue
            for s_index, set_id in enumerate(getattr(check, "phrase_sets", ())):
                own = declared.get(set_id)
                if own is not None and own != taboo.id:
                    run.reporter.error(
                        "taboo-mismatch",
                        f"phrase set '{set_id}' declares taboo '{own}' but is checked under taboo '{taboo.id}'",
                        ("taboos", t_index, "checks", c_index, "phrase_sets", s_index),
                        f"check the set under taboo '{own}', or change the set's taboo to '{taboo.id}'",
                    )


def _check_policy_rules(run: CompileRun) -> None:
    """A set under its own ``rule:`` is forbidden, names no taboo, is checked by no taboo, and its
    rule is not also a taboo's id (a decision could not tell the two apart)."""
    s = run.source
    taboo_ids = {t.id for t in s.taboos}
    ruled: dict[str, str] = {}
    for s_index, phrase_set in enumerate(s.phrase_sets):
        if phrase_set.rule is None:
            continue
        where: Path = ("phrase_sets", s_index, "rule")
        ruled[phrase_set.id] = phrase_set.rule
        if phrase_set.taboo is not None:
            run.reporter.error(
                "rule-and-taboo",
                f"phrase set '{phrase_set.id}' names both taboo '{phrase_set.taboo}' and rule '{phrase_set.rule}'",
                where, "a hit breaks one of them: keep 'taboo:' for one of the seven taboos, or 'rule:' for a "
                "policy rule of its own",
            )
        if str(phrase_set.kind) != "forbidden":
            run.reporter.error(
                "rule-not-forbidden",
                f"phrase set '{phrase_set.id}' is {phrase_set.kind} but names rule '{phrase_set.rule}'",
                where, "only a forbidden set's hits break a rule: remove 'rule:' or make the set forbidden",
            )
        if phrase_set.rule in taboo_ids:
            run.reporter.error(
                "rule-is-taboo",
                f"phrase set '{phrase_set.id}' names rule '{phrase_set.rule}', which is a taboo's id",
                where, f"write 'taboo: {phrase_set.rule}' to report hits under that taboo, or give the rule "
                "another id",
            )
    for t_index, taboo in enumerate(s.taboos):
        for c_index, check in enumerate(taboo.checks):
            for field_name in ("phrase_sets", "signals", "alternatives"):
                for n_index, set_id in enumerate(getattr(check, field_name, None) or ()):
                    if set_id in ruled and getattr(check, "kind", None) == "phrases":
                        run.reporter.error(
                            "rule-set-under-taboo",
                            f"phrase set '{set_id}' stands under its own rule '{ruled[set_id]}' but taboo "
                            f"'{taboo.id}' checks it too",
                            ("taboos", t_index, "checks", c_index, field_name, n_index),
                            "a hit would count twice: remove the set from this check, or its 'rule:'",
                        )
