"""Hostile case batches: every line is decided or rejected at ``file:line``, and the exit says so.

A bad line (invalid UTF-8, not JSON, not a case, a byte order mark, a line longer than
the limit) never takes its neighbours down with it, and the exit code is 2 whenever a
case was rejected.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from playbook.case.io import read_cases

from .conftest import BASE_CASE, TIMEOUT, assert_clean_exit, run_playbook


def case_line(number: int) -> bytes:
    return json.dumps({**BASE_CASE, "id": f"c-{number}"}, ensure_ascii=False).encode("utf-8") + b"\n"


def batch(tmp_path: Path, bad: dict[int, bytes], count: int = 10, name: str = "cases.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(b"".join(bad.get(n, case_line(n)) for n in range(1, count + 1)))
    return path


def decided_ids(stdout: bytes) -> list[str]:
    return [json.loads(line)["case_id"] for line in stdout.splitlines() if line.strip()]


@pytest.mark.parametrize(("bad_line", "code"), [
    (b'{"id": "c-5", "fault": \xff\xfe}\n', "not-utf8"),
    (b'{"id": "c-5", "fault": \n', "json-syntax"),
    (b"[1, 2, 3]\n", "invalid-case"),
    (b'{"id": "c-5", "colour": "red"}\n', "unknown-field"),
])
def test_a_bad_fifth_line_is_rejected_and_the_other_nine_decided(tmp_path: Path, bad_line: bytes, code: str) -> None:
    path = batch(tmp_path, {5: bad_line})
    result = run_playbook(["eval", "-p", "standard:zh", "-f", "json", str(path)])
    err = assert_clean_exit(result, 2)
    assert decided_ids(result.stdout) == [f"c-{n}" for n in range(1, 11) if n != 5]
    assert f"{path}:5:1:" in err and code in err
    assert "1 input case(s) rejected" in err


@pytest.mark.parametrize(("bad_line", "code"), [
    (b'{"id": "c-5", "fault": \xff\xfe}\n', "not-utf8"),
    (b'{"id": "c-5", "fault": \n', "json-syntax"),
])
@pytest.mark.parametrize("command", ["explain", "diff"])
def test_explain_and_diff_reject_a_bad_fifth_line_and_decide_the_other_nine(
    tmp_path: Path, command: str, bad_line: bytes, code: str
) -> None:
    path = batch(tmp_path, {5: bad_line})
    args = (["explain", "-p", "standard:zh", "-f", "json", str(path)] if command == "explain"
            else ["diff", "standard:zh", "standard:en", "-f", "json", "--cases", str(path)])
    result = run_playbook(args)
    err = assert_clean_exit(result, 2)
    assert f"{path}:5:1:" in err and code in err and "1 input case(s) rejected" in err
    if command == "explain":
        assert decided_ids(result.stdout) == [f"c-{n}" for n in range(1, 11) if n != 5]
    else:
        report = json.loads(result.stdout)
        assert report["summary"]["cases"] == 9
        assert [case["case_id"] for case in report["cases"]] == [f"c-{n}" for n in range(1, 11) if n != 5]


def test_a_byte_order_mark_on_line_one_is_ignored(tmp_path: Path) -> None:
    path = batch(tmp_path, {1: b"\xef\xbb\xbf" + case_line(1)}, count=3)
    result = run_playbook(["eval", "-p", "standard:zh", "-f", "json", str(path)])
    assert_clean_exit(result, 0)
    assert decided_ids(result.stdout) == ["c-1", "c-2", "c-3"]


def test_a_byte_order_mark_in_a_json_file_is_ignored_too(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(BASE_CASE, indent=2).encode("utf-8"))
    assert_clean_exit(run_playbook(["eval", "-p", "standard:zh", "-f", "json", str(path)]), 0)


def test_one_bad_line_on_stdin_rejects_only_that_line(tmp_path: Path) -> None:
    stdin = case_line(1) + b"not json at all\n" + case_line(3)
    result = run_playbook(["eval", "-p", "standard:zh", "-f", "json"], stdin=stdin)
    err = assert_clean_exit(result, 2)
    assert decided_ids(result.stdout) == ["c-1", "c-3"]
    assert "<stdin>:2:1:" in err


def test_a_line_over_the_limit_is_rejected_without_reading_it_whole() -> None:
    import io

    rejected = []
    stream = io.BytesIO(case_line(1) + b'{"id": "' + b"x" * 5000 + b'"}\n' + case_line(3))
    cases = list(read_cases(stream, "big.jsonl", rejected.append, max_bytes=1000))
    assert [case.id for case in cases] == ["c-1", "c-3"]
    (error,) = rejected
    (diagnostic,) = error.diagnostics
    assert diagnostic.code == "case-too-large" and diagnostic.span is not None and diagnostic.span.line == 2


@pytest.mark.parametrize("what", ["missing", "folder", "device"])
def test_a_case_path_that_is_not_a_file_is_rejected_and_the_others_decided(tmp_path: Path, what: str) -> None:
    good = batch(tmp_path, {}, count=2)
    bad = {"missing": str(tmp_path / "gone.jsonl"), "folder": str(tmp_path), "device": "/dev/zero"}[what]
    result = run_playbook(["eval", "-p", "standard:zh", "-f", "json", bad, str(good)])
    err = assert_clean_exit(result, 2)
    assert decided_ids(result.stdout) == ["c-1", "c-2"]
    assert "cannot read cases" in err


def test_closed_stdin_is_a_usage_error() -> None:
    done = subprocess.run(
        f"{sys.executable} -m playbook eval -p standard:zh <&-", shell=True, capture_output=True, timeout=TIMEOUT,
    )
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "standard input is closed" in err and "Traceback" not in err


def test_a_yaml_case_file_that_does_not_parse_is_rejected_and_the_next_file_decided(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: c-0\nfault: [company\n", encoding="utf-8")
    good = batch(tmp_path, {}, count=2)
    result = run_playbook(["eval", "-p", "standard:zh", "-f", "json", str(broken), str(good)])
    err = assert_clean_exit(result, 2)
    assert decided_ids(result.stdout) == ["c-1", "c-2"]
    assert f"{broken}:" in err
