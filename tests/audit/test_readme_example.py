"""The README's audit command, as written, on the bundled example archive: it runs, writes
the report, and rejects exactly the bad rows the example's README describes."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _audit_commands(readme: Path) -> list[list[str]]:
    """Every `playbook audit` command in the fenced blocks of ``readme``."""
    blocks: list[list[str]] = []
    inside = False
    for line in readme.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = not inside
            if inside:
                blocks.append([])
        elif inside:
            blocks[-1].append(line)
    commands = []
    for block in blocks:
        joined = "\n".join(block).replace("\\\n", " ")
        commands += [shlex.split(line) for line in joined.splitlines() if line.startswith("playbook audit ")]
    return commands


@pytest.mark.parametrize("readme", ["README.md", "examples/archive/README.md"])
def test_the_readme_audit_of_the_example_archive(tmp_path: Path, readme: str) -> None:
    commands = _audit_commands(ROOT / readme)
    assert commands, f"no `playbook audit` command in {readme}"
    args = commands[0][1:]
    assert "examples/archive/messages.csv" in args
    out = tmp_path / "audit-out"
    args[args.index("--out") + 1] = str(out)
    result = subprocess.run([sys.executable, "-m", "playbook", *args], cwd=ROOT, capture_output=True, text=True,
                            timeout=600, check=False)
    assert result.returncode == 1, result.stderr  # the example has bad rows: exit 1, as its README says
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["rows"]["balanced"] and summary["rows"]["in"] == sum(
        1 for _ in (ROOT / "examples/archive/messages.csv").open(encoding="utf-8")) - 1
    rejects = [json.loads(line) for line in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rejects) == 3 and all(r["file"] == "examples/archive/messages.csv" for r in rejects)
    assert sum(1 for r in rejects if r["rows"] > 1) == 2  # two sessions with a bad row, one row with no session
    assert summary["violations"] > 0 and summary["cases"]["decided"] > 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<mark>" in page and 'id="audit-summary"' in page
    for name in ("decisions.jsonl", "violations.jsonl", "rejects.jsonl"):
        assert (out / name).exists()
    assert f"{summary['rows']['in']} rows in" in result.stdout
