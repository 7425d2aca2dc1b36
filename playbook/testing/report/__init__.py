"""Reporters of test runs: one module per output format, each reading the same RunReport."""

from .json_report import render_json
from .junit import render_junit
from .text import render_text

__all__ = ["render_json", "render_junit", "render_text"]
