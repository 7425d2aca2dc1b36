"""``playbook test PATH…``: run playbook test files. Exit 0 all pass, 1 any fail, 2 usage or load error."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from playbook.testing import Outcome, Runner, RunReport, discover
from playbook.testing.report import reporters

from .exits import FINDINGS, OK, USAGE, handle_errors
from .options import format_option, jobs_option, open_output, output_option, playbook_paths

INLINE_FILES = 32
"""Test files run in this process when ``--jobs`` is not given and there are no more."""

FORMATS = reporters().formats
"""The formats of a test run (the same whatever the options)."""


def exit_code(report: RunReport) -> int:
    """2 when a test could not run (bad test file, playbook that does not load), 1 on a failure."""
    if report.errors or not report.results:
        return USAGE
    return FINDINGS if report.failed else OK


@click.command("test")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("-k", "--name", "patterns", multiple=True, metavar="PATTERN",
              help="Run only tests whose name contains PATTERN (or matches it as a glob). Repeatable.")
@format_option(*FORMATS, default=FORMATS[0])
@output_option()
@click.option("--verbose", "-v", is_flag=True, help="List passing tests too (text format).")
@jobs_option("running the test files")
@handle_errors
def test_command(paths: tuple[str, ...], patterns: tuple[str, ...], output_format: str, output: Path | None,
                 verbose: bool, jobs: int | None) -> None:
    """Run the *.test.yaml files in PATHS (files, folders, or standard:zh / standard:en for the
    standard playbooks' own suites; default: the current folder)."""
    files = discover(playbook_paths(paths) or (".",))
    if not files:
        print(f"no test files (*.test.yaml) found in {', '.join(paths or ('.',))}", file=sys.stderr)
        raise SystemExit(USAGE)
    # Left at its default, workers start only for more files than one process gets through
    # in the time they take to start.
    report = Runner().run_files(files, patterns, jobs=jobs, inline_up_to=INLINE_FILES if jobs is None else 0)
    if patterns and not report.results:
        print(f"no test matches {' / '.join(patterns)} ({report.deselected} deselected)", file=sys.stderr)
        raise SystemExit(USAGE)
    with open_output(output, sys.stdout) as stream:
        reporters(verbose=verbose).render(report, output_format, stream)
    if output is not None:
        print(report.summary(), file=sys.stderr)
    raise SystemExit(exit_code(report))


__all__ = ["Outcome", "exit_code", "test_command"]
