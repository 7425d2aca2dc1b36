"""The ``playbook`` command: a group of subcommands, one module each, imported when run."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys

import click

from playbook import __version__

from .lazy import LazyCommand, LazyGroup

COMMANDS = {
    "validate": LazyCommand("playbook.cli.validate_cmd:validate_command",
                            "Validate playbook files or folders: YAML, schema, references and conditions."),
    "schema": LazyCommand("playbook.cli.schema_cmd:schema_command",
                          "Print the JSON Schema editors use to complete and check playbook, test or case files."),
    "eval": LazyCommand("playbook.cli.eval_cmd:eval_command",
                        "Evaluate CASE files (JSON, YAML or JSON Lines; '-' or none for stdin)."),
    "test": LazyCommand("playbook.cli.test_cmd:test_command",
                        "Run the *.test.yaml files in PATHS (files, folders, or standard:zh / standard:en for the "
                        "standard playbooks' own suites; default: the current folder)."),
    "lint": LazyCommand("playbook.cli.lint_cmd:lint_command",
                        "Lint playbook files or folders, or standard:zh / standard:en (a folder without playbook "
                        "files is searched for playbooks)."),
    "explain": LazyCommand("playbook.cli.explain_cmd:explain_command",
                           "Explain the decision for each case in CASES (JSON, YAML or JSON Lines; '-' or none "
                           "for stdin)."),
    "diff": LazyCommand("playbook.cli.diff_cmd:diff_command",
                        "Evaluate the cases under playbook OLD and playbook NEW and report the decisions that "
                        "changed."),
    "watch": LazyCommand("playbook.cli.watch_cmd:watch_command",
                         "Replay EVENTS.jsonl (one JSON event per line, '-' for stdin) and print the alerts."),
    "show": LazyCommand("playbook.cli.show_cmd:show_command",
                        "Print the merged playbook at PATH (a file, a folder or standard:zh / standard:en; default: "
                        "the standard Chinese playbook), each item with the file:line it came from."),
    "serve": LazyCommand("playbook.cli.serve_cmd:serve_command",
                         "Serve decisions over HTTP (API under /v1, playground at /, OpenAPI at /openapi.json)."),
    "audit": LazyCommand("playbook.cli.audit_cmd:audit_command",
                         "Audit ARCHIVE files (JSON Lines, CSV, Parquet; gzip or zstd) into --out."),
}
"""Every subcommand: where it lives and the summary ``playbook --help`` lists for it."""


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook")
@click.option("--allow-outside", is_flag=True, envvar="PLAYBOOK_ALLOW_OUTSIDE",
              help="Let 'extends' and test case files name files outside the playbook's project root "
                   "(the nearest folder holding .git, pyproject.toml or .playbook-root).")
@click.option("--limit", "limits", multiple=True, metavar="NAME=VALUE",
              help="Change a reading limit, e.g. --limit max_bytes=10MiB --limit max_case_bytes=50MB "
                   "(max_bytes, max_nodes, max_alias_values, max_depth per file; max_total_bytes, max_total_values per playbook; "
                   "max_case_bytes per case or JSON Lines line; max_extends_depth; max_messages, "
                   "max_message_chars, max_case_chars per case; max_violations, max_evidence per decision).")
def cli(allow_outside: bool, limits: tuple[str, ...]) -> None:
    """Complaint-handling policy as YAML: validate playbooks, evaluate cases, test and lint."""
    if limits or os.environ.get("PLAYBOOK_LIMITS"):
        from playbook.source.limits import LIMITS_ENV, parse_limits

        inherited = os.environ.get(LIMITS_ENV, "")
        for text, hint in ((inherited, LIMITS_ENV), (",".join([inherited, *limits]).strip(","), "--limit")):
            try:  # a wrong setting in the environment is a usage error too, said before any load
                parse_limits(text)
            except ValueError as error:
                raise click.BadParameter(str(error), param_hint=hint) from None
        os.environ[LIMITS_ENV] = text  # read by every load of this command (source.limits.from_env)
    if allow_outside:
        # the one process-wide setting: every playbook this command loads honours it
        os.environ["PLAYBOOK_ALLOW_OUTSIDE"] = "1"


def main() -> None:
    closed_streams()
    try:
        cli(prog_name="playbook")
    except SystemExit as done:
        if done.code == 1 and _click_saw_broken_pipe():
            # click answers a broken pipe while writing --help, --version or a usage
            # message with exit 1; a shell's reader going away is 141 for every command
            from .exits import BROKEN_PIPE

            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            raise SystemExit(BROKEN_PIPE) from None
        raise
    except OSError as error:  # writing --help or a usage message, outside any command
        from .exits import BROKEN_PIPE, OUTPUT_ERRNOS, USAGE

        if not isinstance(error, BrokenPipeError) and error.errno not in OUTPUT_ERRNOS:
            raise
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        raise SystemExit(BROKEN_PIPE if isinstance(error, BrokenPipeError) else USAGE) from None


def _click_saw_broken_pipe() -> bool:
    """Whether click met a broken pipe: it then swaps stdout for its flush-pacifying
    wrapper before exiting with 1 (the only sign it leaves)."""
    return type(sys.stdout).__name__.endswith("PacifyFlushWrapper")


class _Closed(io.TextIOBase):
    """Stands for a standard stream the shell closed (``>&-``): writing to it is an OS error
    the command reports (exit 2), not an AttributeError on ``None``."""

    def __init__(self, name: str) -> None:
        self._name = name

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, f"{self._name} is closed")

    def flush(self) -> None:
        return None

    @property
    def buffer(self) -> _Closed:
        return self

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, f"{self._name} is closed")


def closed_streams() -> None:
    """Give a closed stdout/stderr a stand-in (stdin stays None: readers check for it)."""
    if sys.stdout is None:
        sys.stdout = _Closed("standard output")
    if sys.stderr is None:
        sys.stderr = io.StringIO()  # nowhere to report to: the exit code still tells


if __name__ == "__main__":
    main()
