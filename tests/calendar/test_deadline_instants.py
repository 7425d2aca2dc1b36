"""Whole days and elapsed time the short way: ``add`` for whole days, and ``deadline_instants``
(the instants alone, for the clocks that time every wait), must give what the long way gives:
the same datetime (wall time, tzinfo and fold) or the same error; an instant taken into the
calendar's zone is the very deadline ``add`` returns.

Starts include wall times a DST change skips or repeats, in the calendar's zone and others,
and a date Pacific/Apia skipped (30 December 2011).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import example, given, settings
from hypothesis import strategies as st

from playbook.calendar import BusinessCalendar, CalendarRangeError
from playbook.calendar.business import _LAST_MOMENT
from playbook.model.duration import Duration

from .conftest import WEEKDAYS_ONLY, make_calendar
from .test_calendar_properties import CALENDARS, UTC, starts

ZONES = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Shanghai"]
EDGE_CALENDARS = {
    zone: make_calendar(timezone=zone, business_hours=[{"days": WEEKDAYS_ONLY, "start": "09:00", "end": "17:00"}])
    for zone in ZONES
}
ALL = {**CALENDARS, **EDGE_CALENDARS}
calendars = st.sampled_from(sorted(ALL)).map(ALL.__getitem__)
# wall times at offset changes: skipped (spring forward, Apia's lost day) and repeated (fall back)
CHANGES = [
    dt.datetime(2026, 3, 8, 2, 30), dt.datetime(2026, 11, 1, 1, 30), dt.datetime(2025, 11, 2, 1, 30),
    dt.datetime(2026, 3, 29, 1, 30), dt.datetime(2026, 10, 25, 1, 30), dt.datetime(2026, 4, 5, 1, 45),
    dt.datetime(2026, 10, 4, 2, 15), dt.datetime(2011, 12, 30, 12, 0), dt.datetime(2011, 12, 29, 23, 30),
    dt.datetime(9999, 12, 1), dt.datetime(9999, 12, 30),
]
OTHER_ZONES = [None, UTC, dt.timezone(dt.timedelta(hours=8)), ZoneInfo("America/New_York")]
DAY_TEXTS = ["1d", "2d", "3d", "7d", "1w", "2w", "52w", "364d", "0.5d", "1.25w"]
ELAPSED_TEXTS = ["1m", "30min", "1h", "24h", "0.5h", "1.5m", "1000h"]


@st.composite
def edge_starts(draw: st.DrawFn, calendar: BusinessCalendar) -> dt.datetime:
    """A wall time at or near an offset change, in the calendar's zone or converted to another."""
    wall = draw(st.sampled_from(CHANGES)) - dt.timedelta(minutes=draw(st.sampled_from([0, 0, 30, 60, 1440])))
    moment = wall.replace(tzinfo=calendar.zone, fold=draw(st.integers(0, 1)))
    other = draw(st.sampled_from([None, None, *OTHER_ZONES]))
    try:
        return moment if other is None else moment.astimezone(other)
    except OverflowError:
        return moment


def long_way_whole_days(calendar: BusinessCalendar, start: dt.datetime, days: int) -> dt.datetime:
    """Whole days as ``add`` counted them before: through UTC into the zone, wall time plus
    the days with the start's fold, through UTC back into the zone."""
    local = start.astimezone(UTC).astimezone(calendar.zone)
    try:
        wall = local.replace(tzinfo=None) + dt.timedelta(days=days)
        moment = wall.replace(tzinfo=calendar.zone, fold=local.fold).astimezone(UTC)
    except OverflowError as exc:
        raise CalendarRangeError("past") from exc
    if moment > _LAST_MOMENT:
        raise CalendarRangeError("past")
    return moment.astimezone(calendar.zone)


def outcome(call: Any) -> Any:
    try:
        result = call()
    except (CalendarRangeError, OverflowError) as exc:
        return type(exc)
    return result, result.tzinfo, result.fold, result.utcoffset()


def check_whole_days(calendar: BusinessCalendar, start: dt.datetime, days: int) -> None:
    assert outcome(lambda: calendar.add(start, f"{days}d")) == outcome(
        lambda: long_way_whole_days(calendar, start, days))


def check_instants(calendar: BusinessCalendar, moments: list[dt.datetime], text: str) -> None:
    duration = Duration.parse(text)
    instants = calendar.deadline_instants(moments, duration)
    try:
        deadlines = [calendar.add(moment, duration) for moment in moments]
    except (CalendarRangeError, OverflowError):
        assert instants is None  # add says why; the shortcut stands aside
        return
    if duration.business or any(m.tzinfo is None for m in moments) or (
            duration.unit in ("d", "w") and not (duration.amount * (7 if duration.unit == "w" else 1)).is_integer()):
        assert instants is None
        return
    assert instants is not None
    assert all(i.tzinfo is UTC for i in instants)
    assert [outcome(lambda i=i: i.astimezone(calendar.zone)) for i in instants] == [
        outcome(lambda d=d: d) for d in deadlines]


