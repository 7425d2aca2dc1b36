"""PB306 phrase-context-unrelated."""

from __future__ import annotations

from .copies import PlaybookCopy, at, index_where, mini_findings


def test_standard_contexts_all_contain_their_phrase(zh_copy: PlaybookCopy, en_copy: PlaybookCopy) -> None:
    assert zh_copy.lint("PB306") == [] and en_copy.lint("PB306") == []


def test_a_context_meant_for_another_phrase(zh_copy: PlaybookCopy) -> None:
    formulaic = index_where(zh_copy.source().phrase_sets, id="forbidden.formulaic")
    zh_copy.insert_item(("phrase_sets", formulaic, "phrases"),
                        "{id: just_rules, text: 规定就是规定, exceptions: {contexts: [规定就是规定嘛, 我不会让您失望]}}")
    [finding] = zh_copy.lint("PB306")
    assert "innocent context '我不会让您失望' does not contain the phrase" in finding.message
    assert at(finding, zh_copy.span(("phrase_sets", formulaic, "phrases", 0, "exceptions", "contexts", 1),
                                    prefer="value"))


def test_set_contexts_need_to_contain_one_phrase_of_the_set() -> None:
    def edit(data: dict) -> None:
        data["phrase_sets"][0]["exceptions"] = {"contexts": ["不关我的事情多着呢", "无关的话"]}

    [finding] = mini_findings("PB306", edit)
    assert "'无关的话'" in finding.message and finding.path == ("phrase_sets", 0, "exceptions", "contexts", 1)
