"""``playbook watch``: replay a stream of case events through a playbook's patterns.

Exit codes (:mod:`playbook.cli.exits`): 0 done, 1 alerts fired and
``--fail-on-alert`` was given, 2 usage or input error (unreadable playbook, invalid
event, unusable state file, backend that cannot load), also when any event was not
counted: dropped as late, or rejected beyond the horizon (each is reported at its line,
and the rest of the file is still watched). Problems are printed as
``file:line:col: severity[code]: message``, never as a traceback.

With ``--state FILE`` the run starts from the saved state (when the file exists) and
saves it when it stops — also when it stops at a bad line, so fixing the line and
running again continues exactly there. Replaying a log from its start is expected:
events already seen are ignored as duplicates, and events older than the saved
horizon (the watch's lateness) are skipped quietly and counted in the summary, so no
alert is lost or repeated.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import click

from playbook.errors import Diagnostic, PlaybookError, SchemaError, Severity, Span
from playbook.model.duration import Duration
from playbook.output_version import versioned
from playbook.source.files import kind_of
from playbook.source.limits import from_env as limits_from_env
from playbook.watch import (
    Alert,
    AlertLog,
    FutureEventError,
    LateEventError,
    Watch,
    WatchError,
    WatchSection,
    WatchStateError,
)
from playbook.watch.clock import system_clock
from playbook.watch.state import DEFAULT_MAX_STATE_BYTES

from .exits import FINDINGS as EXIT_ALERTS
from .exits import OK as EXIT_OK
from .exits import OUTPUT_ERRNOS, handle_errors
from .exits import USAGE as EXIT_INPUT
from .options import open_playbook, playbook_option

MAX_WARNINGS = 10
#: Events between two saves of --state: a kill costs at most this much re-reading.
CHECKPOINT_EVENTS = 512


def load_watch_section(path: str | None) -> WatchSection:
    """The ``watch:`` section of the playbook at ``path`` (default: the standard playbook)."""
    return _open_watch(path)[0]


def _open_watch(path: str | None) -> tuple[WatchSection, dict[tuple[str | int, ...], Span]]:
    """The ``watch:`` section of the playbook at ``path``, and where each of its nodes was
    written (so an error found later, at a pattern, can name its file and line)."""
    playbook = open_playbook(path)
    if playbook.source.watch is None:
        raise SchemaError(Diagnostic(
            code="watch-missing",
            message=f"the playbook {path or 'standard:zh'} has no 'watch:' section",
            span=Span(str(playbook.tree.file), 1, 1) if playbook.tree is not None and playbook.tree.file else None,
            hint="add a 'watch:' section with patterns, or extend a playbook that has one",
        ))
    positions = playbook.tree.positions if playbook.tree is not None else {}
    return playbook.source.watch, {path: span.value for path, span in positions.items() if path[:1] == ("watch",)}


def _placed(error: PlaybookError, spans: dict[tuple[str | int, ...], Span]) -> PlaybookError:
    """``error`` with each diagnostic that names a place in the watch section but no span
    given the file and line where that place was written."""
    if not any(d.span is None and d.path in spans for d in error.diagnostics):
        return error
    return type(error)([
        Diagnostic(d.code, d.message, d.severity, spans[d.path], d.path, d.hint) if d.span is None and d.path in spans else d
        for d in error.diagnostics])


@dataclass
class _Run:
    """Per-invocation counters and output, so nothing lives at module level."""

    fmt: str
    out: IO[str]
    err: IO[str]
    resumed: bool = False
    alerts: int = 0
    late: int = 0  # skipped as late, replays of an earlier run's events included
    dropped: int = 0  # late events that were not replays: lost to the watch
    rejected: int = 0  # beyond the horizon, or unusable
    warnings: list[Diagnostic] = field(default_factory=list)
    log: AlertLog | None = None
    watch: Watch | None = None
    state_path: str | None = None
    unsaved: int = 0  # events fed since the last checkpoint
    unsaved_alerts: bool = False

    def emit(self, alerts: list[Alert]) -> None:
        if self.log is not None:
            alerts = self.log.write(alerts)  # those a killed run already wrote are skipped
        self.unsaved_alerts = self.unsaved_alerts or bool(alerts)
        for alert in alerts:
            if self.fmt == "json":
                self.out.write(json.dumps(versioned(alert.to_dict()), ensure_ascii=False) + "\n")
            else:
                self.out.write(alert.format() + "\n")
        self.alerts += len(alerts)
        self.out.flush()

    def fed(self, events: int) -> None:
        """Checkpoint the state after a batch: always every CHECKPOINT_EVENTS events,
        and at once after printed alerts when there is no alert log (so a kill repeats
        at most the alerts of one batch on stdout; with a log, none)."""
        self.unsaved += events
        if self.watch is None or not self.state_path:
            return
        if self.unsaved >= CHECKPOINT_EVENTS or (self.unsaved_alerts and self.log is None):
            self.save()

    def save(self) -> None:
        if self.watch is not None and self.state_path:
            self.watch.save(self.state_path, log=self.log)
            self.unsaved, self.unsaved_alerts = 0, False

    def warn(self, diagnostic: Diagnostic) -> None:
        self.warnings.append(diagnostic)
        if len(self.warnings) <= MAX_WARNINGS:
            self.err.write(diagnostic.format() + "\n")

    def fail(self, error: PlaybookError, span: Span | None = None, file: str | None = None) -> int:
        """Print ``error``; diagnostics without a place get ``span``, or are prefixed
        with the ``file`` they concern (a state file, the playbook)."""
        for diagnostic in error.diagnostics:
            if diagnostic.span is None and span is not None:
                diagnostic = Diagnostic(diagnostic.code, diagnostic.message, diagnostic.severity, span, diagnostic.path, diagnostic.hint)
            text = diagnostic.format()
            if diagnostic.span is None and not diagnostic.path and file:
                text = text.replace("<input>", file, 1)
            self.err.write(text + "\n")
        return EXIT_INPUT


@click.command("watch")
@click.argument("events", metavar="EVENTS.jsonl", type=click.Path(dir_okay=False, allow_dash=True))
@playbook_option
@click.option("--state", "state_path", type=click.Path(dir_okay=False),
              help="Resume from this file if it exists; save to it when done.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Alerts as text lines or JSON Lines.")
@click.option("--backend", type=click.Choice(["auto", "rete", "python"]),
              help="Override the playbook's watch backend.")
@click.option("--now", "now_text", metavar="TIME",
              help="After the events, let time pass to TIME (ISO 8601, or 'now') so due timers fire.")
@click.option("--horizon", "horizon", metavar="DURATION", callback=lambda _c, _p, v: _horizon(v),
              help="How far ahead of the clock an event, --now or a saved state may be "
                   "(default: the watch section's 'horizon', 1d); later ones are rejected.")
@click.option("--max-state-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_STATE_BYTES, show_default=True,
              help="Refuse a --state file larger than this.")
@click.option("--alerts", "alerts_path", type=click.Path(dir_okay=False),
              help="Also append each alert to this JSON Lines file, exactly once across restarts "
                   "(with --state, a run killed at any moment and run again neither loses nor repeats one).")
@click.option("--fail-on-alert", is_flag=True, help="Exit with 1 when any alert fired.")
@handle_errors
def watch_command(events: str, playbook_path: str | None, state_path: str | None, fmt: str,
                  backend: str | None, now_text: str | None, horizon: Duration | None, max_state_bytes: int,
                  alerts_path: str | None, fail_on_alert: bool) -> None:
    """Replay EVENTS.jsonl (one JSON event per line, '-' for stdin) and print the alerts."""
    run = _Run(fmt, sys.stdout, sys.stderr)
    code = _watch(run, events, playbook_path, state_path, backend, now_text, horizon, max_state_bytes, alerts_path)
    if code == EXIT_OK and fail_on_alert and run.alerts:
        code = EXIT_ALERTS
    sys.exit(code)


def _horizon(text: str | None) -> Duration | None:
    if text is None:
        return None
    try:
        value = Duration.parse(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    if value.business:
        raise click.BadParameter(f"'{text}' is business time; the horizon is calendar time (m, h, d or w)")
    return value


def _watch(run: _Run, events: str, playbook_path: str | None, state_path: str | None,
           backend: str | None, now_text: str | None, horizon: Duration | None = None,
           max_state_bytes: int = DEFAULT_MAX_STATE_BYTES, alerts_path: str | None = None) -> int:
    try:
        section, spans = _open_watch(playbook_path)
    except PlaybookError as error:
        return run.fail(error, file=playbook_path)
    if horizon is not None:
        section = section.model_copy(update={"horizon": horizon})
    state = state_path if state_path and os.path.lexists(state_path) else None
    try:
        watch = Watch(section, backend=backend, state=state, max_state_bytes=max_state_bytes)
    except WatchStateError as error:
        return run.fail(error, file=state_path)
    except PlaybookError as error:
        return run.fail(_placed(error, spans), file=playbook_path)
    run.resumed = state is not None
    run.watch, run.state_path = watch, state_path
    start = watch.stats  # a resumed watch carries its totals; report this run's share
    try:
        if alerts_path:
            try:
                run.log = AlertLog(alerts_path, watch.log_mark)
            except WatchStateError as error:
                watch.close()
                return run.fail(error, file=alerts_path)
        for note in watch.notes:
            run.err.write(f"{state_path}: note: {note}\n")
        code = _replay(run, watch, events)
        if code == EXIT_OK and now_text:
            try:
                moment = system_clock() if now_text.strip().lower() == "now" else now_text
                run.emit(watch.tick(moment))
            except (ValueError, TypeError) as exc:
                run.err.write(f"--now: error: '{now_text}' is not a date-time ({exc})\n")
                code = EXIT_INPUT
            except FutureEventError as error:
                code = run.fail(error, file="--now")
        run.emit(watch.take_pending())
        run.save()
    except PlaybookError as error:
        return run.fail(error)
    except BrokenPipeError:
        raise  # the reader went away; handle_errors ends quietly
    except OSError as exc:
        if exc.filename is None and exc.errno in OUTPUT_ERRNOS:
            raise  # the alerts cannot be written (stdout closed, disk full): handle_errors says so
        run.err.write(f"{exc.filename or state_path}: error: {exc.strerror or exc}\n")
        return EXIT_INPUT
    finally:
        watch.close()
        if run.log is not None:
            run.log.close()
    if len(run.warnings) > MAX_WARNINGS:
        run.err.write(f"(and {len(run.warnings) - MAX_WARNINGS} more warnings)\n")
    stats = {name: value - start.get(name, 0) for name, value in watch.stats.items()}
    if run.fmt == "text" and (code == EXIT_OK or stats["observed"]):
        rejected = f", {run.rejected} rejected beyond the horizon" if run.rejected else ""
        run.err.write(
            f"watched {stats['observed']} events with the {watch.backend} backend: {run.alerts} alerts, "
            f"{stats['duplicates']} duplicates ignored, {run.late} late events skipped{rejected}\n"
        )
    if code == EXIT_OK and (run.dropped or run.rejected):
        # Every event is counted or reported: one that was not counted is exit 2.
        code = EXIT_INPUT
    return code


def _replay(run: _Run, watch: Watch, events: str) -> int:
    """Feed the file to the watch in batches; stop at the first unusable line."""
    name = "<stdin>" if events == "-" else events
    # A pipe may be a live feed: hand each event over at once. A file goes in batches.
    batch_size = 1 if events == "-" else 512
    if events == "-" and (sys.stdin is None or sys.stdin.closed):
        run.err.write(f"{name}:1:1: error[watch-events-unreadable]: cannot read events: standard input is closed\n")
        return EXIT_INPUT
    kind = "file" if events == "-" else kind_of(Path(events))
    if kind not in ("file", "missing", "a FIFO (named pipe)"):
        # a FIFO is a live feed and is read; a device or a folder never holds events
        run.err.write(f"{name}:1:1: error[watch-events-unreadable]: cannot read events: it is "
                      f"{'a folder' if kind == 'folder' else kind}\n")
        return EXIT_INPUT
    with contextlib.ExitStack() as stack:
        try:
            # bytes, decoded line by line, so invalid UTF-8 is located at its own line
            stream = getattr(sys.stdin, "buffer", sys.stdin) if events == "-" else stack.enter_context(open(events, "rb"))
        except OSError as exc:
            run.err.write(f"{name}: error: cannot read events: {exc.strerror or exc}\n")
            return EXIT_INPUT
        try:
            batch: list[tuple[int, Any]] = []
            for lineno, parsed in _lines(stream, name):
                if isinstance(parsed, Diagnostic):
                    code = _feed(run, watch, batch, name)
                    if code == EXIT_OK:
                        run.err.write(parsed.format() + "\n")
                    return EXIT_INPUT
                batch.append((lineno, parsed))
                if len(batch) >= batch_size:
                    code = _feed(run, watch, batch, name)
                    if code != EXIT_OK:
                        return code
                    run.fed(len(batch))
                    batch = []
            return _feed(run, watch, batch, name)
        except UnicodeDecodeError as exc:
            run.err.write(f"{name}: error: events are not UTF-8 text ({exc.reason})\n")
            return EXIT_INPUT


def _feed(run: _Run, watch: Watch, batch: list[tuple[int, Any]], name: str) -> int:
    while batch:
        try:
            run.emit(watch.observe_many(event for _, event in batch))
            return EXIT_OK
        except WatchError as error:
            run.emit(getattr(error, "alerts", []))
            index = getattr(error, "index", 0)
            lineno = batch[index][0]
            span = Span(name, lineno, 1)
            if isinstance(error, LateEventError):
                # An event older than the horizon of the state this run resumed from was
                # an earlier run's (the log is replayed from its start): skip it quietly.
                # Any other late event is lost to the watch: say where, and exit 2.
                run.late += 1
                if not getattr(error, "replayed", False):
                    run.dropped += 1
                    for d in error.diagnostics:
                        run.warn(Diagnostic(d.code, d.message, Severity.ERROR, span, d.path, d.hint if run.dropped == 1 else None))
                batch = batch[index + 1:]
                continue
            if isinstance(error, FutureEventError):
                # Rejected so that it cannot move the watch's time; the rest still counts.
                run.rejected += 1
                for d in error.diagnostics:
                    run.warn(Diagnostic(d.code, d.message, Severity.ERROR, span, d.path, d.hint if run.rejected == 1 else None))
                batch = batch[index + 1:]
                continue
            return run.fail(error, span)
    return EXIT_OK


class _DuplicateKey(ValueError):
    """A key written twice in one event object (the message is the key)."""


def _once_each(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's pairs as a dict, refusing a key written twice (json keeps the last silently)."""
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key[:80])
            seen.add(key)
    return value


