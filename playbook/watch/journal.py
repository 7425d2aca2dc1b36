"""Alerts written exactly once across crashes: an append-only JSON Lines log that a
resumed watch reads back.

A watch that is killed (``kill -9``, a power cut) between writing an alert and saving
its state would, on restart, find that alert again and write it twice; saving first
and writing after would lose it instead. No order of two separate writes avoids both,
so the log itself is the record of what was written:

* every alert has an id computed from what it says (:attr:`Alert.id`);
* a saved state carries the log's *mark*: its length in bytes when the state was
  saved (:meth:`playbook.watch.Watch.save` with ``log=``), written in the same atomic
  replace as the rest of the state;
* on resume, the lines after the mark are the alerts written after that save (or
  read back by the run that saved it and not yet found again by its state). The
  resumed watch replays the events since the save, finds exactly those alerts again
  (same events, same state, same ids) and :meth:`AlertLog.write` skips them; a line
  cut short by the kill is removed first. Every alert after them is new and appended.

So the log holds each alert once, whatever the moment of the kill, provided the
events are replayed from the saved state on (a log read from its start is: what the
state already had is ignored as duplicates or earlier history).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from playbook.output_version import versioned
from playbook.watch.alert import Alert
from playbook.watch.errors import WatchStateError


class AlertLog:
    """Append alerts to ``path`` (JSON Lines, one ``--format json`` line per alert).

    ``mark`` is the log length the resumed state recorded (``Watch.log_mark``), or
    None when there is no state yet: then every alert already in the file counts as
    written (the run that wrote them was killed before its first save).
    """

    def __init__(self, path: str | os.PathLike[str], mark: int | None = None):
        self.path = Path(path)
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError as exc:
            raise WatchStateError.of("watch-log-unwritable", f"cannot open alert log {self.path}: {exc.strerror or exc}") from None
        self._base = 0 if mark is None else mark
        try:
            self._written = self._read_back(self._base)
        except BaseException:
            os.close(self._fd)
            raise

    def _read_back(self, mark: int) -> set[str]:
        info = os.fstat(self._fd)
        if not stat.S_ISREG(info.st_mode):
            raise WatchStateError.of("watch-log-unwritable", f"alert log {self.path} is not a regular file")
        size = info.st_size
        if size < mark:
            raise WatchStateError.of(
                "watch-log-short",
                f"alert log {self.path} has {size:,} bytes, but the saved state had written {mark:,}: it was truncated or replaced",
                hint="give the alert log the state was saved with, or start both afresh",
            )
        tail = os.pread(self._fd, size - mark, mark) if size > mark else b""
        cut = tail.rfind(b"\n") + 1
        if cut < len(tail):  # a line cut short by a kill: it is written again whole
            os.ftruncate(self._fd, mark + cut)
            tail = tail[:cut]
        ids: set[str] = set()
        for number, line in enumerate(tail.splitlines(), start=1):
            try:
                ids.add(str(json.loads(line)["id"]))
            except (ValueError, KeyError, TypeError):
                raise WatchStateError.of(
                    "watch-log-invalid",
                    f"alert log {self.path}: line {number} after the saved mark is not an alert written by playbook watch",
                ) from None
        return ids

    def write(self, alerts: Iterable[Alert]) -> list[Alert]:
        """Append the alerts not yet in the log; return those (in order)."""
        new: list[Alert] = []
        for alert in alerts:
            if alert.id in self._written:
                self._written.discard(alert.id)  # found again once; a later equal id is new
                continue
            new.append(alert)
        if new:
            data = "".join(json.dumps(versioned(a.to_dict()), ensure_ascii=False) + "\n" for a in new).encode("utf-8")
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view):]
        return new

    @property
    def mark(self) -> int:
        """What a state saved now records, made durable first: the log's length once
        every alert read back after the resumed mark has been found again; until then
        the resumed mark itself. (A state saved while some of those are still ahead of
        it must not cover them: the next resume finds them again and has to know they
        were written. Keeping the old mark keeps them in what it reads back.)"""
        os.fsync(self._fd)
        if not self._written:
            self._base = os.fstat(self._fd).st_size
        return self._base

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> AlertLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
