"""Duplicate keys are refused wherever a reader would keep the last one; a BOM is ignored everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from playbook import Playbook
from playbook.case.io import parse_case, read_cases
from playbook.errors import CaseError, LoadError, PlaybookError
from playbook.source.loader import read_file

from .conftest import BASE_CASE

CASE_TEXT = json.dumps(BASE_CASE, ensure_ascii=False)
TWICE = CASE_TEXT.replace('"fault": "company"', '"fault": "customer", "fault": "company"')


def test_a_json_case_with_a_key_twice_is_refused_at_its_line() -> None:
    assert TWICE != CASE_TEXT
    with pytest.raises(PlaybookError) as caught:
        parse_case(TWICE, "case.json")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "duplicate-key" and diagnostic.span is not None and diagnostic.span.line == 1


def test_a_json_lines_case_with_a_nested_key_twice_is_rejected_alone() -> None:
    import io

    nested = CASE_TEXT.replace('"tier": "A"', '"tier": "C", "tier": "A"')
    rejected: list[CaseError] = []
    stream = io.BytesIO(f"{CASE_TEXT}\n{nested}\n{CASE_TEXT}\n".encode())
    cases = list(read_cases(stream, "cases.jsonl", rejected.append))
    assert len(cases) == 2
    (error,) = rejected
    assert [(d.code, d.span.line if d.span else None) for d in error.diagnostics] == [("duplicate-key", 2)]
    assert "'tier'" in error.diagnostics[0].message


def test_a_yaml_playbook_with_a_key_twice_is_refused_at_the_second(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("extends: standard:en\nsla:\n  rules:\n    - {id: a, first_response: 1h, first_response: 2h}\n",
                    encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        Playbook.load(path)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "duplicate-key" and diagnostic.span is not None and diagnostic.span.line == 4


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_byte_order_mark_at_the_start_of_a_playbook_is_ignored(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"p{suffix}"
    body = b"extends: standard:en\n" if suffix == ".yaml" else b'{"extends": "standard:en"}'
    path.write_bytes(b"\xef\xbb\xbf" + body)
    assert read_file(path).data == {"extends": "standard:en"}
    assert Playbook.load(path).id
