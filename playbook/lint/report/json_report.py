"""JSON report: one entry per playbook with its findings, for tools."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from playbook.errors import Diagnostic
from playbook.output_version import versioned

from ..run import PlaybookLint
from .names import title


def render_json(results: Iterable[PlaybookLint], stream: TextIO) -> None:
    document = versioned({
        "playbooks": [
            {
                "path": result.path,
                "loaded": result.loaded,
                "findings": [_finding(d) for d in result.findings],
            }
            for result in results
        ]
    })
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def _finding(diagnostic: Diagnostic) -> dict[str, Any]:
    """A finding as JSON; the turns a corpus lint found (``related``) as ``examples``."""
    out = dict(diagnostic.to_dict(), rule=title(diagnostic))
    if diagnostic.related:
        out["examples"] = [
            {"file": d.span.file if d.span else None, "line": d.span.line if d.span else None, "text": d.message}
            for d in diagnostic.related
        ]
    return out
