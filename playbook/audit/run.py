"""``audit``: apply a playbook to whole archives, streaming, in parallel, resumable.

The pipeline is read → decide → write, each stage lazy: :func:`read_units` yields one unit
at a time, :func:`playbook.parallel.ordered_map` keeps a bounded number of chunks in
flight over ``jobs`` processes and returns outcomes in input order, and the
:class:`AuditStore` writes them in checkpointed parts. Memory is bounded by the part size
and the in-flight chunks, never by the archive.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from playbook.api import Playbook
from playbook.parallel import ordered_map

from .mapping import ColumnMapping
from .readers import Tracker, Unit, read_rows, read_units
from .records import Outcome, decide_unit
from .sessions import SessionSpill
from .store import AuditStore, write_atomic

DEFAULT_PART_UNITS = 2000
"""Units per checkpointed part: a kill loses at most this much work (never rows)."""


@dataclass
class Progress:
    """What a progress display is told: units done and the share of input bytes read.

    ``phase`` is ``"grouping"`` while a table of messages is spilled by session (input
    bytes move, no case is decided yet), then ``"auditing"``; once the number of cases is
    known (``units_total``, after grouping) progress counts cases rather than bytes.
    """

    units: int = 0
    bytes_read: int = 0
    bytes_total: int = 0
    resumed_units: int = 0
    phase: str = "auditing"
    units_total: int | None = None
    rows_read: int = 0
    """Message rows read so far while grouping."""


@dataclass(frozen=True)
class AuditOptions:
    jobs: int | None = 1
    part_units: int = DEFAULT_PART_UNITS
    decisions_format: str = "jsonl"
    restart: bool = False
    report: bool = True


@dataclass
class AuditResult:
    out: Path
    summary: dict[str, Any]
    resumed: bool
    files: dict[str, Path] = field(default_factory=dict)


def fingerprint(paths: list[str], playbook: Playbook, mapping: ColumnMapping | None,
                options: AuditOptions) -> dict[str, Any]:
    """What must be the same for a run to continue another: the input, playbook and layout."""
    return {"inputs": [{"path": os.path.abspath(p), "size": os.path.getsize(p)} for p in paths],
            "playbook": playbook.content_hash, "mapping": mapping.model_dump() if mapping else None,
            "part_units": options.part_units}


def _trackers(paths: list[str], progress: Progress) -> Callable[[int], Tracker]:
    offsets: list[int] = []
    total = 0
    for path in paths:
        offsets.append(total)
        total += os.path.getsize(path)
    progress.bytes_total = total

    def tracker(index: int) -> Tracker:
        def track(done: int) -> None:
            progress.bytes_read = offsets[index] + done

        return track

    return tracker


def _units(paths: list[str], mapping: ColumnMapping | None, progress: Progress, skip: int) -> Iterator[Unit]:
    tracker = _trackers(paths, progress)
    units = chain.from_iterable(read_units(paths[i], mapping, tracker(i)) for i in range(len(paths)))
    return islice(units, skip, None)


def _grouped_units(paths: list[str], spill: SessionSpill, progress: Progress, skip: int,
                   on_progress: Callable[[Progress], None] | None) -> Iterator[Unit]:
    """Units of message tables: spill every row by session (unless a complete spill of
    this audit is there from a killed run), then read the sessions back."""
    if not spill.ready():
        progress.phase = "grouping"
        tracker = _trackers(paths, progress)
        rows_seen = 0

        def rows_of(index: int) -> Iterator[tuple[int, Any]]:
            nonlocal rows_seen
            for row in read_rows(paths[index], spill.mapping, tracker(index)):
                rows_seen += 1
                progress.rows_read = rows_seen
                if on_progress is not None and rows_seen % 1024 == 0:
                    on_progress(progress)
                yield row
            if on_progress is not None and index == len(paths) - 1:
                on_progress(progress)  # all read; SQLite now sorts the rows by session

        if on_progress is not None:
            on_progress(progress)
        spill.build(paths, rows_of)
    progress.bytes_read = progress.bytes_total = sum(os.path.getsize(p) for p in paths)
    progress.phase = "auditing"
    progress.units_total = spill.count()
    return spill.units(skip)


def audit(paths: list[str], playbook: Playbook, out: Path, *, mapping: ColumnMapping | None = None,
          options: AuditOptions = AuditOptions(),
          on_progress: Callable[[Progress], None] | None = None) -> AuditResult:
    """Audit ``paths`` into ``out``; continue an earlier run of the same audit there."""
    prints = fingerprint(paths, playbook, mapping, options)
    store = AuditStore(out, prints)
    resumed = store.open(restart=options.restart)
    progress = Progress(units=store.units_done, resumed_units=store.units_done)
    spill = SessionSpill(out, prints, mapping) if mapping is not None and mapping.per_message else None
    if options.restart and spill is not None:
        spill.remove()
    units: Iterator[Unit]
    if store.complete:  # a finished audit run again: nothing to read, the files are assembled again
        units = iter(())
    elif spill is not None:
        units = _grouped_units(paths, spill, progress, store.units_done, on_progress)
    else:
        units = _units(paths, mapping, progress, store.units_done)
    outcomes: Generator[Outcome, None, None] = ordered_map(  # type: ignore[assignment]
        decide_unit, units, playbook=playbook, jobs=options.jobs)
    pending: list[Outcome] = []
    try:
        for outcome in outcomes:
            pending.append(outcome)
            progress.units += 1
            if len(pending) >= options.part_units:
                store.write_part(pending, len(pending))
                pending = []
                if on_progress is not None:
                    on_progress(progress)
            elif on_progress is not None and progress.units % 64 == 0:
                on_progress(progress)
        if pending:
            store.write_part(pending, len(pending))
    finally:
        outcomes.close()
    if on_progress is not None:
        progress.bytes_read = progress.bytes_total
        on_progress(progress)
    files = store.assemble(options.decisions_format)
    summary = {"playbook": {"id": playbook.id, "version": playbook.version, "hash": playbook.content_hash},
               "inputs": paths, **store.totals.summary()}
    write_atomic(out / "summary.json", json.dumps(summary, ensure_ascii=False, indent=2).encode("utf-8"))
    files["summary"] = out / "summary.json"
    if options.report:
        from .report import write_report

        files["report"] = write_report(summary, out / "report.html")
    store.save_checkpoint(complete=True)
    if spill is not None:
        spill.remove()  # as large as the input; a finished audit never reads it again
    return AuditResult(out, summary, resumed, files)


FAIL_KEYS = ("rejects", "violations", "cases-with-violations", "sla-breaches", "escalations", "over-cap")


def crossed_thresholds(summary: dict[str, Any], thresholds: list[tuple[str, float, bool]]) -> list[str]:
    """The ``--fail-on KEY=N`` (or ``KEY=P%`` of decided cases) thresholds exceeded."""
    decided = max(1, summary["cases"]["decided"])
    values = {"rejects": summary["cases"]["rejected"], "violations": summary["violations"],
              "cases-with-violations": summary["cases"]["with_violations"],
              "sla-breaches": sum(summary["by"]["sla_breach"].values()),
              "escalations": sum(summary["by"]["escalation"].values()),
              "over-cap": summary["compensation"]["over_cap"]}
    crossed = []
    for key, limit, percent in thresholds:
        value = values[key]
        measured = 100 * value / decided if percent else value
        if measured > limit:
            shown = f"{measured:.2f}%" if percent else str(value)
            crossed.append(f"{key} = {shown} > {limit:g}{'%' if percent else ''}")
    return crossed
