"""``playbook diff OLD NEW --cases FILE``: what a playbook change does to a corpus of cases.

Exit 0 (changes are not errors) unless ``--fail-on-change`` is given and a decision changed;
2 when a playbook or a case cannot be read.
"""

from __future__ import annotations

import sys

import click

from playbook.case import Case
from playbook.impact import impact
from playbook.impact.report import reporters
from playbook.source.limits import from_env as limits_from_env

from .case_input import case_items_from, report_rejected
from .exits import FINDINGS, OK, handle_errors
from .options import format_option, inline_limit, jobs_option, open_playbook

FORMATS = reporters("old", "new").formats
"""The formats of an impact report (the same whatever the names)."""


@click.command("diff")
@click.argument("old", type=str)
@click.argument("new", type=str)
@click.option("--cases", "-c", "case_files", multiple=True, required=True,
              type=click.Path(dir_okay=False, allow_dash=True, path_type=str),
              help="Cases to evaluate (JSON Lines, JSON or YAML; '-' for stdin). Repeatable.")
@format_option(*FORMATS, default=FORMATS[0])
@click.option("--fail-on-change", is_flag=True, help="Exit 1 when any decision changed.")
@jobs_option("evaluating the cases")
@handle_errors
def diff_command(old: str, new: str, case_files: tuple[str, ...], output_format: str, fail_on_change: bool,
                 jobs: int | None) -> None:
    """Evaluate the cases under playbook OLD and playbook NEW and report the decisions that changed."""
    before, after = open_playbook(old), open_playbook(new)
    def check(case: Case) -> None:  # a case either playbook cannot decide is rejected at its line
        before.check_case(case)
        after.check_case(case)

    limits = limits_from_env()
    result = impact(before, after, case_items_from(case_files, check, limits), jobs=jobs,
                    inline_up_to=inline_limit(jobs), on_reject=report_rejected, limits=limits)
    reporters(old, new).render(result, output_format, sys.stdout)
    raise SystemExit(FINDINGS if fail_on_change and result.changed else OK)