@settings(deadline=None, max_examples=400)
@given(st.data(), calendars, st.sampled_from([1, 2, 3, 7, 14, 364, 3660]))
def test_whole_days_the_short_way_are_the_long_way(data: st.DataObject, calendar: BusinessCalendar, days: int) -> None:
    start = data.draw(st.one_of(edge_starts(calendar), starts.filter(lambda m: m.tzinfo is not None)))
    check_whole_days(calendar, start, days)


@settings(deadline=None, max_examples=400)
@given(st.data(), calendars, st.sampled_from(DAY_TEXTS + ELAPSED_TEXTS + ["4bh", "2bd"]))
def test_deadline_instants_are_adds_instants(data: st.DataObject, calendar: BusinessCalendar, text: str) -> None:
    moments = data.draw(st.lists(st.one_of(edge_starts(calendar), starts), min_size=1, max_size=4))
    check_instants(calendar, moments, text)


@example(0)
@example(1)
@given(st.integers(0, 1))
def test_a_repeated_hour_a_year_later_keeps_its_fold(fold: int) -> None:
    """2025-11-02 01:30 and 2026-11-01 01:30 are both repeated in New York, 364 days apart."""
    calendar = EDGE_CALENDARS["America/New_York"]
    start = dt.datetime(2025, 11, 2, 1, 30, tzinfo=calendar.zone, fold=fold)
    check_whole_days(calendar, start, 364)
    check_instants(calendar, [start], "52w")
    assert calendar.add(start, "52w").fold == fold


def test_a_skipped_wall_time_in_the_zone_starts_at_its_real_local_time() -> None:
    calendar = EDGE_CALENDARS["America/New_York"]
    start = dt.datetime(2026, 3, 8, 2, 30, tzinfo=calendar.zone)  # does not exist: 03:30 EDT
    assert calendar.add(start, "1d") == dt.datetime(2026, 3, 9, 3, 30, tzinfo=calendar.zone)
    check_whole_days(calendar, start, 1)
    check_instants(calendar, [start], "1d")


def long_way_worst(calendar: BusinessCalendar, waits: list[tuple[dt.datetime, dt.datetime]],
                   duration: Duration) -> tuple[int, int, Any]:
    """The wait most past its deadline as the clocks found it before: ``add`` for every
    start, elapsed seconds through UTC, the first of equals."""
    dues = [calendar.add(start, duration) for start, _ in waits]
    late = [int((end.astimezone(UTC) - due.astimezone(UTC)).total_seconds()) for (_, end), due in zip(waits, dues)]
    worst = late.index(max(late))
    return worst, late[worst], outcome(lambda: dues[worst])


@settings(deadline=None, max_examples=400)
@given(st.data(), calendars, st.sampled_from(DAY_TEXTS + ELAPSED_TEXTS + ["2bd"]))
def test_worst_overdue_is_the_long_way(data: st.DataObject, calendar: BusinessCalendar, text: str) -> None:
    """Ends in the calendar's own zone (subtracted by wall clock if taken as they are), in
    other zones and at offset changes: the same wait, lateness and deadline as the long way."""
    duration = Duration.parse(text)
    aware_starts = st.one_of(edge_starts(calendar), starts.filter(lambda m: m.tzinfo is not None))
    moments = data.draw(st.lists(st.tuples(aware_starts, aware_starts), min_size=1, max_size=4))
    found = calendar.worst_overdue(moments, duration)
    if found is None:  # the caller takes the long way
        whole_days = duration.unit in ("d", "w") and (duration.amount * (7 if duration.unit == "w" else 1)).is_integer()
        # only near either end of the range (or where deadline_instants stands aside too)
        assert not whole_days or calendar.deadline_instants([s for s, _ in moments], duration) is None or any(
            not 1 < s.year < 9989 for s, _ in moments)
        return
    worst, overdue, due = found
    assert (worst, overdue, outcome(lambda: due)) == long_way_worst(calendar, moments, duration)


def test_worst_overdue_reads_ends_in_the_zone_by_elapsed_time() -> None:
    """An end in the calendar's own tzinfo across a fall-back night: 25 h waited, not 24."""
    calendar = EDGE_CALENDARS["America/New_York"]
    zone = calendar.zone
    start = dt.datetime(2026, 10, 30, 12, 0, tzinfo=zone)  # due 31 October 12:00 EDT
    end = dt.datetime(2026, 11, 1, 12, 0, tzinfo=zone)  # a day later by the clock, EST
    worst, overdue, due = calendar.worst_overdue([(start, end)], Duration.parse("1d"))  # type: ignore[misc]
    assert (worst, overdue, due) == (0, 25 * 3600, calendar.add(start, "1d"))
