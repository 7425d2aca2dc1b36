"""PB301 phrase-forbidden-required."""

from __future__ import annotations

from .copies import PlaybookCopy, at, index_where, mini_findings


def test_standard_required_phrases_are_not_forbidden(zh_copy: PlaybookCopy, en_copy: PlaybookCopy) -> None:
    assert zh_copy.lint("PB301") == [] and en_copy.lint("PB301") == []


def test_a_forbidden_phrase_added_to_the_required_apologies(zh_copy: PlaybookCopy) -> None:
    apology = index_where(zh_copy.source().phrase_sets, id="required.apology")
    zh_copy.insert_item(("phrase_sets", apology, "phrases"), "這是公司的規定")
    [finding] = zh_copy.lint("PB301")
    assert finding.severity.value == "error"
    assert "is also forbidden" in finding.message and "company_rule" in finding.message
    assert at(finding, zh_copy.span(("phrase_sets", apology, "phrases", 0)))


def test_a_required_phrase_containing_a_forbidden_one(zh_copy: PlaybookCopy) -> None:
    apology = index_where(zh_copy.source().phrase_sets, id="required.apology")
    zh_copy.insert_item(("phrase_sets", apology, "phrases"), "对不起，这是公司的规定")
    [finding] = zh_copy.lint("PB301")
    assert finding.severity.value == "warning" and "trips forbidden phrase" in finding.message


def test_an_innocent_context_excuses_the_required_phrase() -> None:
    def edit(data: dict) -> None:
        data["phrase_sets"].append({"id": "promise-kept", "kind": "required", "phrases": ["我不会让您失望"]})

    assert mini_findings("PB301", edit) == []  # 我不会 lists 我不会让您失望 as innocent


def test_latin_phrases_need_word_boundaries() -> None:
    def edit(data: dict) -> None:
        data["phrase_sets"].append({"id": "polite", "kind": "required", "phrases": ["it's not my problematic"]})

    assert mini_findings("PB301", edit) == []
