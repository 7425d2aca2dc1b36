"""JSON report: one entry per playbook with its findings, for tools."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from playbook.output_version import versioned

from ..run import PlaybookLint
from .names import title


def render_json(results: Iterable[PlaybookLint], stream: TextIO) -> None:
    document = versioned({
        "playbooks": [
            {
                "path": result.path,
                "loaded": result.loaded,
                "findings": [dict(d.to_dict(), rule=title(d)) for d in result.findings],
            }
            for result in results
        ]
    })
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
