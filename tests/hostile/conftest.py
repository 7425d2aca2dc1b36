"""Helpers for the hostile-input suite: run the real command in a subprocess, with a timeout.

Each test sends one kind of hostile input and asserts how it ends: a located library error,
a bounded run, or a documented limit. A hang fails through the timeout instead of blocking
the suite; no test asserts on speed.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

TIMEOUT = 120
"""Seconds before a run counts as a hang; generous, so a slow shared machine never fails it."""

BASE_CASE: dict[str, Any] = {
    "id": "c-1",
    "fault": "company",
    "customer": {"tier": "A", "order_amount": "59.00"},
    "received_at": "2026-03-02T10:00:00+08:00",
    "transcript": [{"role": "customer", "text": "买的果干发霉了！"}, {"role": "agent", "text": "这是公司的规定"}],
}


def run_playbook(
    args: Sequence[str], *, stdin: bytes | None = b"", cwd: Path | None = None, timeout: float = TIMEOUT,
    **popen: Any,
) -> subprocess.CompletedProcess[bytes]:
    """``playbook ARGS`` in a fresh interpreter; fails the test on a hang."""
    command = [sys.executable, "-m", "playbook", *args]
    try:
        return subprocess.run(command, input=stdin, capture_output=True, cwd=cwd, timeout=timeout, **popen)
    except subprocess.TimeoutExpired:
        pytest.fail(f"playbook {' '.join(args)} did not finish within {timeout} s")


def assert_clean_exit(result: subprocess.CompletedProcess[bytes], *expected: int) -> str:
    """The run ended with one of ``expected`` (never 3, never a signal); returns stderr."""
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode in expected, f"exit {result.returncode}, expected {expected}\n{err}"
    assert "internal error" not in err and "Traceback" not in err, err
    return err
