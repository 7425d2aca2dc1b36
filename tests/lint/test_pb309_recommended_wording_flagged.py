"""PB309 recommended-wording-flagged, and the same check when a playbook loads."""

from __future__ import annotations

from playbook.api import Playbook
from playbook.engine.recommended import recommended_texts

from .copies import PlaybookCopy, at

DOMAIN_SCRIPT = "对不起,这个问题我目前还不能确定,请留下你的联系电话,我会通知公司的专门人员为你解答。"
"""[001]'s script for a question the agent cannot answer: recommended in place of hedges."""


def _instead_path(copy: PlaybookCopy, text: str) -> tuple[str | int, ...]:
    for item in recommended_texts(copy.source()):
        if item.text == text and item.path[-1] == "instead":
            return item.path
    raise AssertionError(text)


def test_standard_recommendations_are_never_flagged(zh_copy: PlaybookCopy, en_copy: PlaybookCopy) -> None:
    assert zh_copy.lint("PB309") == [] and en_copy.lint("PB309") == []
    for language in ("zh", "en"):
        playbook = Playbook.standard(language)
        assert not [d for d in playbook.diagnostics if d.code == "recommended-wording-flagged"]
        kinds = {item.what for item in recommended_texts(playbook.source)}
        assert kinds == {"'instead' text", "action script", "required phrase"}


def test_the_domain_script_for_an_unanswerable_question_is_checked_and_clean(zh_copy: PlaybookCopy) -> None:
    texts = [item.text for item in recommended_texts(zh_copy.source())]
    assert DOMAIN_SCRIPT in texts


def test_an_instead_text_with_a_forbidden_phrase_is_found_at_its_line(zh_copy: PlaybookCopy) -> None:
    path = _instead_path(zh_copy, DOMAIN_SCRIPT)
    zh_copy.replace(path, "这是公司的规定,请留下你的联系电话。")
    [finding] = zh_copy.lint("PB309")
    assert "这是公司的规定" in finding.message and "formulaic_handling" in finding.message
    assert at(finding, zh_copy.span(path))
    # loading says so too, as a warning at the same line (lint shows it once, as PB309)
    loaded = Playbook.load(zh_copy.folder)
    [warning] = [d for d in loaded.diagnostics if d.code == "recommended-wording-flagged"]
    assert warning.severity.value == "warning" and warning.span == finding.span


def test_an_undated_promise_in_an_instead_text_is_found(en_copy: PlaybookCopy) -> None:
    path = _instead_path(en_copy, "Could you tell me in detail what happened?")
    en_copy.replace(path, "I promise we'll sort it out right away.")
    findings = en_copy.lint("PB309")
    assert findings and all("careless_promises" in f.message for f in findings)
    assert any(at(f, en_copy.span(path)) for f in findings)
