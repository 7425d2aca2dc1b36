"""Killed with SIGKILL at random moments, the same command continues with nothing lost or
written twice: the final files equal an uninterrupted run's, byte for byte."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .archives import MAPPING, write_csv, write_jsonl
from .test_audit import BAD, GOOD
from .test_sessions import shuffled

KINDS = ("decisions.jsonl", "violations.jsonl", "rejects.jsonl")


def _command(archive: Path, out: Path, jobs: int) -> list[str]:
    mapping = ["--mapping", str(MAPPING)] if archive.suffix == ".csv" else []
    return [sys.executable, "-m", "playbook", "audit", str(archive), "--out", str(out), "--jobs", str(jobs),
            "--checkpoint-every", "40", "--quiet", "--no-report", *mapping]


def _messages_archive(path: Path) -> Path:
    """An unsorted table of messages: 400 sessions of 12 rows, one bad row, one orphan."""
    from .archives import long_cases, message_rows

    rows = message_rows(long_cases(400, 12))
    rows[5 * 12 + 3]["sender"] = "9"
    rows.append({**rows[0], "session_id": ""})
    return write_csv(path, shuffled(rows, seed=99))


def _run(args: list[str]) -> int:
    return subprocess.run(args, capture_output=True, timeout=600, check=False).returncode


def _parts(checkpoint: Path) -> int:
    try:
        return int(json.loads(checkpoint.read_text(encoding="utf-8"))["parts"])
    except (OSError, ValueError, KeyError):
        return 0


def _wait_for_parts(checkpoint: Path, process: subprocess.Popen[bytes], parts: int) -> None:
    """Until the checkpoint counts ``parts`` parts (or the run ended): a point in the run
    reached by its progress, however fast the machine decides cases."""
    deadline = time.monotonic() + 120
    while process.poll() is None and _parts(checkpoint) < parts and time.monotonic() < deadline:
        time.sleep(0.005)


ROWS = {"cases": {"in": 2404, "decided": 2400, "rejected": 4, "balanced": True},
        "messages": {"in": 4801, "decided": 399 * 12, "rejected": 13, "balanced": True}}


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], tuple[Path, Path]]:
    """(archive, output folder of its uninterrupted run) per kind of archive, run once for the
    module: every resumed run of that archive, whatever its --jobs, must equal the same files."""
    made: dict[str, tuple[Path, Path]] = {}

    def get(kind: str) -> tuple[Path, Path]:
        if kind not in made:
            root = tmp_path_factory.mktemp(f"uninterrupted-{kind}")
            if kind == "cases":
                archive = write_jsonl(root / "a.jsonl", GOOD * 200,
                                      {i * 197: line for i, line in enumerate(BAD.values())})
            else:
                archive = _messages_archive(root / "m.csv")
            whole = root / "whole"
            assert _run(_command(archive, whole, 1)) == 1  # rejects present → exit 1
            made[kind] = (archive, whole)
        return made[kind]

    return get


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize(("kind", "jobs"), [("cases", 1), ("cases", 2), ("messages", 1)])
def test_kill_9_then_resume_equals_an_uninterrupted_run(
        tmp_path: Path, uninterrupted: Callable[[str], tuple[Path, Path]], kind: str, jobs: int) -> None:
    archive, whole = uninterrupted(kind)
    rows = ROWS[kind]
    expected = {kind: (whole / kind).read_bytes() for kind in KINDS}
    resumed = tmp_path / "resumed"
    rng = random.Random(13 + jobs)
    kills = 0
    for attempt in range(5):
        process = subprocess.Popen(_command(archive, resumed, jobs), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        checkpoint = resumed / "checkpoint.json"
        if attempt == 0:  # anywhere: starting up (no part yet), or reading, grouping and deciding
            first = rng.randint(0, 3)
            if first == 0:
                time.sleep(rng.uniform(0.05, 0.3))  # Python and the playbook are still loading
            else:
                _wait_for_parts(checkpoint, process, first)
        else:  # killed mid-run, not at start-up: once this run has written a part of its own
            _wait_for_parts(checkpoint, process, _parts(checkpoint) + 1)
            time.sleep(rng.uniform(0.0, 0.6))
        if process.poll() is not None:
            break
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        kills += 1
    assert _run(_command(archive, resumed, jobs)) == 1
    assert {kind: (resumed / kind).read_bytes() for kind in KINDS} == expected
    summary = json.loads((resumed / "summary.json").read_text(encoding="utf-8"))
    whole_summary = json.loads((whole / "summary.json").read_text(encoding="utf-8"))
    assert summary["rows"] == whole_summary["rows"] == rows
    assert summary["by"] == whole_summary["by"]
    assert kills >= 1, "the run finished before any kill; the test proved nothing"
