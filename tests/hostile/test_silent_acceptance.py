"""Input that used to be accepted without a word: each is now a located error, or is read
the same way whatever file it arrives in."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from playbook import Playbook
from playbook.case.io import read_cases
from playbook.errors import CompileError

from .conftest import BASE_CASE, assert_clean_exit, run_playbook

DUPLICATE_NUMBER = """\
extends: standard:en
phrase_sets:
  - id: forbidden.extra
    kind: forbidden
    label: Extra
    taboo: extra_one
    phrases: [we never do that]
taboos:
  - id: extra_one
    number: 1
    label: Another first taboo
    checks:
      - {id: said, kind: phrases, phrase_sets: [forbidden.extra]}
"""


def test_two_taboos_with_one_number_are_refused_at_the_second(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(DUPLICATE_NUMBER, encoding="utf-8")
    with pytest.raises(CompileError) as caught:
        Playbook.load(path)
    (diagnostic,) = [d for d in caught.value.diagnostics if d.code == "duplicate-number"]
    assert diagnostic.span is not None and (diagnostic.span.file, diagnostic.span.line) == (str(path), 10)
    assert "blame_shifting" in diagnostic.message
    err = assert_clean_exit(run_playbook(["validate", str(path)]), 1)
    assert f"{path}:10:" in err and "duplicate-number" in err


def test_a_duration_of_999999999d_is_a_located_load_error_in_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("extends: standard:en\nsla:\n  rules:\n    - {id: forever, first_response: 999999999d}\n",
                    encoding="utf-8")
    err = assert_clean_exit(run_playbook(["validate", str(path)]), 1)
    assert f"{path}:4:" in err and "999999999d" in err
    case = tmp_path / "case.json"
    case.write_text(json.dumps(BASE_CASE), encoding="utf-8")
    err = assert_clean_exit(run_playbook(["eval", "-p", str(path), str(case)]), 2)
    assert f"{path}:4:" in err  # refused when loading, not at every evaluation


BOM = b"\xef\xbb\xbf"
CASE_LINE = json.dumps(BASE_CASE, ensure_ascii=False).encode()


@pytest.mark.parametrize(("name", "body"), [
    ("case.json", CASE_LINE),
    ("case.json", json.dumps(BASE_CASE, ensure_ascii=False, indent=2).encode()),
    ("cases.jsonl", CASE_LINE + b"\n" + CASE_LINE + b"\n"),
    ("case.yaml", b"id: c-1\nfault: company\n"),
    ("<stdin>", CASE_LINE + b"\n"),
])
def test_a_byte_order_mark_is_read_the_same_in_every_case_format(name: str, body: str) -> None:
    plain = [case.id for case in read_cases(io.BytesIO(body), name)]
    marked = [case.id for case in read_cases(io.BytesIO(BOM + body), name)]
    assert marked == plain and plain


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_a_byte_order_mark_is_accepted_by_the_cli_in_json_and_json_lines(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"case{suffix}"
    path.write_bytes(BOM + CASE_LINE + b"\n")
    result = run_playbook(["eval", "-p", "standard:zh", "-f", "json", str(path)])
    assert_clean_exit(result, 0)
    assert json.loads(result.stdout)["case_id"] == "c-1"


def test_a_byte_order_mark_inside_json_lines_is_a_located_error_not_silence() -> None:
    rejected: list[object] = []
    cases = list(read_cases(io.BytesIO(CASE_LINE + b"\n" + BOM + CASE_LINE + b"\n"), "c.jsonl", rejected.append))
    assert len(cases) == 1 and len(rejected) == 1


@pytest.mark.parametrize(("field", "value", "words"), [
    ("tier", "Z", "customer tier 'Z' is not a tier of this playbook"),
    ("fault", "compnay", "fault 'compnay' is not a fault of this playbook"),
])
def test_a_tier_or_fault_the_playbook_does_not_know_is_said_in_the_warnings(
    standard_en: Playbook, field: str, value: str, words: str,
) -> None:
    case = json.loads(json.dumps(BASE_CASE))
    if field == "tier":
        case["customer"]["tier"] = value
    else:
        case["fault"] = value
    decision = standard_en.evaluate(case)
    assert any(words in warning for warning in decision.warnings), decision.warnings
    assert decision.compensation is not None
    if field == "tier":
        assert decision.compensation.tier == "D"  # the lowest tier of rules/en/tiers.yaml
    assert not any(words.split(" is ")[0] in w for w in standard_en.evaluate(BASE_CASE).warnings)
