"""The ``playbook`` command: a group of subcommands, one module each."""

from __future__ import annotations

import click

from playbook import __version__

from .diff_cmd import diff_command
from .eval_cmd import eval_command
from .explain_cmd import explain_command
from .lint_cmd import lint_command
from .schema_cmd import schema_command
from .serve_cmd import serve_command
from .show_cmd import show_command
from .test_cmd import test_command
from .validate_cmd import validate_command
from .watch_cmd import watch_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook")
def cli() -> None:
    """Complaint-handling policy as YAML: validate playbooks, evaluate cases, test and lint."""


cli.add_command(validate_command)
cli.add_command(schema_command)
cli.add_command(eval_command)
cli.add_command(test_command)
cli.add_command(lint_command)
cli.add_command(explain_command)
cli.add_command(diff_command)
cli.add_command(watch_command)
cli.add_command(show_command)
cli.add_command(serve_command)


def main() -> None:
    cli(prog_name="playbook")


if __name__ == "__main__":
    main()
