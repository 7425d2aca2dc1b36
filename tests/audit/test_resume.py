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
from pathlib import Path

import pytest

from .archives import write_jsonl
from .test_audit import BAD, GOOD

KINDS = ("decisions.jsonl", "violations.jsonl", "rejects.jsonl")


def _command(archive: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "playbook", "audit", str(archive), "--out", str(out), "--jobs", str(jobs),
            "--checkpoint-every", "40", "--quiet", "--no-report"]


def _run(args: list[str]) -> int:
    return subprocess.run(args, capture_output=True, timeout=600, check=False).returncode


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("jobs", [1, 2])
def test_kill_9_then_resume_equals_an_uninterrupted_run(tmp_path: Path, jobs: int) -> None:
    archive = write_jsonl(tmp_path / "a.jsonl", GOOD * 100, {i * 97: line for i, line in enumerate(BAD.values())})
    whole = tmp_path / "whole"
    assert _run(_command(archive, whole, 1)) == 1  # rejects present → exit 1
    expected = {kind: (whole / kind).read_bytes() for kind in KINDS}
    resumed = tmp_path / "resumed"
    rng = random.Random(13 + jobs)
    kills = 0
    for _ in range(4):
        process = subprocess.Popen(_command(archive, resumed, jobs), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.8, 4.0))  # start-up and import take most of a second
        if process.poll() is not None:
            break
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        kills += 1
    assert _run(_command(archive, resumed, jobs)) == 1
    assert {kind: (resumed / kind).read_bytes() for kind in KINDS} == expected
    summary = json.loads((resumed / "summary.json").read_text(encoding="utf-8"))
    whole_summary = json.loads((whole / "summary.json").read_text(encoding="utf-8"))
    assert summary["rows"] == whole_summary["rows"] == {"in": 1204, "decided": 1200, "rejected": 4, "balanced": True}
    assert summary["by"] == whole_summary["by"]
    assert kills >= 1, "the run finished before any kill; the test proved nothing"
