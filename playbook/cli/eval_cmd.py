"""``playbook eval CASE…``: evaluate cases and print the decisions."""

from __future__ import annotations

import sys

import click
from rich.console import Console

from .case_input import cases_from
from .exits import FINDINGS, OK, handle_errors
from .options import format_option, open_playbook, playbook_option
from .report import render_decision


@click.command("eval")
@click.argument("cases", nargs=-1, type=click.Path(path_type=str, allow_dash=True))
@playbook_option
@format_option("text", "json")
@click.option("--trace", is_flag=True, help="Include every rule evaluated.")
@click.option("--fail-on-violation", is_flag=True, help="Exit 1 when any case has a violation.")
@handle_errors
def eval_command(cases: tuple[str, ...], playbook_path: str | None, output_format: str, trace: bool,
                 fail_on_violation: bool) -> None:
    """Evaluate CASE files (JSON, YAML or JSON Lines; '-' or none for stdin)."""
    playbook = open_playbook(playbook_path)
    # In a terminal rich fits the screen; piped into a file or a pager, use a readable width.
    console = Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 140)
    violated = False
    for case in cases_from(cases):
        decision = playbook.evaluate(case, trace=trace)
        violated = violated or bool(decision.violations)
        if output_format == "json":
            sys.stdout.write(decision.model_dump_json(exclude_none=False) + "\n")
        else:
            render_decision(console, decision, case)
    raise SystemExit(FINDINGS if fail_on_violation and violated else OK)
