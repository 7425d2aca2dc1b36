"""A triage worker that embeds the playbook engine.

Reads complaint cases as JSON Lines (a file, or stdin), evaluates them on a thread pool and
prints one summary line per case, in input order, then the totals:

    python examples/app/triage_service.py examples/cases/batch.jsonl
    cat cases.jsonl | python examples/app/triage_service.py --workers 8 --playbook standard:zh

The playbook is loaded and compiled once, before any case is read; every worker thread then
evaluates with that same compiled object. That is safe because a compiled playbook is
immutable and ``evaluate`` keeps its per-case state in a fresh object on each call, so the
workers share nothing they could race on.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import IO

from pydantic import ValidationError

from playbook import Playbook
from playbook.case import Case
from playbook.decision import Decision
from playbook.errors import PlaybookError


@dataclass
class Totals:
    """What the run saw; returned to the caller rather than kept in module state."""

    cases: int = 0
    with_violations: int = 0
    escalated: int = 0
    unreadable: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Parsed:
    """One input line: a case, or why it could not be read."""

    line: int
    case: Case | None = None
    error: str | None = None


def open_playbook(spec: str) -> Playbook:
    """``standard:zh`` / ``standard:en``, or a playbook file or folder."""
    if spec.startswith("standard:"):
        return Playbook.standard(spec.split(":", 1)[1])
    return Playbook.load(spec)


def parse_lines(stream: IO[str]) -> Iterator[Parsed]:
    """Cases from JSON Lines; a bad line is reported and skipped, never fatal for the others."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            yield Parsed(number, case=Case.model_validate_json(line))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "line"
            yield Parsed(number, error=f"{where}: {first['msg']}")


def summarise(decision: Decision) -> str:
    """One line: id, category, severity/priority, escalation, and each violation with the
    message it is in and its span, so a reviewer can jump straight to the words."""
    escalation = "-"
    if decision.escalation.required:
        by = decision.escalation.by.strftime("%m-%d %H:%M") if decision.escalation.by else "?"
        escalation = f"{decision.escalation.level} by {by}"
    found = []
    for violation in decision.violations:
        if violation.evidence:
            spans = ",".join(f"#{e.message_index}[{e.start}:{e.end}]“{e.text}”" for e in violation.evidence)
            found.append(f"{violation.rule} {spans}")
        else:
            found.append(violation.rule)
    return (f"{decision.case_id}  category={decision.category.id or '?'}  "
            f"severity={decision.severity}/{decision.priority or '-'}  escalate={escalation}  "
            f"violations={len(decision.violations)}" + ("  " + "; ".join(found) if found else ""))


def run(playbook: Playbook, items: Iterable[Parsed], out: IO[str], err: IO[str], workers: int = 4) -> Totals:
    """Evaluate every readable case on ``workers`` threads sharing ``playbook``; print as
    results come back in input order."""
    totals = Totals()
    readable: list[Case] = []
    for item in items:
        if item.case is not None:
            readable.append(item.case)
        else:
            totals.unreadable.append(f"line {item.line}: {item.error}")
            print(f"line {item.line}: skipped, {item.error}", file=err)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="triage") as pool:
        for decision in pool.map(playbook.evaluate, readable):
            totals.cases += 1
            totals.with_violations += bool(decision.violations)
            totals.escalated += decision.escalation.required
            print(summarise(decision), file=out)
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Triage complaint cases (JSON Lines) with a playbook.")
    parser.add_argument("file", nargs="?", help="JSON Lines file of cases; stdin when absent or '-'")
    parser.add_argument("--playbook", default="standard:zh", help="playbook path or standard:zh|en (default: standard:zh)")
    parser.add_argument("--workers", type=int, default=4, help="evaluation threads (default: 4)")
    args = parser.parse_args(argv)
    try:
        playbook = open_playbook(args.playbook)
    except PlaybookError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        return 2
    if args.file in (None, "-"):
        totals = run(playbook, parse_lines(sys.stdin), sys.stdout, sys.stderr, args.workers)
    else:
        with open(args.file, encoding="utf-8") as stream:
            totals = run(playbook, parse_lines(stream), sys.stdout, sys.stderr, args.workers)
    plural = "" if totals.cases == 1 else "s"
    print(f"{totals.cases} case{plural} on {args.workers} threads with one compiled playbook ({playbook.id} {playbook.version}): "
          f"{totals.with_violations} with violations, {totals.escalated} escalated, "
          f"{len(totals.unreadable)} unreadable")
    return 1 if totals.unreadable else 0


if __name__ == "__main__":
    raise SystemExit(main())
