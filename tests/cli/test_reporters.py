"""Every result type renders through one table of formats, and each command offers exactly
the formats its table has."""

from __future__ import annotations

import io

import click
import pytest

from playbook.cli import test_cmd
from playbook.cli.decisions import REPORTERS as DECISIONS
from playbook.cli.diff_cmd import diff_command
from playbook.cli.eval_cmd import eval_command
from playbook.cli.explain_cmd import explain_command
from playbook.cli.lint_cmd import lint_command
from playbook.cli.show_cmd import REPORTERS as SHOW
from playbook.cli.show_cmd import show_command
from playbook.cli.validate_cmd import REPORTERS as VALIDATE
from playbook.cli.validate_cmd import validate_command
from playbook.explain.render import REPORTERS as EXPLAIN
from playbook.impact.report import reporters as impact_reporters
from playbook.lint.report import REPORTERS as LINT
from playbook.reporting import Reporters
from playbook.testing.report import reporters as run_reporters

TABLES: list[tuple[click.Command, Reporters[object]]] = [
    (lint_command, LINT),  # type: ignore[list-item]
    (test_cmd.test_command, run_reporters()),  # type: ignore[list-item]
    (eval_command, DECISIONS),  # type: ignore[list-item]
    (explain_command, EXPLAIN),  # type: ignore[list-item]
    (diff_command, impact_reporters("old", "new")),  # type: ignore[list-item]
    (validate_command, VALIDATE),  # type: ignore[list-item]
    (show_command, SHOW),  # type: ignore[list-item]
]


@pytest.mark.parametrize(("command", "table"), TABLES, ids=[c.name or "?" for c, _ in TABLES])
def test_a_command_offers_the_formats_of_its_table(command: click.Command, table: Reporters[object]) -> None:
    option = next(p for p in command.params if p.name == "output_format")
    assert isinstance(option.type, click.Choice)
    assert tuple(option.type.choices) == table.formats
    assert option.default == table.default


def test_an_unknown_format_names_the_ones_there_are() -> None:
    with pytest.raises(ValueError, match="unknown output format 'xml' \\(one of: text, json, github, sarif\\)"):
        LINT.render([], "xml", io.StringIO())


def test_a_table_without_formats_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one output format"):
        Reporters({})
