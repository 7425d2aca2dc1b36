"""PB303 phrase-duplicate."""

from __future__ import annotations

from playbook import Playbook

from .copies import PlaybookCopy, at, index_where, mini_findings


def test_standard_phrases_are_not_repeated(zh_copy: PlaybookCopy, en_copy: PlaybookCopy) -> None:
    assert zh_copy.lint("PB303") == [] and en_copy.lint("PB303") == []


def test_the_same_phrase_in_traditional_characters_in_another_forbidden_set(zh_copy: PlaybookCopy) -> None:
    blame = index_where(zh_copy.source().phrase_sets, id="forbidden.blame_shifting")
    zh_copy.insert_item(("phrase_sets", blame, "phrases"), "{id: rules_again, text: 這是公司的規定}")
    [finding] = zh_copy.lint("PB303")
    assert "(company_rule) is the same as '這是公司的規定' (rules_again)" in finding.message
    sets = zh_copy.source().phrase_sets
    formulaic = index_where(sets, id="forbidden.formulaic")
    rule = next(i for i, p in enumerate(sets[formulaic].phrases) if getattr(p, "id", None) == "company_rule")
    assert at(finding, zh_copy.span(("phrase_sets", formulaic, "phrases", rule, "text")))  # the later of the two


def test_the_same_text_in_sets_of_different_kinds_is_fine() -> None:
    def edit(data: dict) -> None:
        data["phrase_sets"][1]["phrases"].append("不关我的事")  # a signal set

    assert mini_findings("PB303", edit) == []


def test_a_contraction_written_out_is_the_same_phrase(en_copy: PlaybookCopy) -> None:
    """"it's" stands for "it is" and the other way round: listing both spellings is one phrase
    twice, which the load accepts and lint names (the later copy would never be the one reported)."""
    formulaic = index_where(en_copy.source().phrase_sets, id="forbidden.formulaic")
    en_copy.insert_item(("phrase_sets", formulaic, "phrases"), "{id: policy_again, text: it is (our|the) company policy}")
    Playbook.load(en_copy.folder)  # the load accepts it
    [finding] = en_copy.lint("PB303")
    assert "'it is (our|the) company policy' (policy_again)" in finding.message
    assert "'it's (our|the) company policy' (company_rule_3)" in finding.message
