"""Limits bound what they mean to: one JSON Lines line (not the whole stream), aliases (not
the length of a list written out), and a whole playbook (not only each of its files)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from playbook import Playbook
from playbook.case.io import read_cases
from playbook.errors import CaseError, LoadError
from playbook.source.limits import Limits
from playbook.source.loader import load_tree
from playbook.source.yaml_reader import read_yaml

from .conftest import BASE_CASE, assert_clean_exit, run_playbook

LINE = json.dumps(BASE_CASE, ensure_ascii=False).encode()


class RecordingStream(io.BytesIO):
    """A byte stream that remembers the most one call returned (how much was held at once)."""

    largest = 0

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.largest = max(self.largest, len(line))
        return line

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.largest = max(self.largest, len(data))
        return data


def test_an_over_long_line_is_never_held_whole_and_the_next_line_is_read() -> None:
    limit = 64 * 1024
    long_line = b'{"id": "huge", "note": "' + b"x" * (50 * limit) + b'"}'
    stream = RecordingStream(b"\n".join([LINE, long_line, LINE.replace(b'"c-1"', b'"c-3"')]) + b"\n")
    rejected: list[CaseError] = []
    cases = list(read_cases(stream, "cases.jsonl", rejected.append, limits=Limits(max_case_bytes=limit)))
    assert [case.id for case in cases] == ["c-1", "c-3"]
    (error,) = rejected
    (diagnostic,) = error.diagnostics
    assert diagnostic.code == "case-too-large" and str(diagnostic.span) == "cases.jsonl:2:1"
    assert stream.largest <= 1024 * 1024 + 1  # read in bounded pieces, never the 3 MB line at once


def test_a_200_megabyte_json_lines_line_is_rejected_located_and_the_next_case_decided(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"id": "huge", "note": "')
        chunk = b"x" * (1024 * 1024)
        for _ in range(200):
            handle.write(chunk)
        handle.write(b'"}\n' + LINE.replace(b'"c-1"', b'"after"') + b"\n")
    result = run_playbook(["eval", "-p", "standard:zh", "-f", "json", str(path)])
    err = assert_clean_exit(result, 2)
    assert f"{path}:1:1" in err and "case-too-large" in err
    assert [json.loads(line)["case_id"] for line in result.stdout.splitlines()] == ["after"]


def test_json_lines_on_stdin_are_bounded_per_line_not_in_total() -> None:
    lines = b"".join(LINE.replace(b'"c-1"', f'"c-{n}"'.encode()) + b"\n" for n in range(200))
    assert len(lines) > 20 * len(LINE)
    limit = str(len(LINE) + 10)  # every line fits; all of them together are 200 times larger
    result = run_playbook(["--limit", f"max_case_bytes={limit}", "eval", "-p", "standard:zh", "-f", "json", "-"],
                          stdin=lines)
    assert_clean_exit(result, 0)
    assert len(result.stdout.splitlines()) == 200


def thirty_thousand_phrases(tmp_path: Path) -> Path:
    phrases = "".join(
        f"      - id: clause_{n:05}\n        text: policy clause {n:05} forbids it\n        note: clause {n}\n"
        for n in range(30_000)
    )
    path = tmp_path / "many.yaml"
    path.write_text(
        "extends: standard:en\nphrase_sets:\n  - id: forbidden.many\n    kind: forbidden\n    label: Many\n"
        f"    taboo: blame_shifting\n    phrases:\n{phrases}"
        "taboos:\n  - id: blame_shifting\n    checks:\n      - {id: many, kind: phrases, phrase_sets: [forbidden.many]}\n",
        encoding="utf-8",
    )
    return path


def test_a_playbook_of_30000_phrases_is_not_taken_for_an_alias_bomb(tmp_path: Path) -> None:
    playbook = Playbook.load(thirty_thousand_phrases(tmp_path))
    decision = playbook.evaluate({**BASE_CASE, "transcript": [
        {"role": "agent", "text": "Sorry, policy clause 12345 forbids it."}]})
    assert "blame_shifting/many" in [v.rule for v in decision.violations]


def test_an_alias_bomb_is_still_one() -> None:
    text = "a: &a [" + ", ".join(["x"] * 1000) + "]\nb: [" + ", ".join(["*a"] * 1000) + "]\n"
    with pytest.raises(LoadError) as caught:
        read_yaml(text, "bomb.yaml")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "yaml-too-large" and "alias bomb" in diagnostic.message
    assert diagnostic.hint is not None and "max_alias_values" in diagnostic.hint
    read_yaml(text, "bomb.yaml", Limits(max_alias_values=2_000_000, max_nodes=2_000_000))  # allowed when raised


def test_a_folder_of_30_files_of_99k_nodes_stops_at_the_whole_playbook_limit(tmp_path: Path) -> None:
    folder = tmp_path / "pb"
    folder.mkdir()
    body = "".join(f"  - k{n}\n" for n in range(99_000))
    for number in range(30):
        (folder / f"f{number:02}.yaml").write_text(f"part{number}:\n{body}", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_tree(folder)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "playbook-too-large" and "500,000" in diagnostic.message
    assert diagnostic.span is not None and str(diagnostic.span.file).endswith("f05.yaml")  # not all 30 read


def _limit_table() -> dict[str, str]:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Limits and hostile input", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, str] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) >= 3 and cells[0].startswith("`max_"):
            rows[cells[0].strip("`")] = cells[1]
    return rows


def test_every_limit_is_in_the_readme_table_with_its_default() -> None:
    from playbook.source.limits import DEFAULT_LIMITS, limit_names

    table = _limit_table()
    assert sorted(table) == sorted(limit_names())
    for name, shown in table.items():
        value: Any = getattr(DEFAULT_LIMITS, name)
        written = shown.replace(",", "")
        if written.endswith("MiB"):
            assert int(written.removesuffix(" MiB")) * 1024 * 1024 == value, name
        else:
            assert int(written) == value, name


@pytest.mark.parametrize("name", ["max_messages", "max_message_chars", "max_case_chars", "max_violations",
                                  "max_evidence", "max_alias_values", "max_case_bytes", "max_total_values"])
def test_every_limit_is_set_from_the_environment_and_reaches_the_playbook(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLAYBOOK_LIMITS", f"{name}=123456")
    assert getattr(Playbook.standard("en").limits, name) == 123456
