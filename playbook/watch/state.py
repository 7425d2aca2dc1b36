"""Saving and restoring a watch, so a restart neither forgets nor double-counts.

The saved form is backend-neutral JSON: per pattern (by id) the entries held in each
key's window and the armed timers, plus what the watch itself needs — the newest
time seen (watermark), the next arrival number and the event ids still inside the
lateness horizon, which is what makes a replayed event a duplicate instead of a
second count. A state saved by one backend restores into the other.

Restoring into a *new version* of the playbook keeps a pattern's state when its id
and fingerprint (kind, event, key) are unchanged and normalises it to the new
thresholds and windows; other patterns start empty and are listed in the notes.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from playbook.watch.backend import PatternStates
from playbook.watch.clock import iso, parse_time, to_us
from playbook.watch.errors import WatchStateError
from playbook.watch.plan import Entry, Plan, Timer

FORMAT = "playbook-watch-state"
VERSION = 1


class _Saved(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SavedPattern(_Saved):
    fingerprint: str
    held: dict[str, list[tuple[int, str, str]]] | None = None  # key -> [(seq, event, at)]
    timers: dict[str, tuple[int, str, str, str, str]] | None = None  # key -> (seq, event, at, alert_at, deadline)


class SavedState(_Saved):
    format: str
    version: int
    backend: str
    watermark: str | None
    seq: int
    seen: list[tuple[str, str]]
    stats: dict[str, int] = {}
    patterns: dict[str, SavedPattern]


@dataclass
class Restored:
    """A saved state normalised to one plan, ready for a fresh backend."""

    watermark: int | None
    seq: int
    seen: dict[str, int]
    states: PatternStates
    stats: dict[str, int]
    notes: list[str] = field(default_factory=list)


def build(plan: Plan, backend: str, watermark: int | None, seq: int, seen: dict[str, int],
          stats: dict[str, int], states: PatternStates) -> dict[str, Any]:
    """The JSON-ready saved form of a watch."""
    patterns: dict[str, Any] = {}
    for p in plan.patterns:
        held = states.get(p.index, {})
        if p.kind == "deadline":
            timers = {k: [t.seq, t.event, iso(t.at), iso(t.alert_at), iso(t.deadline)] for k, t in sorted(held.items()) if isinstance(t, Timer)}
            patterns[p.id] = {"fingerprint": p.fingerprint(), "timers": timers}
        else:
            groups = {k: [[e.seq, e.event, iso(e.at)] for e in v] for k, v in sorted(held.items()) if isinstance(v, list) and v}
            patterns[p.id] = {"fingerprint": p.fingerprint(), "held": groups}
    return {
        "format": FORMAT,
        "version": VERSION,
        "backend": backend,
        "watermark": iso(watermark) if watermark is not None else None,
        "seq": seq,
        "seen": [[event_id, iso(at)] for event_id, at in sorted(seen.items(), key=lambda kv: (kv[1], kv[0]))],
        "stats": dict(stats),
        "patterns": patterns,
    }


def restore(plan: Plan, data: Any) -> Restored:
    """Validate a saved state and normalise it to ``plan``."""
    try:
        saved = SavedState.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "<top>"
        raise WatchStateError.of("watch-state-invalid", f"saved watch state is malformed at {where}: {first['msg']}") from None
    if saved.format != FORMAT or saved.version != VERSION:
        raise WatchStateError.of(
            "watch-state-format",
            f"saved watch state has format {saved.format!r} version {saved.version}; this playbook reads {FORMAT!r} version {VERSION}",
        )
    try:
        return _normalise(plan, saved)
    except (ValueError, TypeError) as exc:
        raise WatchStateError.of("watch-state-invalid", f"saved watch state has an unreadable time: {exc}") from None


def _normalise(plan: Plan, saved: SavedState) -> Restored:
    watermark = to_us(parse_time(saved.watermark)) if saved.watermark is not None else None
    notes: list[str] = []
    states: PatternStates = {}
    top_seq = saved.seq
    by_id = {p.id: p for p in plan.patterns}
    for pid in saved.patterns:
        if pid not in by_id:
            notes.append(f"pattern '{pid}' is no longer in the playbook; its saved state was dropped")
    for p in plan.patterns:
        states[p.index] = {}
        old = saved.patterns.get(p.id)
        if old is None:
            continue
        if old.fingerprint != p.fingerprint():
            notes.append(f"pattern '{p.id}' changed what it watches ({old.fingerprint} -> {p.fingerprint()}); it starts empty")
            continue
        if p.kind == "deadline":
            for key, (seq, event, at, _alert_at, deadline) in (old.timers or {}).items():
                deadline_us = to_us(parse_time(deadline))
                # The alert time follows the current alert_before; the deadline stays.
                states[p.index][key] = Timer(seq, event, to_us(parse_time(at)), deadline_us - p.alert_before, deadline_us)
                top_seq = max(top_seq, seq + 1)
            continue
        for key, rows in (old.held or {}).items():
            entries = sorted((Entry(seq, event, to_us(parse_time(at))) for seq, event, at in rows), key=lambda e: e.seq)
            if watermark is not None:
                entries = [e for e in entries if e.at + p.window > watermark]
            # A lowered threshold or ladder must not find a complete group waiting.
            entries = entries[-p.keep:] if p.keep else []
            if entries:
                states[p.index][key] = entries
                top_seq = max(top_seq, entries[-1].seq + 1)
    seen = {event_id: to_us(parse_time(at)) for event_id, at in saved.seen}
    if watermark is not None:
        seen = {k: v for k, v in seen.items() if v >= watermark - plan.horizon}
    return Restored(watermark, top_seq, seen, states, dict(saved.stats), notes)


def write_file(path: str | os.PathLike[str], data: dict[str, Any]) -> None:
    """Write atomically: a crash mid-write leaves the previous state, never half of one."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_file(path: str | os.PathLike[str]) -> Any:
    """The JSON in ``path``; unreadable or non-JSON files are :class:`WatchStateError`."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as exc:
        raise WatchStateError.of("watch-state-unreadable", f"cannot read watch state {os.fspath(path)}: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise WatchStateError.of("watch-state-invalid", f"watch state {os.fspath(path)} is not JSON (line {exc.lineno}: {exc.msg})") from None
