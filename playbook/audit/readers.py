"""Reading an archive as a stream of *units*: one case each, or one located reject.

Why units rather than cases: an audit must account for every input row. A unit carries
the file and the line or row range it came from and how many input rows it stands for,
so ``rows in = rows decided + rows rejected`` holds whatever goes wrong, and a resumed run
can skip exactly the units a checkpoint says are done.

Formats: JSON Lines (``.jsonl``, ``.ndjson``, ``.json``), CSV (``.csv``) and Parquet
(``.parquet``, through pyarrow, an optional import). Compression (gzip, zstd) is found by
the file's first bytes, so ``archive.jsonl.gz`` and a misnamed file both read. A flat
table maps columns to case fields through a :class:`~playbook.audit.mapping.ColumnMapping`;
with a ``session`` column, consecutive rows with the same value are one case (exports
sorted by session, as ticket systems write them).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from playbook.errors import Diagnostic, LoadError, Span

from .mapping import ColumnMapping, RowError, case_fields, identity_case, message_fields

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
MAX_LINE_BYTES = 20 * 1024 * 1024
"""A line longer than this is rejected, not read whole: a hostile file cannot exhaust memory."""
PARQUET_BATCH_ROWS = 4096


@dataclass(frozen=True)
class Unit:
    """One case to decide (``data``) or one reject (``error``), with where it came from."""

    file: str
    line: int
    """First line (JSON Lines, CSV: 1 is the header) or row (Parquet, 1-based)."""
    last_line: int
    rows: int
    data: dict[str, Any] | None = None
    error: str | None = None
    code: str | None = None

    @property
    def where(self) -> str:
        unit = "row" if self.file.endswith(".parquet") else "line"
        if self.last_line != self.line:
            return f"{self.file}:{unit}s {self.line}-{self.last_line}"
        return f"{self.file}:{unit} {self.line}"


Tracker = Callable[[int], None]
"""Told the bytes of input consumed so far (for progress and ETA)."""


def archive_format(path: str) -> str:
    """``jsonl``, ``csv`` or ``parquet`` from the name (a ``.gz``/``.zst`` suffix ignored)."""
    name = path.lower()
    for suffix in (".gz", ".gzip", ".zst", ".zstd"):
        name = name.removesuffix(suffix)
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith((".csv", ".tsv")):
        return "csv"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    raise LoadError(Diagnostic(code="unknown-archive-format", message=f"cannot tell the format of '{path}'",
                               span=Span(path, 1, 1),
                               hint="name it .jsonl, .csv or .parquet (optionally .gz or .zst)"))


class _Counting(io.RawIOBase):
    """A raw file that reports how many compressed bytes were read (progress on any codec)."""

    def __init__(self, raw: IO[bytes], track: Tracker | None) -> None:
        self._raw = raw
        self._track = track
        self._done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self._done += len(data)
        if self._track is not None:
            self._track(self._done)
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


def open_binary(path: str, track: Tracker | None = None) -> IO[bytes]:
    """The decompressed bytes of ``path``; gzip and zstd found by their magic numbers."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 - handed to the caller, closed by it
    except OSError as exc:
        raise LoadError(Diagnostic(code="cannot-read", message=f"cannot read '{path}': {exc.strerror}",
                                   span=Span(path, 1, 1))) from None
    head = raw.read(4)
    raw.seek(0)
    counted = io.BufferedReader(_Counting(raw, track), buffer_size=1 << 16)
    if head.startswith(GZIP_MAGIC):
        return gzip.GzipFile(fileobj=counted, mode="rb")  # type: ignore[return-value]
    if head == ZSTD_MAGIC:
        try:
            import zstandard
        except ImportError:
            raise LoadError(Diagnostic(code="missing-extra", message=f"'{path}' is zstd-compressed",
                                       hint="pip install zstandard (or complaint-playbook[audit])")) from None
        reader = zstandard.ZstdDecompressor().stream_reader(counted, read_across_frames=True)
        return io.BufferedReader(reader, buffer_size=1 << 16)
    return counted


def read_units(path: str, mapping: ColumnMapping | None, track: Tracker | None = None) -> Iterator[Unit]:
    """Every unit of one archive file, in order."""
    kind = archive_format(path)
    if kind == "parquet":
        rows: Iterator[tuple[int, Mapping[str, Any] | Unit]] = _parquet_rows(path, track)
    elif kind == "csv":
        rows = _csv_rows(path, track)
    else:
        if mapping is None:
            yield from _jsonl_cases(path, track)
            return
        rows = _jsonl_rows(path, track)
    if mapping is not None and mapping.per_message:
        yield from _sessions(path, rows, mapping)
    else:
        yield from _flat(path, rows, mapping)


def _jsonl_lines(path: str, track: Tracker | None) -> Iterator[tuple[int, bytes | Unit]]:
    with open_binary(path, track) as stream:
        number = 0
        while True:
            line = stream.readline(MAX_LINE_BYTES + 1)
            if not line:
                return
            number += 1
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):  # skip the rest of the long line
                    line = stream.readline(MAX_LINE_BYTES)
                yield number, Unit(path, number, number, 1, error=f"line is longer than {MAX_LINE_BYTES} bytes",
                                   code="line-too-long")
                continue
            yield number, line


