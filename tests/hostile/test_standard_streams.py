"""Hostile standard streams: closed stdin or stdout, a full disk, a reader that goes away.

Each ends in a documented exit code with one line on stderr, never a traceback or exit 3:
2 when the output cannot be written, 141 (as for SIGPIPE) when the reader of a pipe left.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BASE_CASE, TIMEOUT


def shell(command: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``command`` in bash (``set -o pipefail`` so a pipe reports the first command's code)."""
    try:
        return subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], capture_output=True, text=True,
                              cwd=tmp_path, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{command} did not finish within {TIMEOUT} s")


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    path = tmp_path / "cases.jsonl"
    lines = (json.dumps({**BASE_CASE, "id": f"c-{n}"}, ensure_ascii=False) for n in range(300))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


PLAYBOOK = f"{sys.executable} -m playbook"


@pytest.mark.parametrize("output_format", ["text", "json"])
@pytest.mark.parametrize(("redirect", "words"), [
    (">&-", "standard output is closed"), (">/dev/full", "No space left on device"),
])
def test_output_that_cannot_be_written_is_exit_two(
    tmp_path: Path, cases: Path, output_format: str, redirect: str, words: str
) -> None:
    done = shell(f"{PLAYBOOK} eval -p standard:zh -f {output_format} {cases} {redirect}", tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"cannot write the output: {words}" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_a_reader_that_goes_away_is_the_sigpipe_code(tmp_path: Path, cases: Path, output_format: str) -> None:
    done = shell(f"{PLAYBOOK} eval -p standard:zh -f {output_format} {cases} | head -c1 >/dev/null", tmp_path)
    assert done.returncode == 141, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def test_help_to_a_full_disk_is_exit_two(tmp_path: Path) -> None:
    done = shell(f"{PLAYBOOK} --help >/dev/full", tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_a_show_to_a_full_disk_is_exit_two(tmp_path: Path) -> None:
    done = shell(f"{PLAYBOOK} show standard:en >/dev/full", tmp_path)
    assert done.returncode == 2 and "No space left on device" in done.stderr


def test_closed_stdin_with_case_files_given_is_not_read(tmp_path: Path, cases: Path) -> None:
    done = shell(f"{PLAYBOOK} eval -p standard:zh -f json {cases} <&- | wc -l", tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == "300", done.stderr
