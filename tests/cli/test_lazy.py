"""Subcommands are imported when they run, and ``--help`` still says what each one does."""

from __future__ import annotations

import inspect
import subprocess
import sys

import click
from click.testing import CliRunner

from playbook.cli.main import COMMANDS, cli


def test_every_summary_is_the_commands_own_first_paragraph() -> None:
    for name, row in COMMANDS.items():
        command = row.load()
        assert command.name == name
        first = inspect.cleandoc(command.help or "").split("\n\n")[0].replace("\n", " ")
        assert row.summary == first, name


def test_help_lists_what_an_eager_group_would() -> None:
    eager = click.Group("playbook", help=cli.help, params=list(cli.params),
                        context_settings={"help_option_names": ["-h", "--help"]})
    for name, row in COMMANDS.items():
        eager.add_command(row.load(), name)
    lazy_help = CliRunner().invoke(cli, ["--help"], prog_name="playbook").output
    eager_help = CliRunner().invoke(eager, ["--help"], prog_name="playbook").output
    assert lazy_help == eager_help
    assert "validate  Validate playbook files" in lazy_help


def test_help_and_validate_import_only_what_they_need() -> None:
    probe = (
        "import sys\n"
        "from playbook.cli.main import cli\n"
        "try:\n"
        "    cli(sys.argv[1:], prog_name='playbook')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('playbook.', 'rich', 'starlette')))))\n"
    )
    help_modules = subprocess.run([sys.executable, "-c", probe, "--help"], capture_output=True, text=True,
                                  check=True).stdout.split()
    assert "playbook.engine.evaluate" not in help_modules and "playbook.api" not in help_modules
    assert not any(m.startswith("rich") for m in help_modules)
    validate_modules = subprocess.run([sys.executable, "-c", probe, "validate", "standard:en"], capture_output=True,
                                      text=True, check=True).stdout.split()
    assert "playbook.api" in validate_modules
    for heavy in ("playbook.impact", "playbook.testing", "playbook.serve", "playbook.watch", "starlette"):
        assert heavy not in validate_modules, heavy
