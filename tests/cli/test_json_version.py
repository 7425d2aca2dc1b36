"""Every JSON document the command line writes starts with the output format's ``version``,
so a tool reading it can refuse a shape it does not know."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook.cli.main import cli
from playbook.output_version import OUTPUT_VERSION

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "examples" / "cases"
WATCH = ROOT / "tests" / "watch" / "data"

SINGLE = [
    ["validate", "standard:en", "-f", "json"],
    ["lint", "standard:en", "-f", "json"],
    ["test", "standard:en", "-f", "json"],
    ["show", "standard:en", "-f", "json"],
    ["explain", "-p", "standard:en", "-f", "json", str(CASES / "en-mouldy-dried-fruit.json")],
    ["diff", "standard:zh", "standard:zh", "--cases", str(CASES / "batch.jsonl"), "-f", "json"],
]
LINES = [
    ["eval", "-p", "standard:zh", "-f", "json", str(CASES / "batch.jsonl")],
    ["explain", "-p", "standard:en", "-f", "json", str(CASES / "en-mouldy-dried-fruit.json"),
     str(CASES / "en-passing-the-ball.json")],
    ["watch", "--playbook", str(WATCH / "watch_en.yaml"), "--backend", "python", "-f", "json",
     str(WATCH / "events.jsonl")],
]


@pytest.mark.parametrize("args", SINGLE, ids=lambda a: a[0])
def test_json_document_carries_its_version(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 1), result.output
    document = json.loads(result.stdout)
    assert next(iter(document)) == "version"
    assert document["version"] == OUTPUT_VERSION


@pytest.mark.parametrize("args", LINES, ids=lambda a: a[0])
def test_every_json_line_carries_its_version(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 1), result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) >= 2
    assert all(next(iter(line)) == "version" and line["version"] == OUTPUT_VERSION for line in lines)
