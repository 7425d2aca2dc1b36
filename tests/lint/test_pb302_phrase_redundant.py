"""PB302 phrase-redundant."""

from __future__ import annotations

from .copies import PlaybookCopy, at, index_where, mini_findings


def test_standard_playbooks_get_information_only(zh_copy: PlaybookCopy, en_copy: PlaybookCopy) -> None:
    for copy in (zh_copy, en_copy):
        assert all(f.severity.value == "info" for f in copy.lint("PB302"))


def test_a_longer_phrase_containing_a_shorter_one_of_the_set(zh_copy: PlaybookCopy) -> None:
    formulaic = index_where(zh_copy.source().phrase_sets, id="forbidden.formulaic")
    zh_copy.insert_item(("phrase_sets", formulaic, "phrases"), "{id: rule_again, text: 这是公司的规定嘛}")
    [finding] = [f for f in zh_copy.lint("PB302") if "rule_again" in f.message]
    assert finding.severity.value == "info"
    assert at(finding, zh_copy.span(("phrase_sets", formulaic, "phrases", 0, "text")))


def test_not_redundant_when_the_shorter_phrase_has_innocent_contexts() -> None:
    def edit(data: dict) -> None:
        data["phrase_sets"][-1]["phrases"].append("我不会让你失望吧")

    assert mini_findings("PB302", edit) == []
