"""``playbook eval CASE…``: evaluate cases and print the decisions."""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Iterable, Iterator
from functools import partial

import click

from playbook.api import Playbook
from playbook.case import Case
from playbook.decision import Decision

from .case_input import cases_from
from .decisions import REPORTERS, Evaluated, json_row
from .exits import FINDINGS, OK, handle_errors
from .options import format_option, inline_limit, jobs_option, open_playbook, playbook_option


def decide_json(playbook: Playbook, case: Case, trace: bool) -> tuple[bool, bytes]:
    """One row of the ``json`` format, rendered where the case is evaluated (in a worker, with ``--jobs``)."""
    decision = playbook.evaluate(case, trace=trace)
    return bool(decision.violations), json_row(decision)


def decide(playbook: Playbook, case: Case, trace: bool) -> Decision:
    return playbook.evaluate(case, trace=trace)


def _remembered(cases: Iterable[Case], kept: deque[Case]) -> Iterator[Case]:
    """The cases, each also kept until its decision comes back (in the same order)."""
    for case in cases:
        kept.append(case)
        yield case


@click.command("eval")
@click.argument("cases", nargs=-1, type=click.Path(path_type=str, allow_dash=True))
@playbook_option
@format_option(*REPORTERS.formats, default=REPORTERS.default)
@click.option("--trace", is_flag=True, help="Include every rule evaluated.")
@click.option("--fail-on-violation", is_flag=True, help="Exit 1 when any case has a violation.")
@jobs_option("evaluating the cases")
@handle_errors
def eval_command(cases: tuple[str, ...], playbook_path: str | None, output_format: str, trace: bool,
                 fail_on_violation: bool, jobs: int | None) -> None:
    """Evaluate CASE files (JSON, YAML or JSON Lines; '-' or none for stdin)."""
    from playbook.parallel import ordered_map

    playbook = open_playbook(playbook_path)
    violated = False
    if output_format == "json":  # rows rendered by the workers that decided them, written as bytes
        rows = ordered_map(partial(decide_json, trace=trace), cases_from(cases, playbook.check_case), playbook=playbook,
                           jobs=jobs, inline_up_to=inline_limit(jobs))
        sys.stdout.flush()
        binary = getattr(sys.stdout, "buffer", None)
        for has_violation, line in rows:
            violated = violated or has_violation
            if binary is not None:
                binary.write(line)
            else:
                sys.stdout.write(line.decode("utf-8"))
        if binary is not None:
            binary.flush()
        raise SystemExit(FINDINGS if fail_on_violation and violated else OK)

    kept: deque[Case] = deque()
    decisions = ordered_map(partial(decide, trace=trace), _remembered(cases_from(cases, playbook.check_case), kept),
                            playbook=playbook, jobs=jobs, inline_up_to=inline_limit(jobs))
    for decision in decisions:
        violated = violated or bool(decision.violations)
        REPORTERS.render(Evaluated(decision, kept.popleft()), output_format, sys.stdout)
    raise SystemExit(FINDINGS if fail_on_violation and violated else OK)
