"""SARIF 2.1.0, the format code-scanning services (GitHub code scanning…) import findings from.

One run, the tool's rules in ``tool.driver.rules`` (lint rules, plus any compiler code that
appears), one result per finding with a physical location (file relative to the current
folder, 1-based line and column in Unicode code points).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from playbook import __version__
from playbook.errors import Diagnostic, Severity, format_path

from ..registry import RULES
from ..run import PlaybookLint

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/complaint-playbook/"
"""The tool's home page (``project.urls.Homepage`` in pyproject.toml), shown by code-scanning UIs."""
HELP_URI = INFORMATION_URI + "#lint"
"""Where the lint rules are described (the README's *Lint* section); each rule links to it."""
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def sarif_log(results: Iterable[PlaybookLint]) -> dict[str, Any]:
    findings = [finding for result in results for finding in result.findings]
    rules: list[dict[str, Any]] = [_rule_entry(rule.code, rule.name, rule.summary, rule.severity) for rule in RULES]
    index = {entry["id"]: position for position, entry in enumerate(rules)}
    for finding in findings:
        if finding.code not in index:
            index[finding.code] = len(rules)
            rules.append(_rule_entry(finding.code, finding.code, "Reported while loading the playbook.",
                                     finding.severity))
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "playbook-lint",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(finding, index[finding.code]) for finding in findings],
            }
        ],
    }


def render_sarif(results: Iterable[PlaybookLint], stream: TextIO) -> None:
    json.dump(sarif_log(results), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def _rule_entry(code: str, name: str, summary: str, severity: Severity) -> dict[str, Any]:
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "helpUri": HELP_URI,
        "defaultConfiguration": {"level": _LEVEL[severity]},
    }


def _result(finding: Diagnostic, rule_index: int) -> dict[str, Any]:
    text = finding.message + (f" Fix: {finding.hint}" if finding.hint else "")
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": text},
    }
    span = finding.span
    if span is not None and span.file:
        region: dict[str, Any] = {"startLine": span.line, "startColumn": span.column}
        if span.end_line is not None:
            region["endLine"] = span.end_line
        if span.end_column is not None:
            region["endColumn"] = span.end_column
        result["locations"] = [
            {"physicalLocation": {"artifactLocation": {"uri": _uri(span.file)}, "region": region}}
        ]
    if finding.path:
        result["properties"] = {"documentPath": format_path(finding.path)}
    return result


def _uri(file: str) -> str:
    """A relative URI when the file is under the current folder, else an absolute file URI."""
    path = Path(file)
    if not path.is_absolute():
        return path.as_posix()
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_uri()
    return path.as_uri() if relative.startswith("..") else Path(relative).as_posix()
