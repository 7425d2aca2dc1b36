"""Instants as integer microseconds since the Unix epoch, and wall-clock hours turned into them.

Python's aware-datetime arithmetic is wall-clock arithmetic when both sides share a tzinfo
(``09:00 + 24h`` across a DST change stays ``09:00``), which is wrong for elapsed business
time. Working in UTC microseconds keeps every sum exact and every comparison cheap; local
dates are proleptic ordinals (:meth:`datetime.date.toordinal`) for the same reason.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from playbook.calendar.errors import CalendarRangeError

US = 1_000_000
DAY_US = 86_400 * US
ONE_US = dt.timedelta(microseconds=1)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()

Span = tuple[int, int]
Hours = tuple[tuple[int, int], ...]


def to_us(moment: dt.datetime, zone: ZoneInfo) -> int:
    """Microseconds since the epoch; a naive ``moment`` is wall time in ``zone`` (its fold kept)."""
    try:
        if moment.tzinfo is None or moment.utcoffset() is None:
            moment = moment.replace(tzinfo=zone)
        return (moment - EPOCH) // ONE_US
    except OverflowError as exc:
        raise _out_of_range(moment.isoformat()) from exc


def from_us(instant: int, zone: ZoneInfo) -> dt.datetime:
    """The aware datetime in ``zone`` for an instant."""
    try:
        return (EPOCH + dt.timedelta(microseconds=instant)).astimezone(zone)
    except OverflowError as exc:
        raise _out_of_range(f"{instant} µs after 1970") from exc


def _out_of_range(what: str) -> CalendarRangeError:
    """Times at the very ends of the calendar (year 1, year 9999) shift out of it when a
    zone offset applies; that is the input's doing, so it is a located library error."""
    return CalendarRangeError(f"{what} is too close to the ends of the calendar (years 1 and 9999)")


def local_ordinal(moment: dt.datetime, instant: int, zone: ZoneInfo) -> int:
    """The ordinal of the local date in ``zone`` of ``moment`` (whose instant is given)."""
    if moment.tzinfo is None or moment.tzinfo is zone:
        return moment.toordinal()
    return from_us(instant, zone).toordinal()


def wall_us(ordinal: int, second: int, zone: ZoneInfo, fold: int = 0) -> int:
    """The instant of wall time ``second`` after midnight on the date ``ordinal`` in ``zone``.

    ``second`` may be 86 400 (24:00, the next midnight). A wall time skipped by a DST
    change resolves with the offset in force before it (``fold=0``), i.e. one hour later
    on the clock; a repeated wall time takes its first occurrence unless ``fold=1``.
    """
    days, second = divmod(second, 86_400)
    hour, rest = divmod(second, 3600)
    day = dt.date.fromordinal(ordinal + days)
    moment = dt.datetime(day.year, day.month, day.day, hour, rest // 60, rest % 60, tzinfo=zone, fold=fold)
    return (moment - EPOCH) // ONE_US


def offset_at(ordinal: int, zone: ZoneInfo) -> int:
    """The UTC offset (µs) in force at local midnight of the date ``ordinal``."""
    offset = zone.utcoffset(dt.datetime.fromordinal(ordinal))
    if offset is None:  # never for a ZoneInfo; keeps the type checker honest
        raise ValueError(f"time zone {zone.key} has no UTC offset")
    return (offset.days * 86_400 + offset.seconds) * US + offset.microseconds


def steady_spans(ordinal: int, hours: Hours, offset: int) -> tuple[Span, ...]:
    """Opening hours as instants on a date known to keep one UTC ``offset`` all day."""
    base = (ordinal - EPOCH_ORDINAL) * DAY_US - offset
    return tuple((base + start * US, base + end * US) for start, end in hours)


def exact_spans(ordinal: int, hours: Hours, zone: ZoneInfo) -> tuple[Span, ...]:
    """Opening hours as instants on a date with a UTC-offset change.

    A span's length is real elapsed time, so hours that straddle the change are one hour
    shorter or longer. Boundaries follow PEP 495's ``fold=0`` reading: a wall time skipped
    by a spring-forward change takes the offset before it (a 02:30 opening happens at
    03:30 on the new clock, as an alarm set for 02:30 would ring), and a repeated wall time
    is its first occurrence. A block that this reading leaves empty is closed that day.
    """
    spans = sorted((wall_us(ordinal, start, zone), wall_us(ordinal, end, zone)) for start, end in hours)
    merged: list[list[int]] = []
    for start, end in spans:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


def day_spans(ordinal: int, hours: Hours, zone: ZoneInfo) -> tuple[Span, ...]:
    """Opening hours on one date as sorted, disjoint ``(open, close)`` instants."""
    if not hours:
        return ()
    offset = offset_at(ordinal, zone)
    if offset == offset_at(ordinal + 1, zone):
        return steady_spans(ordinal, hours, offset)
    return exact_spans(ordinal, hours, zone)


class OffsetProbe:
    """Finds stretches of days with one UTC offset, probing a week at a time.

    Equal offsets at local midnight a week apart are taken to mean no change in between:
    every zone's rules keep offset changes weeks apart, so a change and its reversal never
    fit in one week. One probe per week instead of two per day keeps a walk over days cheap.
    Used within one call only; it remembers the last probe so consecutive weeks share one.
    """

    __slots__ = ("_offset", "_ordinal", "zone")

    WEEK = 7

    def __init__(self, zone: ZoneInfo):
        self.zone = zone
        self._ordinal = 0
        self._offset = 0

    def _at(self, ordinal: int) -> int:
        if ordinal != self._ordinal:
            self._ordinal, self._offset = ordinal, offset_at(ordinal, self.zone)
        return self._offset

    def week(self, ordinal: int) -> int | None:
        """The offset kept from local midnight of ``ordinal`` for 7 days, or None if it changes."""
        first = self._at(ordinal)
        return first if self._at(ordinal + self.WEEK) == first else None
