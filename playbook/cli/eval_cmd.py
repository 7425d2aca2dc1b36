"""``playbook eval CASE…``: evaluate cases and print the decisions."""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Iterable, Iterator
from functools import partial

import click

from playbook.api import Playbook
from playbook.decision import Decision
from playbook.errors import CaseError
from playbook.source.limits import Limits
from playbook.source.limits import from_env as limits_from_env

from .case_input import Item, Rejected, case_items_from, case_of
from .decisions import REPORTERS, Evaluated, json_row
from .exits import FINDINGS, OK, handle_errors
from .options import format_option, inline_limit, jobs_option, open_playbook, playbook_option


def decide_json(playbook: Playbook, item: Item, trace: bool, limits: Limits) -> tuple[bool, bytes] | Rejected | None:
    """One row of the ``json`` format, parsed and rendered where the case is evaluated (in a
    worker, with ``--jobs``): raw line in, JSON bytes out, nothing pickled but bytes."""
    decided = decide(playbook, item, trace, limits)
    if isinstance(decided, Decision):
        return bool(decided.violations), json_row(decided)
    return decided


def decide(playbook: Playbook, item: Item, trace: bool, limits: Limits) -> Decision | Rejected | None:
    try:
        case = case_of(item, limits, playbook.check_case)
    except CaseError as error:
        return Rejected(error.diagnostics)
    if case is None:
        return None
    return playbook.evaluate(case, trace=trace)


def _remembered(items: Iterable[Item], kept: deque[Item]) -> Iterator[Item]:
    """The items, each also kept until its decision comes back (in the same order)."""
    for item in items:
        kept.append(item)
        yield item


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
    limits = limits_from_env()
    violated = False
    if output_format == "json":  # rows rendered by the workers that decided them, written as bytes
        rows = ordered_map(partial(decide_json, trace=trace, limits=limits),
                           case_items_from(cases, playbook.check_case, limits), playbook=playbook,
                           jobs=jobs, inline_up_to=inline_limit(jobs))
        sys.stdout.flush()
        binary = getattr(sys.stdout, "buffer", None)
        for row in rows:
            if row is None:
                continue
            if isinstance(row, Rejected):
                row.report()
                continue
            has_violation, line = row
            violated = violated or has_violation
            if binary is not None:
                binary.write(line)
            else:
                sys.stdout.write(line.decode("utf-8"))
        if binary is not None:
            binary.flush()
        raise SystemExit(FINDINGS if fail_on_violation and violated else OK)

    kept: deque[Item] = deque()
    items = _remembered(case_items_from(cases, playbook.check_case, limits), kept)
    decisions = ordered_map(partial(decide, trace=trace, limits=limits), items,
                            playbook=playbook, jobs=jobs, inline_up_to=inline_limit(jobs))
    for decision in decisions:
        item = kept.popleft()
        if decision is None:
            continue
        if isinstance(decision, Rejected):
            decision.report()
            continue
        violated = violated or bool(decision.violations)
        # the case again, for the text report: parsing a row costs less than sending a Case back
        REPORTERS.render(Evaluated(decision, case_of(item)), output_format, sys.stdout)
    raise SystemExit(FINDINGS if fail_on_violation and violated else OK)
