"""Reading the cases a command is given: files (JSON, YAML, JSON Lines) or standard input."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from playbook.case import Case
from playbook.case.io import read_cases


def cases_from(paths: tuple[str, ...]) -> Iterator[Case]:
    """Every case in ``paths`` in order; ``-`` or no path reads standard input.

    Raises click.BadParameter for a path that is not a file, CaseError for a bad case.
    """
    for path in paths or ("-",):
        if path == "-":
            yield from read_cases(sys.stdin, "<stdin>")
            continue
        file = Path(path)
        if not file.is_file():
            raise click.BadParameter(f"no such file: {path}", param_hint="CASE")
        with file.open(encoding="utf-8") as handle:
            yield from read_cases(handle, path)
