"""Test reports: text with expected and actual side by side, JSON, and JUnit XML read back."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
import xmlschema
from click.testing import CliRunner

from playbook.cli.main import cli
from playbook.testing import Runner, RunReport, discover
from playbook.testing.report import render_json, render_junit, render_text

JUNIT_XSD = xmlschema.XMLSchema(Path(__file__).with_name("junit-10.xsd"))
"""The Jenkins xUnit plugin's JUnit schema (see junit-10.xsd.txt)."""

BODY = """
tests:
  - name: passes
    case: {transcript: [{role: agent, text: "抱歉，這是公司的規定。"}]}
    expect: {taboos: [formulaic_handling]}
  - name: fails
    note: the cap is 120.00
    case: {transcript: [{role: agent, text: "抱歉"}]}
    expect: {cap: "150.00", escalation_level: manager}
  - name: "errs <&> \\x01"
    case: {transcript: [{role: nobody, text: x}]}
"""


@pytest.fixture
def report(write_tests: Callable[..., Path]) -> RunReport:
    return Runner().run_files(discover([write_tests(BODY)]))


def test_text_puts_expected_beside_actual(report: RunReport) -> None:
    out = io.StringIO()
    render_text(report, out, color=False)
    text = out.getvalue()
    assert "PASS" not in text
    assert "FAIL " in text and "::fails" in text and "note: the cap is 120.00" in text
    row = next(line for line in text.splitlines() if line.startswith("cap "))
    assert row.split() == ["cap", "150.00", "120.00"]
    assert next(line for line in text.splitlines() if line.startswith("escalation_level")).split() == [
        "escalation_level", "manager", "agent"]
    assert "ERROR " in text and "invalid-value" in text
    assert text.splitlines()[-1] == "1 passed, 1 failed, 1 error"


def test_text_verbose_lists_passing_tests(report: RunReport) -> None:
    out = io.StringIO()
    render_text(report, out, verbose=True, color=False)
    assert "PASS " in out.getvalue() and "::passes" in out.getvalue()


def test_json_holds_every_result(report: RunReport) -> None:
    out = io.StringIO()
    render_json(report, out)
    data = json.loads(out.getvalue())
    assert data["summary"] == {**data["summary"], "passed": 1, "failed": 1, "errors": 1, "deselected": 0}
    failed = data["results"][1]
    assert failed["outcome"] == "failed"
    assert failed["mismatches"][0] == {**failed["mismatches"][0], "what": "cap", "expected": "150.00",
                                       "actual": "120.00"}


def test_junit_is_well_formed_and_counts_add_up(report: RunReport) -> None:
    out = io.StringIO()
    render_junit(report, out)
    root = ET.fromstring(out.getvalue().encode("utf-8"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "1")
    [suite] = root.findall("testsuite")
    assert suite.get("name", "").endswith("mini.test.yaml") and suite.get("tests") == "3"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases][:2] == ["passes", "fails"]
    assert all(c.get("classname", "").endswith("tests.mini") and float(c.get("time", "x")) >= 0 for c in cases)
    assert list(cases[0]) == []
    [failure] = cases[1].findall("failure")
    assert failure.get("message") == "cap: expected 150.00, got 120.00"
    assert "expected: 150.00" in (failure.text or "") and "actual:   120.00" in (failure.text or "")
    [error] = cases[2].findall("error")
    assert error.get("type") == "invalid-value"
    assert cases[2].get("name") == "errs <&> \ufffd"  # a control character cannot be in XML


def test_junit_is_valid_against_the_jenkins_junit_schema(report: RunReport) -> None:
    out = io.StringIO()
    render_junit(report, out)
    JUNIT_XSD.validate(out.getvalue())
    root = ET.fromstring(out.getvalue().encode("utf-8"))
    [suite] = root.findall("testsuite")
    assert suite.get("file", "").endswith("mini.test.yaml")
    [failure] = suite.findall("testcase/failure")
    assert (failure.text or "").startswith("test at ") and "mini.test.yaml:" in (failure.text or "")


def test_the_junit_schema_rejects_what_it_does_not_define() -> None:
    """The schema is strict: an attribute outside it (a testcase ``line``) is an error."""
    document = (
        '<testsuites><testsuite name="s" tests="1" failures="0" errors="0">'
        '<testcase name="t" classname="c" line="3"/></testsuite></testsuites>'
    )
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        JUNIT_XSD.validate(document)
    JUNIT_XSD.validate(document.replace(' line="3"', ""))


def test_standard_playbook_suite_as_junit_is_valid(tmp_path: Path) -> None:
    target = tmp_path / "junit.xml"
    result = CliRunner().invoke(cli, ["test", "standard:en", "--format", "junit", "--output", str(target)])
    assert result.exit_code == 0, result.output
    JUNIT_XSD.validate(str(target))
    root = ET.parse(target).getroot()
    assert int(root.get("tests", "0")) > 10 and root.get("failures") == "0"
