"""``playbook audit ARCHIVE… --out DIR``: audit whole archives of cases.

Every input row is decided or rejected (``rejects.jsonl``, located); the summary states
the balance. Exit 0 when all is well, 1 when anything was rejected or a ``--fail-on``
threshold was crossed, 2 for unusable input or options.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from playbook.audit.mapping import ColumnMapping, load_mapping, mapping_from_flags
from playbook.audit.run import DEFAULT_PART_UNITS, FAIL_KEYS, AuditOptions, Progress, audit, crossed_thresholds

from .exits import FINDINGS, OK, handle_errors
from .options import format_option, open_playbook, playbook_option


def _thresholds(values: tuple[str, ...]) -> list[tuple[str, float, bool]]:
    parsed = []
    for value in values:
        key, sep, limit = value.partition("=")
        percent = limit.endswith("%")
        try:
            number = float(limit.removesuffix("%"))
        except ValueError:
            number = -1.0
        if not sep or key not in FAIL_KEYS or number < 0:
            raise click.BadParameter(f"'{value}' is not KEY=N or KEY=P% with KEY one of {', '.join(FAIL_KEYS)}",
                                     param_hint="--fail-on")
        parsed.append((key, number, percent))
    return parsed


class _Reporter:
    """Progress: a rich bar with rate and ETA on a terminal, a plain line every few seconds
    otherwise (logs, CI), nothing when quiet.

    The bar follows input bytes while cases stream from the input, and cases once their
    number is known (after a table of messages was grouped by session); each phase has
    its own bar, so the rate and ETA of one are not skewed by the other.
    """

    def __init__(self, mode: str, stream: Any = None, every: float = 5.0) -> None:
        self.mode = mode
        self.every = every
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.monotonic()
        self.phase_started = self.started
        self.phase_units = 0
        self.last = 0.0
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}
        self.phase: str | None = None
        self.printed: tuple[str, int, float] | None = None

    def __enter__(self) -> _Reporter:
        if self.mode == "bar":
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                                TextColumn("{task.fields[count]} {task.fields[noun]} · {task.fields[rate]}/s"),
                                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                                transient=False, console=Console(file=self.stream))
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def __call__(self, progress: Progress) -> None:
        if self.mode == "quiet":
            return
        now = time.monotonic()
        if self.phase is None:  # the first phase counts from the start, less what a resumed run had done
            self.phase, self.phase_units = progress.phase, progress.resumed_units
        elif progress.phase != self.phase:
            self.phase, self.phase_started, self.phase_units = progress.phase, now, progress.units
        elapsed = max(1e-6, now - self.phase_started)
        grouping = progress.phase == "grouping"
        count, noun = (progress.rows_read, "rows") if grouping else (progress.units, "cases")
        rate = (count - (0 if grouping else self.phase_units)) / elapsed
        if progress.units_total is not None:
            completed, total = float(progress.units), float(progress.units_total)
        else:
            completed, total = float(progress.bytes_read), float(progress.bytes_total)
        if self.bar is not None:
            if progress.phase not in self.tasks:
                self.tasks[progress.phase] = self.bar.add_task(progress.phase, total=total or None, completed=completed,
                                                               count=count, noun=noun, rate=f"{rate:,.0f}")
            self.bar.update(self.tasks[progress.phase], total=total or None, completed=completed,
                            count=count, noun=noun, rate=f"{rate:,.0f}")
            return
        done = total > 0 and completed >= total
        share = min(1.0, completed / total) if total else 1.0
        if (now - self.last < self.every and not done) or (progress.phase, count, share) == self.printed:
            return
        self.last, self.printed = now, (progress.phase, count, share)
        eta = (now - self.phase_started) * (1 - share) / share if share > 0 else float("nan")
        measure = "of cases" if progress.units_total is not None else "of input"
        print(f"{progress.phase}: {count} {noun}, {rate:,.0f}/s, {100 * share:.0f}% {measure}, "
              f"ETA {eta:.0f}s", file=self.stream, flush=True)


@click.command("audit")
@click.argument("archives", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=str))
@playbook_option
@format_option("text", "json")
@click.option("--out", "-o", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for decisions, violations, rejects, summary.json and report.html.")
@click.option("--mapping", "mapping_path", type=click.Path(exists=True, dir_okay=False, path_type=str),
              help="YAML file mapping table columns to case fields.")
@click.option("--map", "map_pairs", multiple=True, metavar="FIELD=COLUMN",
              help="Map one column (message.FIELD=COLUMN for message columns); repeatable.")
@click.option("--session-column", default=None, help="Rows with the same value in this column are one case.")
@click.option("--jobs", "-j", type=int, default=1, show_default=True, help="Worker processes (0: every core).")
@click.option("--decisions-format", type=click.Choice(["jsonl", "parquet"]), default="jsonl", show_default=True)
@click.option("--fail-on", "fail_on", multiple=True, metavar="KEY=N|KEY=P%",
              help=f"Exit 1 when KEY exceeds N (or P% of decided cases). KEY: {', '.join(FAIL_KEYS)}.")
@click.option("--checkpoint-every", "part_units", type=click.IntRange(min=1), default=DEFAULT_PART_UNITS,
              show_default=True, help="Cases per checkpointed part (a kill redoes at most this many).")
@click.option("--restart", is_flag=True, help="Discard an earlier, unfinished audit in --out and start again.")
@click.option("--no-report", is_flag=True, help="Do not write report.html.")
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
@click.option("--progress-every", type=click.FloatRange(min=0), default=5.0, show_default=True, metavar="SECONDS",
              help="Seconds between plain progress lines when stderr is not a terminal.")
@handle_errors
def audit_command(archives: tuple[str, ...], playbook_path: str | None, output_format: str, out: Path, mapping_path: str | None,
                  map_pairs: tuple[str, ...], session_column: str | None, jobs: int, decisions_format: str,
                  fail_on: tuple[str, ...], part_units: int, restart: bool, no_report: bool, quiet: bool,
                  progress_every: float) -> None:
    """Audit ARCHIVE files (JSON Lines, CSV, Parquet; gzip or zstd) into --out.

    Killed or interrupted, the same command with the same --out continues where it stopped.
    """
    thresholds = _thresholds(fail_on)
    base: ColumnMapping | None = load_mapping(mapping_path) if mapping_path else None
    mapping = mapping_from_flags(map_pairs, session_column, base)
    playbook = open_playbook(playbook_path)
    mode = "quiet" if quiet else ("bar" if sys.stderr.isatty() else "plain")
    options = AuditOptions(jobs=jobs, part_units=part_units, decisions_format=decisions_format, restart=restart, report=not no_report)
    with _Reporter(mode, every=progress_every) as reporter:
        result = audit(list(archives), playbook, out, mapping=mapping, options=options, on_progress=reporter)
    summary = result.summary
    crossed = crossed_thresholds(summary, thresholds)
    closing = {"out": str(out), "rows": summary["rows"], "cases": summary["cases"],
               "violations": summary["violations"], "resumed": result.resumed, "crossed": crossed}
    if output_format == "json":
        print(json.dumps(closing, ensure_ascii=False))
    elif not quiet:
        rows = summary["rows"]
        print(f"{rows['in']} rows in: {rows['decided']} decided, {rows['rejected']} rejected "
              f"({summary['cases']['decided']} cases decided, {summary['cases']['rejected']} rejected); "
              f"{summary['violations']} violations in {summary['cases']['with_violations']} cases")
        for line in crossed:
            print(f"threshold crossed: {line}")
        print(f"written to {out}/ (summary.json, decisions, violations.jsonl, rejects.jsonl"
              f"{', report.html' if not no_report else ''})")
    raise SystemExit(FINDINGS if summary["cases"]["rejected"] or crossed else OK)
