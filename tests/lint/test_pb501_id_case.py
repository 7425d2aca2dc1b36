"""PB501 id-case."""

from __future__ import annotations

from .copies import PlaybookCopy, mini_findings

EXTRA_CATEGORY = """\
categories:
  - id: Quality
    label: 质量（重复）
"""


def test_standard_ids_differ_by_more_than_case(zh_copy: PlaybookCopy, en_copy: PlaybookCopy) -> None:
    assert zh_copy.lint("PB501") == [] and en_copy.lint("PB501") == []


def test_a_category_differing_only_by_case(zh_copy: PlaybookCopy) -> None:
    path = zh_copy.write("zz_more_categories.yaml", EXTRA_CATEGORY)
    [finding] = zh_copy.lint("PB501")
    assert "category ids 'quality' and 'Quality' differ only by case" in finding.message
    assert finding.span is not None and (finding.span.file, finding.span.line) == (str(path), 2)


def test_phrase_ids_are_compared_across_sets() -> None:
    def edit(data: dict) -> None:
        data["phrase_sets"][0]["phrases"].append({"id": "I-Wont", "text": "我就不"})

    [finding] = mini_findings("PB501", edit)
    assert "phrase ids 'I-Wont' and 'i-wont' differ only by case" in finding.message
    assert finding.path[-2:] == (0, "id")  # reported at the second one written
