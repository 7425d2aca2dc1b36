"""JSON report: the counts and every result, for tools."""

from __future__ import annotations

import json
from typing import TextIO

from playbook.output_version import versioned
from playbook.testing.results import RunReport


def render_json(report: RunReport, stream: TextIO) -> None:
    document = versioned({
        "summary": {
            "passed": report.passed,
            "failed": report.failed,
            "errors": report.errors,
            "deselected": report.deselected,
            "seconds": round(report.seconds, 4),
        },
        "results": [result.to_dict() for result in report.results],
    })
    json.dump(document, stream, ensure_ascii=False, indent=2, default=str)
    stream.write("\n")
