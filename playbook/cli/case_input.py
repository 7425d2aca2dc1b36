"""Reading the cases a command is given: files (JSON, YAML, JSON Lines) or standard input.

A batch never stops at a bad case: each case that cannot be read is reported on stderr
at ``file:line`` as soon as it is met, the others are decided, and the command's exit
code then says something was rejected (see :func:`rejected_count` and
:func:`playbook.cli.exits.handle_errors`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import click

from playbook.case import Case
from playbook.case.io import CaseLine, Check, case_from_line, read_case_items
from playbook.errors import CaseError, Diagnostic, Span
from playbook.source.files import kind_of, path_problem
from playbook.source.limits import Limits
from playbook.source.limits import from_env as limits_from_env

from .exits import print_diagnostics

REJECTED = "playbook.rejected-cases"
"""Key in the click context's ``meta`` counting the cases this invocation rejected."""


def _reject(error: CaseError) -> None:
    print_diagnostics(error)
    context = click.get_current_context(silent=True)
    if context is not None:
        meta = context.find_root().meta
        meta[REJECTED] = meta.get(REJECTED, 0) + 1


def rejected_count() -> int:
    """How many cases the running command has rejected so far."""
    context = click.get_current_context(silent=True)
    return int(context.find_root().meta.get(REJECTED, 0)) if context is not None else 0


def cases_from(paths: tuple[str, ...], check: Check | None = None) -> Iterator[Case]:
    """Every readable case in ``paths`` in order; ``-`` or no path reads standard input.

    A path that is not a readable regular file, and every case that cannot be read or that
    ``check`` refuses (a currency the playbook cannot convert), is reported at its line and
    counted as rejected; the other paths and cases go on.
    """
    limits = limits_from_env()
    for item in case_items_from(paths, check, limits):
        try:
            case = case_of(item, limits, check)
        except CaseError as error:
            _reject(error)
            continue
        if case is not None:
            yield case


Item = Case | CaseLine
"""A case as a batch reads it: built (from a JSON or YAML document) or one unparsed JSON Lines row."""


def case_items_from(paths: tuple[str, ...], check: Check | None = None,
                    limits: Limits | None = None) -> Iterator[Item]:
    """What :func:`cases_from` reads, JSON Lines rows left unparsed, for ``--jobs`` workers
    to parse themselves (:func:`case_of`, with the same ``limits`` and ``check``); what
    cannot be read at all, and whole documents ``check`` refuses, are rejected here."""
    limits = limits or limits_from_env()
    for path in paths or ("-",):
        if path == "-":
            if sys.stdin is None or sys.stdin.closed:
                _reject(CaseError(Diagnostic(code="stdin-closed", message="standard input is closed",
                                             hint="give case files, or pipe cases in")))
                continue
            yield from read_case_items(sys.stdin, "<stdin>", _reject, limits=limits, check=check)
            continue
        file = Path(path)
        problem = path_problem(file)
        kind = kind_of(file) if problem is None else problem
        if kind != "file":
            what = {"missing": "no such file", "folder": "it is a folder"}.get(kind, f"it is {kind}")
            _reject(CaseError(Diagnostic(code="case-file-unreadable", message=f"cannot read cases: {what}",
                                         span=Span(_short(path), 1, 1))))
            continue
        try:
            handle = file.open("rb")
        except OSError as exc:
            _reject(CaseError(Diagnostic(code="case-file-unreadable",
                                         message=f"cannot read cases: {exc.strerror or exc}", span=Span(path, 1, 1))))
            continue
        with handle:
            yield from read_case_items(handle, path, _reject, limits=limits, check=check)


def case_of(item: Item, limits: Limits | None = None, check: Check | None = None) -> Case | None:
    """The case of one item (None for a blank row); CaseError, located, when it is not one."""
    return item if isinstance(item, Case) else case_from_line(item, limits, check)


class Rejected(NamedTuple):
    """A case a worker could not read: its diagnostics, for the command to report in order.

    (An exception would not survive the trip back: errors pickle by their message only.)"""

    diagnostics: tuple[Diagnostic, ...]

    def report(self) -> None:
        _reject(CaseError(list(self.diagnostics)))


def report_rejected(error: CaseError) -> None:
    """Report one case that cannot be read, and count it (for library calls that take ``on_reject``)."""
    _reject(error)


def _short(text: str, keep: int = 120) -> str:
    return text if len(text) <= keep else f"{text[:keep]}…"
