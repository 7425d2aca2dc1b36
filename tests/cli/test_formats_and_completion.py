"""Every command that prints results takes ``--format``/``-f``; shell completion is produced
as the README says (``_PLAYBOOK_COMPLETE=bash_source playbook``)."""

from __future__ import annotations

import os
import subprocess
import sys

import click
import pytest

from playbook.cli.main import COMMANDS, cli

NO_FORMAT = {
    "schema": "prints a JSON Schema document, which has one form",
    "serve": "serves HTTP; answers are JSON by the API's own contract",
}
"""Commands without ``--format``, and why."""


def _command(name: str) -> click.Command:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    return command


@pytest.mark.parametrize("name", sorted(set(COMMANDS) - set(NO_FORMAT)))
def test_every_result_command_takes_format_and_f(name: str) -> None:
    [option] = [p for p in _command(name).params if isinstance(p, click.Option) and "--format" in p.opts]
    assert "-f" in option.opts
    assert isinstance(option.type, click.Choice) and "json" in option.type.choices


def test_the_exceptions_are_real_commands() -> None:
    assert set(NO_FORMAT) <= set(COMMANDS)


def _complete(**env: str) -> subprocess.CompletedProcess[str]:
    code = "from playbook.cli.main import main; main()"
    return subprocess.run([sys.executable, "-c", code], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize(("shell", "marker"), [("bash", "complete -o nosort -F"), ("zsh", "#compdef playbook"),
                                               ("fish", "complete --no-files --command playbook")])
def test_the_completion_script_is_produced(shell: str, marker: str) -> None:
    result = _complete(_PLAYBOOK_COMPLETE=f"{shell}_source")
    assert result.returncode == 0, result.stderr
    assert marker in result.stdout and "_PLAYBOOK_COMPLETE" in result.stdout


def _offered(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The values of bash_complete's ``type,value`` lines."""
    assert result.returncode == 0, result.stderr
    return [line.partition(",")[2] for line in result.stdout.splitlines()]


def test_completion_offers_subcommands_and_their_options() -> None:
    words = _complete(_PLAYBOOK_COMPLETE="bash_complete", COMP_WORDS="playbook li", COMP_CWORD="1")
    assert _offered(words) == ["lint"]
    options = _complete(_PLAYBOOK_COMPLETE="bash_complete", COMP_WORDS="playbook watch --for", COMP_CWORD="2")
    assert "--format" in _offered(options)
    values = _complete(_PLAYBOOK_COMPLETE="bash_complete", COMP_WORDS="playbook lint -f s", COMP_CWORD="3")
    assert _offered(values) == ["sarif"]
