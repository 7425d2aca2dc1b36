"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

``::warning file=rules/zh/sla.yaml,line=12,col=7,title=PB201 …::message`` — see GitHub's
"Workflow commands" documentation for the escaping of data and properties.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from playbook.errors import Diagnostic, Severity

from ..run import PlaybookLint
from .names import title

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render_github(results: Iterable[PlaybookLint], stream: TextIO) -> None:
    for result in results:
        stream.writelines(command(finding) + "\n" for finding in result.findings)


def command(finding: Diagnostic) -> str:
    """One workflow command line for ``finding``."""
    properties = []
    span = finding.span
    if span is not None:
        if span.file:
            properties.append(f"file={_property(span.file)}")
        properties.append(f"line={span.line}")
        properties.append(f"col={span.column}")
    properties.append(f"title={_property(title(finding))}")
    message = finding.message + (f"\nhint: {finding.hint}" if finding.hint else "")
    return f"::{_COMMAND[finding.severity]} {','.join(properties)}::{_data(message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
