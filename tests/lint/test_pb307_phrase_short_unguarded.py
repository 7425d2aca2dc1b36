"""PB307 phrase-short-unguarded."""

from __future__ import annotations

from pathlib import Path

from playbook import Playbook
from playbook.lint import lint_playbook
from playbook.lint.registry import rule_by_code

from .copies import PlaybookCopy, at, index_where

EVERYDAY = Path(__file__).resolve().parents[1] / "fixtures" / "playbooks" / "everyday_zh.yaml"


def test_standard_forbidden_phrases_are_long_or_guarded(zh_copy: PlaybookCopy, en_copy: PlaybookCopy) -> None:
    assert zh_copy.lint("PB307") == [] and en_copy.lint("PB307") == []


def test_a_short_unguarded_phrase_is_reported_where_it_is_written(zh_copy: PlaybookCopy) -> None:
    formulaic = index_where(zh_copy.source().phrase_sets, id="forbidden.formulaic")
    zh_copy.insert_item(("phrase_sets", formulaic, "phrases"), "{id: surely, text: 肯定}")
    [finding] = zh_copy.lint("PB307")
    assert finding.code == "PB307" and "'肯定' (surely)" in finding.message and finding.severity.value == "warning"
    assert at(finding, zh_copy.span(("phrase_sets", formulaic, "phrases", 0, "text")))


def test_a_guard_a_symbol_or_a_longer_phrase_is_fine(zh_copy: PlaybookCopy) -> None:
    formulaic = index_where(zh_copy.source().phrase_sets, id="forbidden.formulaic")
    for text in ("{id: a, text: 肯定, exceptions: {not_after: [不]}}", "{id: b, text: 肯定行}",
                 "{id: c, text: '100%'}", "{id: d, text: 'no{3}way'}", "{id: e, text: nope}"):
        zh_copy.insert_item(("phrase_sets", formulaic, "phrases"), text)
    assert zh_copy.lint("PB307") == []


def test_short_latin_phrases_count_letters(en_copy: PlaybookCopy) -> None:
    sets = en_copy.source().phrase_sets
    forbidden = next(i for i, s in enumerate(sets) if str(s.kind) == "forbidden")
    en_copy.insert_item(("phrase_sets", forbidden, "phrases"), "{id: no_way, text: 'NO!'}")
    [finding] = en_copy.lint("PB307")
    assert "no_way" in finding.message


def test_the_everyday_overlay_names_its_unguarded_words() -> None:
    rule = rule_by_code("PB307")
    assert rule is not None
    found = lint_playbook(Playbook.load(EVERYDAY), [rule], compile_warnings=False)
    assert sorted(f.message.split("(")[1].split(")")[0] for f in found) == ["everyday.absolutely"]


def test_a_phrase_of_terms_is_short_only_when_one_term_is_a_hit(zh_copy: PlaybookCopy) -> None:
    formulaic = index_where(zh_copy.source().phrase_sets, id="forbidden.formulaic")
    zh_copy.insert_item(("phrase_sets", formulaic, "phrases"), "{id: two, terms: [退款, 不行, 规定], at_least: 2}")
    zh_copy.insert_item(("phrase_sets", formulaic, "phrases"), "{id: one, terms: [一定, 百分百保证], at_least: 1}")
    zh_copy.insert_item(("phrase_sets", formulaic, "phrases"),
                        "{id: guarded, terms: [一定, 肯定], at_least: 1, exceptions: {not_after: [不]}}")
    [finding] = zh_copy.lint("PB307")
    assert "(one)" in finding.message and "'一定'" in finding.message
    assert at(finding, zh_copy.span(("phrase_sets", formulaic, "phrases", 1, "terms")))
