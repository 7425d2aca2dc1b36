"""``playbook explain --playbook P CASE``: why a case got its decision, rule by rule."""

from __future__ import annotations

import sys

import click

from playbook.explain import Only, explain
from playbook.explain.render import render_json, render_text

from .eval_cmd import _cases
from .exits import OK, handle_errors
from .options import format_option, open_playbook, playbook_option

STAGES = ("category", "severity", "priority", "sla", "compensation", "escalation", "taboos", "actions")


@click.command("explain")
@click.argument("cases", nargs=-1, type=click.Path(path_type=str, allow_dash=True))
@playbook_option
@click.option("--only", "only", type=click.Choice([o.value for o in Only]), default=Only.ALL.value,
              show_default=True,
              help="all: every rule looked at; fired: rules that matched or found a violation; "
                   "failures: violations only.")
@click.option("--stage", "stages", multiple=True, type=click.Choice(STAGES),
              help="Show only these stages. Repeatable.")
@format_option("text", "json")
@handle_errors
def explain_command(cases: tuple[str, ...], playbook_path: str | None, only: str, stages: tuple[str, ...],
                    output_format: str) -> None:
    """Explain the decision for each case in CASES (JSON, YAML or JSON Lines; '-' for stdin)."""
    playbook = open_playbook(playbook_path)
    first = True
    for case in _cases(cases):
        explanation = explain(playbook, case, Only(only), stages)
        if output_format == "json":
            render_json(explanation, sys.stdout)
        else:
            if not first:
                sys.stdout.write("\n")
            render_text(explanation, sys.stdout)
        first = False
    raise SystemExit(OK)