def _jsonl_cases(path: str, track: Tracker | None) -> Iterator[Unit]:
    for number, line in _jsonl_lines(path, track):
        if isinstance(line, Unit):
            yield line
            continue
        if not line.strip():
            continue  # blank lines are not rows
        try:
            data = json.loads(line)
        except ValueError as exc:
            yield Unit(path, number, number, 1, error=f"not valid JSON: {exc}", code="invalid-json")
            continue
        if not isinstance(data, dict):
            yield Unit(path, number, number, 1, error=f"a case is a JSON object, not {type(data).__name__}",
                       code="invalid-case")
            continue
        yield Unit(path, number, number, 1, data=data)


def _jsonl_rows(path: str, track: Tracker | None) -> Iterator[tuple[int, Mapping[str, Any] | Unit]]:
    for unit in _jsonl_cases(path, track):
        yield unit.line, (unit.data if unit.data is not None else unit)


def _csv_rows(path: str, track: Tracker | None) -> Iterator[tuple[int, Mapping[str, Any] | Unit]]:
    delimiter = "\t" if ".tsv" in path.lower() else ","
    with open_binary(path, track) as binary:
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="strict", newline="")
        reader = csv.reader(text, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            return
        except (UnicodeDecodeError, csv.Error) as exc:
            raise LoadError(Diagnostic(code="invalid-csv", message=f"cannot read the header: {exc}",
                                       span=Span(path, 1, 1))) from None
        while True:
            start = reader.line_num + 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                yield start, Unit(path, start, start, 1, error=f"not UTF-8: {exc.reason}", code="invalid-encoding")
                return  # the decoder cannot resynchronise; the rest of the file is unreadable
            except csv.Error as exc:
                yield start, Unit(path, start, reader.line_num, 1, error=f"not valid CSV: {exc}", code="invalid-csv")
                continue
            if not values:
                continue
            if len(values) != len(header):
                yield start, Unit(path, start, reader.line_num, 1,
                                  error=f"{len(values)} values for {len(header)} columns", code="invalid-csv")
                continue
            yield start, dict(zip(header, values, strict=True))


def _parquet_rows(path: str, track: Tracker | None) -> Iterator[tuple[int, Mapping[str, Any] | Unit]]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise LoadError(Diagnostic(code="missing-extra", message=f"reading '{path}' needs pyarrow",
                                   hint="pip install 'complaint-playbook[audit]' (or pip install pyarrow)")) from None
    try:
        table = pq.ParquetFile(path)
    except Exception as exc:
        raise LoadError(Diagnostic(code="invalid-parquet", message=f"cannot read '{path}' as Parquet: {exc}",
                                   span=Span(path, 1, 1))) from None
    size = Path(path).stat().st_size
    total = max(1, table.metadata.num_rows)
    number = 0
    for batch in table.iter_batches(batch_size=PARQUET_BATCH_ROWS):
        for row in batch.to_pylist():
            number += 1
            yield number, row
        if track is not None:
            track(size * number // total)


def _flat(path: str, rows: Iterator[tuple[int, Mapping[str, Any] | Unit]],
          mapping: ColumnMapping | None) -> Iterator[Unit]:
    for number, row in rows:
        if isinstance(row, Unit):
            yield row
            continue
        try:
            data = case_fields(mapping, row) if mapping is not None else identity_case(row)
        except RowError as exc:
            yield Unit(path, number, number, 1, error=str(exc), code="invalid-row")
            continue
        yield Unit(path, number, number, 1, data=data)


def _sessions(path: str, rows: Iterator[tuple[int, Mapping[str, Any] | Unit]],
              mapping: ColumnMapping) -> Iterator[Unit]:
    """Group consecutive message rows with one session value into one case.

    A bad message row rejects its whole session (deciding the rest would judge a
    conversation with a hole in it); the reject names the bad row and covers every row of
    the session, so the counts still add up. A row that cannot be read at all (broken JSON
    or CSV) has no session value: it is its own reject and the session goes on.
    """
    assert mapping.session is not None
    session: Any = None
    first = last = 0
    count = 0
    case: dict[str, Any] = {}
    messages: list[tuple[Any, int, dict[str, Any]]] = []
    problem: str | None = None

    def flush() -> Unit:
        if problem is not None:
            return Unit(path, first, last, count, error=problem, code="invalid-row")
        ordered = sorted(messages, key=lambda m: (m[0], m[1])) if mapping.order else messages
        data = dict(case)
        data.setdefault("id", str(session))
        data["transcript"] = [m[2] for m in ordered]
        return Unit(path, first, last, count, data=data)

    for number, row in rows:
        if isinstance(row, Unit):
            yield row
            continue
        value = row.get(mapping.session)
        if value is None or value == "":
            yield Unit(path, number, number, 1, error=f"session column '{mapping.session}' is empty",
                       code="invalid-row")
            continue
        if count and value != session:
            yield flush()
            count = 0
        if count == 0:
            session, first, case, messages, problem = value, number, {}, [], None
        count += 1
        last = number
        if problem is not None:
            continue
        try:
            if not case:
                case = case_fields(mapping, row)
            key = row.get(mapping.order) if mapping.order else None
            if mapping.order and key is None:
                raise RowError(f"order column '{mapping.order}' is empty")
            if mapping.order and isinstance(key, str):
                key = _order_key(key)
            messages.append((key, number, message_fields(mapping, row)))
        except RowError as exc:
            problem = f"{_unit_word(path)} {number}: {exc}"
    if count:
        yield flush()


def _order_key(value: str) -> Any:
    try:
        return (0, float(value), "")
    except ValueError:
        return (1, 0.0, value)


def _unit_word(path: str) -> str:
    return "row" if archive_format(path) == "parquet" else "line"
