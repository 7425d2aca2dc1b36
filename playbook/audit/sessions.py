"""One-row-per-message tables grouped into cases by session, whatever the row order.

Why a spill file: an export is not always sorted by session (a data-lake dump, a table
concatenated from several days, ``ORDER BY`` forgotten). Grouping only consecutive rows
would silently turn one conversation into several cases. Holding every session in memory
until the input ends would bound nothing. So the rows are first written to a SQLite file
in ``--out`` (``sessions.sqlite``), keyed by session and by their position in the input;
SQLite sorts on disk, with a small page cache, so memory stays bounded by one session.
Cases then come out in the order of each session's first row, which for a sorted export
is exactly the input order.

Resumable: the spill is built under a temporary name and renamed into place only when
complete, with the audit's fingerprint inside it. A run killed while spilling builds it
again; a run killed later reuses it and skips the sessions the checkpoint covers. The
decisions therefore do not depend on where the kills fell.

:func:`session_case` is the one definition of how a session's rows become a case; the
Spark audit calls it too, so both agree row for row.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from .mapping import ColumnMapping, RowError, case_fields, message_fields
from .readers import Unit, unit_word

SPILL = "sessions.sqlite"
SPILL_FORMAT = 1
BATCH_ROWS = 2000
_TAG = "\x00t"


def order_key(value: Any) -> tuple[int, float, str]:
    """A total order over order-column values: numbers (and numeric text) by value, then
    times, then any other text; so "10" comes after "9" and mixed columns never fail."""
    if isinstance(value, bool):
        return (3, 0.0, str(value))
    if isinstance(value, int | float | Decimal):
        return (0, float(value), "")
    if isinstance(value, dt.datetime):
        return (1, value.timestamp(), "")
    if isinstance(value, dt.date):
        return (1, dt.datetime(value.year, value.month, value.day).timestamp(), "")
    if isinstance(value, str):
        try:
            return (0, float(value), "")
        except ValueError:
            return (2, 0.0, value)
    return (3, 0.0, str(value))


def session_case(session: Any, rows: Sequence[tuple[str, Mapping[str, Any]]], mapping: ColumnMapping) -> dict[str, Any]:
    """The case of one session from its rows ``(label, row)`` in input order.

    Messages are ordered by the mapping's ``order`` column (input order breaks ties, and is
    the order without one); the case fields come from the first message in that order.
    A bad row raises :class:`RowError` naming it by its label (``line 7``): deciding the
    rest would judge a conversation with a hole in it.
    """
    keyed: list[tuple[tuple[int, float, str], int, str, Mapping[str, Any]]] = []
    for position, (label, row) in enumerate(rows):
        key = (0, 0.0, "")
        if mapping.order:
            raw = row.get(mapping.order)
            if raw is None or raw == "":
                raise RowError(f"{label}: order column '{mapping.order}' is empty")
            key = order_key(raw)
        keyed.append((key, position, label, row))
    keyed.sort(key=lambda item: (item[0], item[1]))
    transcript = []
    case: dict[str, Any] = {}
    for index, (_key, _position, label, row) in enumerate(keyed):
        try:
            if index == 0:
                case = case_fields(mapping, row)
            transcript.append(message_fields(mapping, row))
        except RowError as exc:
            raise RowError(f"{label}: {exc}") from None
    case.setdefault("id", str(session))
    case["transcript"] = transcript
    return case


def _encode(value: Any) -> Any:
    """JSON for a cell, keeping the types Parquet gives (times, decimals) recoverable."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.datetime):
        return {_TAG: "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {_TAG: "date", "v": value.isoformat()}
    if isinstance(value, dt.time):
        return {_TAG: "time", "v": value.isoformat()}
    if isinstance(value, Decimal):
        return {_TAG: "decimal", "v": str(value)}
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, Mapping):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return str(value)


_DECODERS: dict[str, Callable[[str], Any]] = {
    "datetime": dt.datetime.fromisoformat, "date": dt.date.fromisoformat, "time": dt.time.fromisoformat,
    "decimal": Decimal}


def _decode(payload: str) -> Any:
    # The hook costs more than the parse; only a payload with a tagged cell needs it.
    return json.loads(payload, object_hook=_decode_hook) if "\\u0000t" in payload else json.loads(payload)


def _decode_hook(obj: dict[str, Any]) -> Any:
    tag = obj.get(_TAG)
    if isinstance(tag, str) and tag in _DECODERS and len(obj) == 2:
        return _DECODERS[tag](obj["v"])
    return obj


Row = tuple[int, "Mapping[str, Any] | Unit"]
"""A row of one file: its line (or Parquet row) number and its values, or an unreadable row."""


