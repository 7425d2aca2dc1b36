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

import contextlib
import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from playbook.watch.backend import PatternStates
from playbook.watch.clock import iso, parse_time, to_us
from playbook.watch.errors import WatchStateError
from playbook.watch.model import unusable_text
from playbook.watch.plan import Entry, Hit, Plan, Timer

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
    log: int | None = None  # bytes of the alert log written when this state was saved


@dataclass
class Restored:
    """A saved state normalised to one plan, ready for a fresh backend."""

    watermark: int | None
    seq: int
    seen: dict[str, int]
    states: PatternStates
    stats: dict[str, int]
    notes: list[str] = field(default_factory=list)
    #: Groups a lowered count threshold finds complete among the held entries: they fire
    #: (oldest entries first, as they would have had the threshold always been this one)
    #: instead of being dropped.
    hits: list[Hit] = field(default_factory=list)
    log: int | None = None


def build(plan: Plan, backend: str, watermark: int | None, seq: int, seen: dict[str, int],
          stats: dict[str, int], states: PatternStates, log: int | None = None) -> dict[str, Any]:
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
        **({"log": log} if log is not None else {}),
    }


def restore(plan: Plan, data: Any, latest: int | None = None, horizon: str = "") -> Restored:
    """Validate a saved state and normalise it to ``plan``. A state whose time lies
    after ``latest`` (the clock plus the watch's horizon) is refused: resumed, it
    would make every real event late."""
    problem = unusable_text(data, MAX_STATE_DEPTH)
    if problem is not None:
        raise WatchStateError.of("watch-state-invalid", f"saved watch state is malformed: {problem}")
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
        restored = _normalise(plan, saved)
    except (ValueError, TypeError) as exc:
        raise WatchStateError.of("watch-state-invalid", f"saved watch state has an unreadable time: {exc}") from None
    if latest is not None:
        times = [t for t in (restored.watermark,) if t is not None] + list(restored.seen.values())
        for held in restored.states.values():
            for value in held.values():
                times.extend([value.at] if isinstance(value, Timer) else [e.at for e in value])
        newest = max(times, default=None)
        if newest is not None and newest > latest:
            raise WatchStateError.of(
                "watch-state-future",
                f"saved watch state is at {iso(newest)}, beyond the watch's horizon ({horizon} after the clock); "
                "resumed, it would make every real event late",
                hint="delete the state file (or fix the event that moved it) and replay the events; raise 'horizon' if this time is genuine",
            )
    return restored


def _normalise(plan: Plan, saved: SavedState) -> Restored:
    watermark = to_us(parse_time(saved.watermark)) if saved.watermark is not None else None
    notes: list[str] = []
    hits: list[Hit] = []
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
            if p.kind == "count":
                # A lowered threshold finds complete groups waiting: they fire now, in
                # arrival order, and only the remainder stays held. No event is dropped.
                while len(entries) > p.keep:
                    group, entries = entries[:p.keep + 1], entries[p.keep + 1:]
                    hits.append(Hit(p.index, key, tuple(group)))
                    top_seq = max(top_seq, group[-1].seq + 1)
            else:
                # A ladder's next step depends only on how many occurrences it holds, up
                # to its last step, so its backend keeps only that many; so does a restore.
                entries = entries[-p.keep:] if p.keep else []
            if entries:
                states[p.index][key] = entries
                top_seq = max(top_seq, entries[-1].seq + 1)
    seen = {event_id: to_us(parse_time(at)) for event_id, at in saved.seen}
    if watermark is not None:
        seen = {k: v for k, v in seen.items() if v >= watermark - plan.horizon}
    hits.sort(key=lambda h: (h.entries[-1].seq, h.pattern))
    return Restored(watermark, top_seq, seen, states, dict(saved.stats), notes, hits, saved.log)


#: Largest state file read by default. A state holds what the windows hold, so a
#: legitimate one is far smaller; the limit keeps a wrong or hostile file (a device,
#: a 100 MB blob) from taking the memory of a process that only wanted to resume.
DEFAULT_MAX_STATE_BYTES = 64 * 1024 * 1024
#: Deepest JSON nesting a state has is 5 (patterns → id → held → key → entry); beyond
#: this the file is not a state, and the JSON parser would recurse until it fails.
MAX_STATE_DEPTH = 32


def write_file(path: str | os.PathLike[str], data: dict[str, Any]) -> None:
    """Write atomically: a crash mid-write leaves the previous state, never half of one.

    The temporary file is named after the target and the writing process
    (``.NAME.PID.RANDOM.tmp``), so one left behind by a process killed mid-save is
    recognised and removed by the next save, while a save still running in another
    live process is left alone.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep_orphans(target)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def sweep_orphans(target: Path) -> list[Path]:
    """Remove temporary files of ``target`` left by processes that no longer run."""
    removed: list[Path] = []
    prefix = f".{target.name}."
    try:
        names = [entry.name for entry in os.scandir(target.parent) if entry.name.startswith(prefix) and entry.name.endswith(".tmp")]
    except OSError:
        return removed
    for name in names:
        pid_text = name[len(prefix):].split(".", 1)[0]
        if pid_text.isdigit() and _alive(int(pid_text)):
            continue
        orphan = target.parent / name
        with contextlib.suppress(OSError):
            orphan.unlink()
            removed.append(orphan)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process is not saving this target now: the caller is
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (a power cut after replace keeps the new state)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_file(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_STATE_BYTES) -> Any:
    """The JSON in ``path``. Anything that is not a readable JSON state of at most
    ``max_bytes`` — a device, a folder, a file that is too large, not UTF-8 or nested
    deeper than a state can be — is :class:`WatchStateError` naming the file."""
    name = os.fspath(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise WatchStateError.of("watch-state-unreadable", f"cannot read watch state {name}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise WatchStateError.of("watch-state-unreadable", f"watch state {name} is {_kind(info.st_mode)}, not a regular file",
                                 hint="--state names a file the watch writes; give a path to a file")
    limit_hint = "raise the limit with --max-state-bytes (Watch(max_state_bytes=...)) if this state is genuine"
    if info.st_size > max_bytes:
        raise WatchStateError.of("watch-state-too-large", f"watch state {name} is {info.st_size:,} bytes; the limit is {max_bytes:,}",
                                 hint=limit_hint)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise WatchStateError.of("watch-state-unreadable", f"cannot read watch state {name}: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:  # grew while being read
        raise WatchStateError.of("watch-state-too-large", f"watch state {name} is over the limit of {max_bytes:,} bytes", hint=limit_hint)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise WatchStateError.of("watch-state-invalid", f"watch state {name} is not UTF-8 text (line {line}, byte {exc.start}: {exc.reason})") from None
    depth = json_depth(text)
    if depth > MAX_STATE_DEPTH:
        raise WatchStateError.of("watch-state-invalid", f"watch state {name} nests deeper than a state can ({depth} levels; at most {MAX_STATE_DEPTH})")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise WatchStateError.of("watch-state-invalid", f"watch state {name} is not JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:  # pragma: no cover - json_depth bounds it first
        raise WatchStateError.of("watch-state-invalid", f"watch state {name} nests too deep") from None


def json_depth(text: str) -> int:
    """How deep JSON text nests ([ and { outside strings), without parsing it:
    linear, no recursion, so a 100,000-deep file is measured, not followed."""
    depth = deepest = 0
    # Strings may hold brackets; drop them first (escaped quotes included).
    for match in _OPEN_CLOSE.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_OPEN_CLOSE = re.compile(r"[\[\]{}]")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"
