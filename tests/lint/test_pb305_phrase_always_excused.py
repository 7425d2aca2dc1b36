"""PB305 phrase-always-excused."""

from __future__ import annotations

from .copies import PlaybookCopy, at, index_where, mini_findings


def test_standard_phrases_can_all_match(zh_copy: PlaybookCopy, en_copy: PlaybookCopy) -> None:
    assert zh_copy.lint("PB305") == [] and en_copy.lint("PB305") == []


def test_a_phrase_listing_itself_as_innocent(zh_copy: PlaybookCopy) -> None:
    formulaic = index_where(zh_copy.source().phrase_sets, id="forbidden.formulaic")
    zh_copy.insert_item(("phrase_sets", formulaic, "phrases"),
                        "{id: just_rules, text: 规定就是规定, exceptions: {contexts: [規定就是規定]}}")
    [finding] = zh_copy.lint("PB305")
    assert "just_rules" in finding.message and "can never match" in finding.message
    assert at(finding, zh_copy.span(("phrase_sets", formulaic, "phrases", 0, "text")))


def test_a_longer_context_is_fine() -> None:
    assert mini_findings("PB305") == []
