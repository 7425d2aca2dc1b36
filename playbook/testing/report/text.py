"""Text report: one block per failing test with expected and actual side by side, then the counts."""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from playbook.testing.results import Outcome, RunReport, TestResult

from .values import show

_MARK = {Outcome.PASSED: "[green]PASS[/]", Outcome.FAILED: "[red]FAIL[/]", Outcome.ERROR: "[bold red]ERROR[/]"}


class _ReportConsole(Console):
    """Rich answers a closed pipe (``| head``) by exiting with 1, which a shell cannot tell
    from a failing test; this console raises ``BrokenPipeError`` for the caller (the CLI
    ends with the SIGPIPE code, 141)."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


def render_text(report: RunReport, stream: TextIO, *, verbose: bool = False, color: bool | None = None) -> None:
    """Failures and errors in full; passing tests as one line each when ``verbose``; counts last."""
    console = _ReportConsole(file=stream, highlight=False, soft_wrap=False, width=120, force_terminal=color,
                      no_color=color is False)
    for result in report.results:
        if result.outcome is Outcome.PASSED:
            if verbose:
                console.print(f"{_MARK[result.outcome]} {escape(result.test_id)}", soft_wrap=True)
            continue
        _render_problem(console, result)
    if not report.results:
        console.print("no tests ran")
    console.print(report.summary(), markup=False)


def _render_problem(console: Console, result: TestResult) -> None:
    where = f" ({result.span})" if result.span else ""
    console.print(f"{_MARK[result.outcome]} {escape(result.test_id)}{escape(where)}", soft_wrap=True)
    if result.note:
        console.print(f"  note: {escape(result.note)}")
    if result.mismatches:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
        table.add_column("expectation", overflow="fold", max_width=34)
        table.add_column("expected", overflow="fold", ratio=1)
        table.add_column("actual", overflow="fold", ratio=1)
        for mismatch in result.mismatches:
            label = mismatch.what
            if mismatch.span is not None:
                label += f"\nline {mismatch.span.line}"
            actual = show(mismatch.actual)
            if mismatch.note:
                actual += f"\n({mismatch.note})"
            table.add_row(escape(label), escape(show(mismatch.expected)), escape(actual))
        console.print(table)
    for diagnostic in result.diagnostics if result.outcome is Outcome.ERROR else ():
        console.print("  " + escape(diagnostic.format()).replace("\n", "\n  "))
    console.print()
