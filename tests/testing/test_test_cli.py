"""``playbook test``: exit codes, selection, formats and the report file."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from playbook.cli.main import cli

PASSING = """
tests:
  - name: refusal
    case: {transcript: [{role: agent, text: "抱歉，這是公司的規定。"}]}
    expect: {taboos: [7]}
"""
FAILING = """
tests:
  - name: wrong cap
    case: {transcript: []}
    expect: {cap: 1}
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["test", *args])
    return result.exit_code, result.stdout, result.stderr


def test_all_pass_exits_0(write_tests: Callable[..., Path], project: Path) -> None:
    write_tests(PASSING)
    code, out, _ = run(str(project))
    assert code == 0 and out.splitlines()[-1] == "1 passed, 0 failed"


def test_a_failure_exits_1_and_shows_both_values(write_tests: Callable[..., Path], project: Path) -> None:
    write_tests(PASSING)
    write_tests(FAILING, name="more.test.yaml")
    code, out, _ = run(str(project))
    assert code == 1 and "wrong cap" in out and "120.00" in out
    assert run(str(project), "-k", "refusal")[0] == 0


def test_usage_and_load_errors_exit_2(write_tests: Callable[..., Path], project: Path, tmp_path: Path) -> None:
    assert run(str(tmp_path / "nowhere"))[0] == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(str(empty))[0] == 2
    write_tests(PASSING)
    assert run(str(project), "-k", "no such test")[0] == 2
    assert run(str(project / "mini.yaml"))[0] == 2  # not a test file
    write_tests("tests: [{name: x, cas: {}}]\n", name="bad.test.yaml")
    assert run(str(project))[0] == 2


def test_junit_report_to_a_file(write_tests: Callable[..., Path], project: Path) -> None:
    write_tests(FAILING)
    target = project / "report.xml"
    code, out, err = run(str(project), "--format", "junit", "--output", str(target))
    assert code == 1 and out == "" and "0 passed, 1 failed" in err
    assert ET.parse(target).getroot().get("failures") == "1"
