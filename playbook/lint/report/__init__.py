"""Lint reporters, one module per output format; all read the same list of results."""

from .github import render_github
from .json_report import render_json
from .sarif import render_sarif, sarif_log
from .text import render_text

__all__ = ["render_github", "render_json", "render_sarif", "render_text", "sarif_log"]
