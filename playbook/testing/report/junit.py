"""JUnit XML report, the format CI systems (GitHub, GitLab, Jenkins) read test results from.

One ``<testsuite>`` per test file, one ``<testcase>`` per test; a failed expectation is a
``<failure>``, a test that could not run an ``<error>``. Only the elements and attributes of
the widely used Jenkins xUnit JUnit schema (``junit-10.xsd``) are written, so strict readers
accept the report: the test file is an attribute of its ``<testsuite>``; where in the file a
failing expectation is written is in the failure's text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby
from typing import TextIO

from playbook.testing.results import Outcome, RunReport, TestResult

from .values import show as _show

# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def show(value: object) -> str:
    return _clean(_show(value))


def render_junit(report: RunReport, stream: TextIO) -> None:
    root = ET.Element("testsuites", {
        "name": "playbook test",
        "tests": str(len(report.results)),
        "failures": str(report.failed),
        "errors": str(report.errors),
        "time": f"{report.seconds:.3f}",
    })
    for file, group in groupby(report.results, key=lambda r: r.file):
        results = list(group)
        suite = ET.SubElement(root, "testsuite", {
            "name": _clean(file),
            "file": _clean(file),
            "tests": str(len(results)),
            "failures": str(sum(1 for r in results if r.outcome is Outcome.FAILED)),
            "errors": str(sum(1 for r in results if r.outcome is Outcome.ERROR)),
            "skipped": "0",
            "time": f"{sum(r.seconds for r in results):.3f}",
        })
        for result in results:
            _testcase(suite, result)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")


def _testcase(suite: ET.Element, result: TestResult) -> None:
    attributes = {
        "name": _clean(result.name),
        "classname": _clean(_classname(result.file)),
        "time": f"{result.seconds:.3f}",
    }
    case = ET.SubElement(suite, "testcase", attributes)
    if result.outcome is Outcome.FAILED:
        first = result.mismatches[0] if result.mismatches else None
        message = f"{first.what}: expected {show(first.expected)}, got {show(first.actual)}" if first else "failed"
        failure = ET.SubElement(case, "failure", {"message": message, "type": "expectation"})
        failure.text = _clean(_details(result))
    elif result.outcome is Outcome.ERROR:
        first_diag = result.diagnostics[0] if result.diagnostics else None
        error = ET.SubElement(case, "error", {
            "message": _clean(first_diag.message if first_diag else (result.note or "error")),
            "type": first_diag.code if first_diag else "error",
        })
        error.text = _clean("\n".join(d.format() for d in result.diagnostics))


def _details(result: TestResult) -> str:
    lines = [f"test at {result.span}"] if result.span is not None else []
    if result.note:
        lines.append(f"note: {result.note}")
    for mismatch in result.mismatches:
        where = f" ({mismatch.span})" if mismatch.span else ""
        lines.append(f"{mismatch.what}{where}")
        lines.append(f"  expected: {show(mismatch.expected)}")
        lines.append(f"  actual:   {show(mismatch.actual)}")
        if mismatch.note:
            lines.append(f"  {mismatch.note}")
    return "\n".join(lines)


def _classname(file: str) -> str:
    """``rules/zh/tests/taboos.test.yaml`` → ``rules.zh.tests.taboos`` (how CI groups tests)."""
    name = file.replace("\\", "/")
    for suffix in (".test.yaml", ".test.yml"):
        name = name.removesuffix(suffix)
    return name.strip("/").replace("/", ".")