class SessionSpill:
    """The spill file of one audit: message rows keyed by session, then read back grouped."""

    def __init__(self, out: Path, fingerprint: dict[str, Any], mapping: ColumnMapping) -> None:
        assert mapping.session is not None
        self.path = out / SPILL
        self.temporary = out / f".{SPILL}.tmp"
        self.mapping = mapping
        self.fingerprint = json.dumps({"format": SPILL_FORMAT, **fingerprint}, sort_keys=True, ensure_ascii=False)
        self._columns = sorted(mapping.columns())

    def ready(self) -> bool:
        """True when a complete spill of this very audit is in place."""
        if not self.path.exists():
            return False
        try:
            db = sqlite3.connect(self.path)
        except sqlite3.Error:
            return False
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        except sqlite3.Error:
            return False
        finally:
            db.close()
        return row is not None and row[0] == self.fingerprint

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
        self.temporary.unlink(missing_ok=True)

    def build(self, files: Sequence[str], rows_of: Callable[[int], Iterable[Row]]) -> None:
        """Write every row of ``files`` (read through ``rows_of(index)``) into the spill."""
        self.remove()
        db = sqlite3.connect(self.temporary)
        try:
            # Nothing here needs to survive a crash: an incomplete spill is rebuilt.
            db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -32768;"
                             "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
                             "CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT);"
                             "CREATE TABLE rows (key TEXT, seq INTEGER, file INTEGER, line INTEGER,"
                             " last_line INTEGER, payload TEXT);")
            db.executemany("INSERT INTO files VALUES (?, ?)", list(enumerate(files)))
            batch: list[tuple[str, int, int, int, int, str]] = []
            seq = 0
            for index in range(len(files)):
                for number, row in rows_of(index):
                    batch.append(self._record(seq, index, number, row))
                    seq += 1
                    if len(batch) >= BATCH_ROWS:
                        db.executemany("INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?)", batch)
                        batch = []
            db.executemany("INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?)", batch)
            db.executescript("CREATE INDEX rows_by_key ON rows (key, seq);"
                             "CREATE TABLE sessions AS SELECT key, MIN(seq) AS first FROM rows"
                             " GROUP BY key ORDER BY first;")
            db.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (self.fingerprint,))
            db.commit()
        finally:
            db.close()
        with open(self.temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(self.temporary, self.path)

    def _record(self, seq: int, file: int, number: int, row: Mapping[str, Any] | Unit) -> tuple[str, int, int, int, int, str]:
        if isinstance(row, Unit):  # unreadable: no session value, a reject of its own
            payload = {"error": row.error, "code": row.code}
            return (f"r{seq}", seq, file, row.line, row.last_line, json.dumps(payload, ensure_ascii=False))
        assert self.mapping.session is not None
        value = row.get(self.mapping.session)
        if value is None or value == "":
            payload = {"error": f"session column '{self.mapping.session}' is empty", "code": "invalid-row"}
            return (f"r{seq}", seq, file, number, number, json.dumps(payload, ensure_ascii=False))
        cells = {column: _encode(row[column]) for column in self._columns if column in row}
        return (f"s{value}", seq, file, number, number,
                json.dumps({"session": _encode(value), "row": cells}, ensure_ascii=False))

    def count(self) -> int:
        """How many units (sessions and lone rejects) the spill holds."""
        db = sqlite3.connect(self.path)
        try:
            return int(db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0])
        finally:
            db.close()

    def units(self, skip: int = 0) -> Iterator[Unit]:
        """Every unit in the order of its first row, after the first ``skip``."""
        db = sqlite3.connect(self.path)
        try:
            files = dict(db.execute("SELECT id, path FROM files"))
            cursor = db.execute(
                "SELECT s.rowid, r.file, r.line, r.last_line, r.payload FROM sessions AS s"
                " JOIN rows AS r ON r.key = s.key WHERE s.rowid > ? ORDER BY s.rowid, r.seq", (skip,))
            group: list[tuple[int, int, int, str]] = []
            current = None
            for unit_id, file, line, last_line, payload in cursor:
                if unit_id != current and group:
                    yield self._unit(group, files)
                    group = []
                current = unit_id
                group.append((file, line, last_line, payload))
            if group:
                yield self._unit(group, files)
        finally:
            db.close()

    def _unit(self, group: list[tuple[int, int, int, str]], files: dict[int, str]) -> Unit:
        file, line, last_line, payload = group[0]
        path = files[file]
        data = _decode(payload)
        if "error" in data:
            return Unit(path, line, last_line, 1, error=data["error"], code=data["code"])
        last = max(g[2] for g in group if g[0] == file)
        others = tuple(dict.fromkeys(files[g[0]] for g in group if g[0] != file))
        rows = []
        for row_file, row_line, _last, row_payload in group:
            where = f"{unit_word(files[row_file])} {row_line}"
            if row_file != file:
                where = f"{files[row_file]} {where}"
            rows.append((where, (data if row_payload is payload else _decode(row_payload))["row"]))
        try:
            case = session_case(data["session"], rows, self.mapping)
        except RowError as exc:
            return Unit(path, line, last, len(group), error=str(exc), code="invalid-row", others=others)
        return Unit(path, line, last, len(group), data=case, others=others)
