"""Progress as a person sees it: a live bar with rate and ETA on a real terminal (a pty),
plain periodic lines in a log, nothing with --quiet."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .archives import MAPPING, long_cases, message_rows, write_csv, write_jsonl
from .test_audit import BAD, GOOD

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
CLOCK = r"\d+:\d\d:\d\d"


def _command(archive: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "playbook", "audit", str(archive), "--out", str(out), "--no-report",
            "--checkpoint-every", "100", *extra]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM", "COLUMNS", "LINES")}
    env.update(TERM="xterm-256color", COLUMNS="160", LINES="40", PYTHONPATH=str(Path(__file__).parents[2]))
    return env


def _run_on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run with stderr (where progress goes) on a pseudo-terminal; everything it drew."""
    master, slave = os.openpty()
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, env=_env())
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the other side closed: the process ended
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    os.close(master)
    assert process.stdout is not None
    process.stdout.read()
    return process.wait(timeout=60), b"".join(chunks).decode("utf-8", errors="replace")


def test_a_terminal_gets_a_live_bar_with_rate_and_eta(tmp_path: Path) -> None:
    archive = write_jsonl(tmp_path / "a.jsonl", GOOD * 150, BAD)
    code, drawn = _run_on_a_terminal(_command(archive, tmp_path / "out"))
    assert code == 1  # rows were rejected
    assert "\x1b[" in drawn, "no terminal control sequences: the bar was not live"
    screen = ANSI.sub("", drawn)
    frames = [f for f in re.split(r"[\r\n]+", screen) if "auditing" in f]
    assert frames, screen[-2000:]
    last = frames[-1]
    assert re.search(r"1804 cases · [\d,]+/s", last), last
    assert re.search(rf"ETA {CLOCK}", last), last
    assert "100%" in last
    assert not re.search(r"^auditing: \d+ cases, ", screen, re.MULTILINE)  # not the plain lines


def test_a_terminal_shows_grouping_then_auditing_for_a_table_of_messages(tmp_path: Path) -> None:
    archive = write_csv(tmp_path / "m.csv", message_rows(long_cases(300)))
    code, drawn = _run_on_a_terminal(_command(archive, tmp_path / "out", "--mapping", str(MAPPING)))
    assert code == 0
    screen = ANSI.sub("", drawn)
    assert re.search(rf"grouping .* 3600 rows · [\d,]+/s .*ETA {CLOCK}", screen), screen[-2000:]
    auditing = [f for f in re.split(r"[\r\n]+", screen) if "auditing" in f]
    assert auditing and re.search(rf"300 cases · [\d,]+/s .*ETA {CLOCK}", auditing[-1]), auditing[-1:]


def test_a_log_gets_plain_periodic_lines(tmp_path: Path) -> None:
    archive = write_jsonl(tmp_path / "a.jsonl", GOOD * 100, BAD)
    result = subprocess.run(_command(archive, tmp_path / "out", "--progress-every", "0"), capture_output=True,
                            text=True, env=_env(), timeout=300, check=False)
    assert result.returncode == 1
    assert "\x1b[" not in result.stderr
    lines = result.stderr.splitlines()
    plain = [re.fullmatch(r"auditing: (\d+) cases, [\d,]+/s, (\d+)% of input, ETA (\d+|nan)s", line) for line in lines]
    assert len(lines) >= 3 and all(plain), lines
    counts = [int(m.group(1)) for m in plain if m]
    assert counts == sorted(counts) and counts[-1] == 1204
    assert lines[-1].split(", ")[2] == "100% of input"
    assert "1204 rows in" not in result.stderr and "1204 rows in" in result.stdout


def test_a_log_gets_a_line_every_few_seconds_not_per_case(tmp_path: Path) -> None:
    archive = write_jsonl(tmp_path / "a.jsonl", GOOD * 100)
    started = time.monotonic()
    result = subprocess.run(_command(archive, tmp_path / "out"), capture_output=True, text=True, env=_env(),
                            timeout=300, check=False)
    took = time.monotonic() - started
    assert result.returncode == 0
    lines = result.stderr.splitlines()
    # The first line, one per 5 s at most, and the last: not one per progress call (18 here).
    assert 1 <= len(lines) <= 2 + took / 5, lines
    assert lines[-1].startswith("auditing: 1200 cases") and "100% of input" in lines[-1]


@pytest.mark.parametrize("where", ["terminal", "log"])
def test_quiet_prints_nothing(tmp_path: Path, where: str) -> None:
    archive = write_jsonl(tmp_path / "a.jsonl", GOOD * 20, BAD)
    args = _command(archive, tmp_path / "out", "--quiet")
    if where == "terminal":
        code, drawn = _run_on_a_terminal(args)
        assert code == 1 and drawn == ""
    else:
        result = subprocess.run(args, capture_output=True, text=True, env=_env(), timeout=300, check=False)
        assert result.returncode == 1 and result.stderr == "" and result.stdout == ""
