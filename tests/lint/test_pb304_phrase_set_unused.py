"""PB304 phrase-set-unused."""

from __future__ import annotations

from .copies import PlaybookCopy, mini_findings

EXTRA_SET = """\
phrase_sets:
  - id: forbidden.rudeness
    kind: forbidden
    taboo: cold_attitude
    phrases: [你烦不烦]
"""


def test_standard_sets_are_all_used(zh_copy: PlaybookCopy, en_copy: PlaybookCopy) -> None:
    assert zh_copy.lint("PB304") == [] and en_copy.lint("PB304") == []


def test_a_forbidden_set_no_check_names(zh_copy: PlaybookCopy) -> None:
    path = zh_copy.write("zz_extra_phrases.yaml", EXTRA_SET)
    [finding] = zh_copy.lint("PB304")
    assert "'forbidden.rudeness' is not used by any taboo check" in finding.message
    assert finding.span is not None and finding.span.file == str(path) and finding.span.line == 2
    assert "kind: phrases, phrase_sets: [forbidden.rudeness]" in (finding.hint or "")


def test_signal_sets_used_by_promises_are_used() -> None:
    def edit(data: dict) -> None:
        data["taboos"] = [t for t in data["taboos"] if t["id"] != "careless_promises"]

    found = mini_findings("PB304", edit)
    assert sorted(f.message.split("'")[1] for f in found) == ["dates", "promises"]
