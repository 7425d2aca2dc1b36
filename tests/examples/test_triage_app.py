"""The example triage worker: run as a program on the bundled batch, and its parts in-process."""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
from pathlib import Path

import pytest

from playbook.api import Playbook

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "examples" / "app" / "triage_service.py"
BATCH = ROOT / "examples" / "cases" / "batch.jsonl"


@pytest.fixture(scope="module")
def app():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("triage_service", APP)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["triage_service"] = module  # dataclasses look their module up while building
    try:
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        yield module
    finally:
        sys.modules.pop("triage_service", None)


def test_runs_on_the_batch_file() -> None:
    result = subprocess.run([sys.executable, str(APP), str(BATCH), "--workers", "3"],
                            capture_output=True, text=True, encoding="utf-8", timeout=300, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    ids = [line.split("  ")[0] for line in lines[:-1]]
    assert ids == [line.split('"id":"')[1].split('"')[0] for line in BATCH.read_text(encoding="utf-8").splitlines()]
    assert lines[-1].startswith("9 cases on 3 threads with one compiled playbook (standard-zh")
    assert "0 unreadable" in lines[-1]
    [formulaic] = [line for line in lines if line.startswith("company-rule-no-alternative")]
    assert "formulaic_handling/rule_as_excuse #3[15:22]“這是公司的規定”" in formulaic
    [vip] = [line for line in lines if line.startswith("vip-physical-harm-media")]
    assert "severity=critical/P1" in vip and "escalate=director by 03-17 16:10" in vip


def test_reads_stdin_and_skips_bad_lines(app, standard_zh: Playbook) -> None:  # type: ignore[no-untyped-def]
    text = BATCH.read_text(encoding="utf-8").splitlines()[-1] + "\nnot json\n\n{\"id\": \"\"}\n"
    out, err = io.StringIO(), io.StringIO()
    totals = app.run(standard_zh, app.parse_lines(io.StringIO(text)), out, err, workers=2)
    assert totals.cases == 1 and totals.with_violations == 1
    assert [u.split(":")[0] for u in totals.unreadable] == ["line 2", "line 4"]
    assert out.getvalue().startswith("company-rule-no-alternative  category=after_sales")
    assert "line 2: skipped" in err.getvalue()


def test_many_threads_one_playbook_same_decisions(app, standard_zh: Playbook) -> None:  # type: ignore[no-untyped-def]
    """Shared across 8 threads, the compiled playbook gives exactly the sequential decisions."""
    parsed = list(app.parse_lines(io.StringIO(BATCH.read_text(encoding="utf-8")))) * 20
    sequential = io.StringIO()
    app.run(standard_zh, parsed, sequential, io.StringIO(), workers=1)
    threaded = io.StringIO()
    app.run(standard_zh, parsed, threaded, io.StringIO(), workers=8)
    assert threaded.getvalue() == sequential.getvalue()
