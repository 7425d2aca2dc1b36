"""How ``playbook eval`` writes decisions: its table of renderers, one case at a time.

Kept apart from :mod:`playbook.cli.report` so writing JSON (in a worker, with ``--jobs``)
does not import rich; the text renderer imports it when it first runs.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, NamedTuple, TextIO

from playbook.case import Case
from playbook.decision import Decision
from playbook.output_version import OUTPUT_VERSION
from playbook.reporting import Reporters

if TYPE_CHECKING:
    from rich.console import Console


class Evaluated(NamedTuple):
    """One decision as ``playbook eval`` reports it, with the case it was made for."""

    decision: Decision
    case: Case | None = None


_VERSION_HEAD = ('{"version":' + json.dumps(OUTPUT_VERSION) + ",").encode("utf-8")
"""What :func:`playbook.output_version.versioned_json` puts before a decision's own fields."""


def json_row(decision: Decision) -> bytes:
    """A decision as one JSON Lines row, in UTF-8: what the ``json`` format writes. Built
    as bytes so ``--jobs`` workers can render rows and the command write them unchanged."""
    return _VERSION_HEAD + decision.to_json()[1:] + b"\n"


def _json_line(result: Evaluated, stream: TextIO) -> None:
    stream.write(json_row(result.decision).decode("utf-8"))


def decision_reporters() -> Reporters[Evaluated]:
    """The output formats of decisions, text first; JSON is one decision per line.

    Text goes through one rich console per stream: on a terminal it fits the screen; piped
    into a file or a pager it uses a readable width.
    """
    consoles: dict[int, Console] = {}

    def text(result: Evaluated, stream: TextIO) -> None:
        from .console import ReportConsole
        from .report import render_decision

        console = consoles.get(id(stream))
        if console is None:
            console = ReportConsole(file=stream, highlight=False, soft_wrap=False, width=None if stream.isatty() else 140)
            consoles[id(stream)] = console
        render_decision(console, result.decision, result.case)

    return Reporters({"text": text, "json": _json_line})


REPORTERS = decision_reporters()
"""The formats of ``playbook eval`` (the text console is made per stream on first use)."""
