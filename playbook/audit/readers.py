"""Reading an archive as a stream of *units*: one case each, or one located reject.

Why units rather than cases: an audit must account for every input row. A unit carries
the file and the line or row range it came from and how many input rows it stands for,
so ``rows in = rows decided + rows rejected`` holds whatever goes wrong, and a resumed run
can skip exactly the units a checkpoint says are done.

Formats: JSON Lines (``.jsonl``, ``.ndjson``, ``.json``), CSV (``.csv``) and Parquet
(``.parquet``, through pyarrow, an optional import). Compression (gzip, zstd) is found by
the file's first bytes, so ``archive.jsonl.gz`` and a misnamed file both read. A flat
table maps columns to case fields through a :class:`~playbook.audit.mapping.ColumnMapping`;
with a ``session`` column, the rows with the same value are one case wherever they are in
the input (grouped through a spill file, see :mod:`playbook.audit.sessions`).
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

from .mapping import ColumnMapping, RowError, case_fields, identity_case

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
    others: tuple[str, ...] = ()
    """Other files holding rows of this session (a session split across archives)."""

    @property
    def where(self) -> str:
        unit = unit_word(self.file)
        where = f"{self.file}:{unit} {self.line}"
        if self.last_line != self.line:
            where = f"{self.file}:{unit}s {self.line}-{self.last_line}"
        if self.others:
            where += f" and rows in {', '.join(self.others)}"
        return where


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


def read_rows(path: str, mapping: ColumnMapping | None,
              track: Tracker | None = None) -> Iterator[tuple[int, Mapping[str, Any] | Unit]]:
    """Every row of one table file (CSV/TSV, Parquet, JSON Lines of flat objects) with its
    line or row number; an unreadable row is a :class:`Unit` carrying its error."""
    kind = archive_format(path)
    if kind == "parquet":
        return _parquet_rows(path, track)
    if kind == "csv":
        return _csv_rows(path, track)
    return _jsonl_rows(path, track)


def read_units(path: str, mapping: ColumnMapping | None, track: Tracker | None = None) -> Iterator[Unit]:
    """Every unit of one archive file of whole cases (one row or line each), in order.

    Tables of one row per message are grouped across all inputs by
    :class:`playbook.audit.sessions.SessionSpill` instead.
    """
    if mapping is not None and mapping.per_message:
        raise ValueError("rows of messages are grouped by playbook.audit.sessions, not read_units")
    if mapping is None and archive_format(path) == "jsonl":
        yield from _jsonl_cases(path, track)
        return
    yield from _flat(path, read_rows(path, mapping, track), mapping)


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


def unit_word(path: str) -> str:
    """How a position in ``path`` is named: ``row`` in Parquet, ``line`` in text."""
    name = path.lower()
    for suffix in (".gz", ".gzip", ".zst", ".zstd"):
        name = name.removesuffix(suffix)
    return "row" if name.endswith((".parquet", ".pq")) else "line"
