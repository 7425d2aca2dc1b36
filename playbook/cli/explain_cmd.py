"""``playbook explain --playbook P CASE``: why a case got its decision, rule by rule."""

from __future__ import annotations

import sys

import click

from playbook.explain import Only, explain
from playbook.explain.render import REPORTERS

from .case_input import cases_from
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
@format_option(*REPORTERS.formats, default=REPORTERS.default)
@handle_errors
def explain_command(cases: tuple[str, ...], playbook_path: str | None, only: str, stages: tuple[str, ...],
                    output_format: str) -> None:
    """Explain the decision for each case in CASES (JSON, YAML or JSON Lines; '-' or none for stdin).

    With several cases, --format json writes one JSON object per line.
    """
    playbook = open_playbook(playbook_path)
    explanations = [explain(playbook, case, Only(only), stages) for case in cases_from(cases, playbook.check_case)]
    REPORTERS.render(explanations, output_format, sys.stdout)
    raise SystemExit(OK)