def _lines(stream: IO[bytes] | IO[str], name: str) -> Iterator[tuple[int, Any]]:
    """(line number, JSON object) per non-blank line, or a located diagnostic.

    A line is read at most ``max_case_bytes`` bytes at a time, so one endless line
    (``/dev/zero``, a file with no newline) is refused at its number instead of filling
    memory; each line is decoded alone, so invalid UTF-8 is located at its own line.
    """
    longest = limits_from_env().max_case_bytes
    end: str | bytes = "" if isinstance(stream, io.TextIOBase) else b""  # a text stdin (CliRunner) is read as is
    for lineno, raw in enumerate(iter(lambda: stream.readline(longest + 1), end), start=1):
        if len(raw) > longest:
            yield lineno, Diagnostic(
                "watch-event-too-long", f"line {lineno} is longer than {longest:,} bytes",
                span=Span(name, lineno, 1), hint="an event is one short JSON object per line; "
                "raise the limit with playbook --limit max_case_bytes=… if this is meant")
            return
        try:
            line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError as exc:
            yield lineno, Diagnostic("watch-event-json", f"line {lineno} is not UTF-8 text ({exc.reason})",
                                     span=Span(name, lineno, 1), hint="events are UTF-8 JSON Lines")
            return
        text = line.strip()
        if not text:
            continue
        try:
            value = json.loads(text, object_pairs_hook=_once_each)
        except _DuplicateKey as exc:
            yield lineno, Diagnostic("watch-event-json", f"line {lineno} has the key '{exc}' twice",
                                     span=Span(name, lineno, 1), hint="a reader would keep only one of them: write it once")
            return
        except RecursionError:
            yield lineno, Diagnostic("watch-event-json", f"line {lineno} nests deeper than the JSON reader follows",
                                     span=Span(name, lineno, 1), hint="an event is a flat JSON object")
            return
        except json.JSONDecodeError as exc:
            yield lineno, Diagnostic("watch-event-json", f"line {lineno} is not valid JSON: {exc.msg}",
                                     span=Span(name, lineno, exc.colno), hint="one JSON object per line")
            return
        except ValueError as exc:  # a number too long to read as an integer (sys.int_info.default_max_str_digits)
            yield lineno, Diagnostic("watch-event-json", f"line {lineno} cannot be read: {str(exc)[:120]}",
                                     span=Span(name, lineno, 1), hint="ids and keys are short text")
            return
        if not isinstance(value, dict):
            yield lineno, Diagnostic("watch-event-json", f"line {lineno} is a JSON {type(value).__name__}, expected an object",
                                     span=Span(name, lineno, 1), hint='write {"id": ..., "kind": ..., "at": ...}')
            return
        yield lineno, value
