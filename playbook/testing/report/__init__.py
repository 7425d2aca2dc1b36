"""Reporters of test runs: one module per output format, each reading the same RunReport."""

from __future__ import annotations

import sys
from typing import TextIO

from playbook.reporting import Reporters

from ..results import RunReport
from .json_report import render_json
from .junit import render_junit
from .text import render_text


def reporters(*, verbose: bool = False) -> Reporters[RunReport]:
    """Every output format of a test run, text first; ``verbose`` text lists passing tests too.

    Text is in colour on a terminal standard output only, never in a file.
    """

    def text(report: RunReport, stream: TextIO) -> None:
        render_text(report, stream, verbose=verbose, color=None if stream is sys.stdout else False)

    return Reporters({"text": text, "json": render_json, "junit": render_junit})


__all__ = ["render_json", "render_junit", "render_text", "reporters"]
