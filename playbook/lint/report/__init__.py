"""Lint reporters, one module per output format; all read the same list of results."""

from __future__ import annotations

from collections.abc import Sequence

from playbook.reporting import Reporters

from ..run import PlaybookLint
from .github import render_github
from .json_report import render_json
from .sarif import render_sarif, sarif_log
from .text import render_text

REPORTERS: Reporters[Sequence[PlaybookLint]] = Reporters(
    {"text": render_text, "json": render_json, "github": render_github, "sarif": render_sarif}
)
"""Every output format of ``playbook lint``, text first."""

__all__ = ["REPORTERS", "render_github", "render_json", "render_sarif", "render_text", "sarif_log"]
