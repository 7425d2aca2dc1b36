"""Hostile standard streams: closed stdin or stdout, a full disk, a reader that goes away.

Each ends in a documented exit code with one line on stderr, never a traceback or exit 3:
2 when the output cannot be written, 141 (as for SIGPIPE) when the reader of a pipe left.
"""

from __future__ import annotations

import fcntl
import json
import os
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


PIPED_COMMANDS = [
    "test standard:zh", "test -v standard:zh", "test -f json standard:zh", "test -f junit standard:en",
    "eval -p standard:zh {cases}", "eval -p standard:zh -f json {cases}", "explain -p standard:zh {cases}",
    "show standard:zh", "lint standard:zh", "schema", "--help", "eval --help",
]


@pytest.mark.parametrize("command", PIPED_COMMANDS)
def test_every_command_piped_into_a_reader_that_left_is_the_sigpipe_code(
    tmp_path: Path, cases: Path, command: str
) -> None:
    # `| true` closes the pipe before the command writes anything, so the write always
    # meets a broken pipe (with `| head`, a short output can fit the pipe before head leaves)
    done = shell(f"{PLAYBOOK} {command.format(cases=cases)} | true", tmp_path)
    assert done.returncode == 141, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


@pytest.mark.skipif(not hasattr(fcntl, "F_SETPIPE_SZ"), reason="the pipe's size is set on Linux only")
def test_playbook_test_piped_into_head_n1_is_the_sigpipe_code(tmp_path: Path) -> None:
    # What `| head -n1` does, made deterministic: the output (about 21 KB) is larger than a
    # pipe of 4 KiB, so however fast the command writes, most of it meets the closed pipe
    # (with the default 64 KiB pipe, a fast run fits whole before head has gone away).
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    with subprocess.Popen([sys.executable, "-m", "playbook", "test", "-v", "standard:zh"], stdout=write_end,
                          stderr=subprocess.PIPE, cwd=tmp_path) as command:
        os.close(write_end)
        with os.fdopen(read_end, "rb") as reader:
            first = reader.readline()
        _, err = command.communicate(timeout=TIMEOUT)
    assert command.returncode == 141, err.decode("utf-8", "replace")
    assert first.startswith(b"PASS ")
    assert b"Traceback" not in err and b"internal error" not in err


@pytest.mark.parametrize("command", [
    "eval -p standard:zh {cases}", "eval -p standard:zh missing.json", "eval -p broken.yaml {cases}",
    "validate broken.yaml", "lint broken.yaml", "test broken.yaml", "--limit max_bites=1 show",
    "no-such-command", "eval -p standard:zh {cases} >&-", "show broken.yaml >&-", "--help >&-",
])
def test_a_closed_stderr_never_ends_in_an_internal_error(tmp_path: Path, cases: Path, command: str) -> None:
    (tmp_path / "broken.yaml").write_text("taboos: [\n", encoding="utf-8")
    done = shell(f"{PLAYBOOK} {command.format(cases=cases)} 2>&-", tmp_path)
    assert done.returncode in (0, 1, 2), (command, done.returncode)


WATCH = f"{PLAYBOOK} watch -p {Path(__file__).resolve().parents[1] / 'watch' / 'data' / 'watch_en.yaml'}"
EVENTS = Path(__file__).resolve().parents[1] / "watch" / "data" / "events.jsonl"


def test_watch_reading_events_from_a_closed_stdin_is_a_located_error(tmp_path: Path) -> None:
    done = shell(f"{WATCH} - <&-", tmp_path)
    assert done.returncode == 2, done.stderr
    assert "<stdin>:1:1: error[watch-events-unreadable]" in done.stderr and "standard input is closed" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


@pytest.mark.parametrize(("redirect", "words"), [
    (">&-", "standard output is closed"), (">/dev/full", "No space left on device"),
])
def test_watch_alerts_to_a_closed_stdout_or_a_full_disk_is_exit_two(tmp_path: Path, redirect: str, words: str) -> None:
    done = shell(f"{WATCH} --state state.json --alerts alerts.jsonl {EVENTS} {redirect}", tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"error: cannot write the output: {words}" in done.stderr and "None:" not in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def test_watch_piped_into_a_reader_that_left_is_the_sigpipe_code(tmp_path: Path) -> None:
    done = shell(f"{WATCH} {EVENTS} | true", tmp_path)
    assert done.returncode == 141, done.stderr
