"""Deadlines and elapsed time in each duration unit, on a plain Asia/Shanghai office week."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
from zoneinfo import ZoneInfo

import pytest

from playbook.calendar import BusinessCalendar, CalendarRangeError
from playbook.errors import PlaybookError
from playbook.model.duration import Duration

from .conftest import EVERY_DAY, make_calendar

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text + "+08:00")


FRIDAY_LATE = at("2025-11-14T17:30")  # an ordinary Friday, no holidays near


def test_one_hour_on_the_calendar_versus_business_hours(china: BusinessCalendar) -> None:
    assert china.add(FRIDAY_LATE, "1h") == at("2025-11-14T18:30")
    assert china.add(FRIDAY_LATE, "1bh") == at("2025-11-17T09:30")
    assert china.add(FRIDAY_LATE, "60m") == china.add(FRIDAY_LATE, "1h")


def test_business_hours_end_at_closing_when_used_up_exactly(plain_week: BusinessCalendar) -> None:
    assert plain_week.add(at("2025-11-13T17:00"), "1bh") == at("2025-11-13T18:00")
    assert plain_week.add(at("2025-11-13T09:00"), "9bh") == at("2025-11-13T18:00")
    assert plain_week.add(at("2025-11-13T09:00"), "9.5bh") == at("2025-11-14T09:30")


def test_business_hours_start_at_the_next_opening(plain_week: BusinessCalendar) -> None:
    assert plain_week.add(at("2025-11-13T07:00"), "1bh") == at("2025-11-13T10:00")
    assert plain_week.add(at("2025-11-13T20:00"), "1bh") == at("2025-11-14T10:00")
    assert plain_week.add(at("2025-11-15T12:00"), "1bh") == at("2025-11-17T10:00")  # Saturday
    assert plain_week.next_open(at("2025-11-15T12:00")) == at("2025-11-17T09:00")
    assert plain_week.next_open(at("2025-11-17T11:00")) == at("2025-11-17T11:00")


def test_a_lunch_break_is_not_business_time() -> None:
    office = make_calendar(
        business_hours=[
            {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "12:00"},
            {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "13:00", "end": "18:00"},
        ]
    )
    assert office.add(at("2025-11-13T11:30"), "1bh") == at("2025-11-13T13:30")
    assert not office.is_open(at("2025-11-13T12:30"))
    assert office.is_open(at("2025-11-13T12:59:59"))  is False
    assert office.is_open(at("2025-11-13T13:00"))
    assert office.elapsed(at("2025-11-13T00:00"), at("2025-11-14T00:00"), business=True) == dt.timedelta(hours=8)


def test_overlapping_blocks_are_merged() -> None:
    office = make_calendar(
        business_hours=[
            {"days": ["mon"], "start": "09:00", "end": "13:00"},
            {"days": ["mon"], "start": "12:00", "end": "18:00"},
        ]
    )
    assert office.opening_hours(dt.date(2025, 11, 17)) == ((at("2025-11-17T09:00"), at("2025-11-17T18:00")),)


def test_business_days_end_at_close_of_the_nth_working_day(plain_week: BusinessCalendar) -> None:
    thursday = at("2025-11-13T10:00")
    assert plain_week.add(thursday, "1bd") == at("2025-11-14T18:00")
    assert plain_week.add(thursday, "2bd") == at("2025-11-17T18:00")
    assert plain_week.add(thursday, "7bd") == at("2025-11-24T18:00")
    assert plain_week.add(at("2025-11-15T10:00"), "1bd") == at("2025-11-17T18:00")  # from a Saturday


def test_fractional_business_days_take_a_share_of_the_next_day(plain_week: BusinessCalendar) -> None:
    thursday = at("2025-11-13T10:00")
    assert plain_week.add(thursday, "0.5bd") == at("2025-11-14T13:30")
    assert plain_week.add(thursday, "1.5bd") == at("2025-11-17T13:30")
    assert plain_week.add(thursday, "1.5bd") < plain_week.add(thursday, "2bd")


def test_calendar_days_and_weeks_keep_the_wall_clock(plain_week: BusinessCalendar) -> None:
    start = at("2025-11-13T10:00")
    assert plain_week.add(start, "3d") == at("2025-11-16T10:00")
    assert plain_week.add(start, "1.5d") == at("2025-11-14T22:00")
    assert plain_week.add(start, "2w") == at("2025-11-27T10:00")
    assert plain_week.add(start, "24h") == at("2025-11-14T10:00")


def test_elapsed_clock_and_business_time(plain_week: BusinessCalendar) -> None:
    start, end = FRIDAY_LATE, at("2025-11-17T10:00")
    assert plain_week.elapsed(start, end, business=False) == dt.timedelta(days=2, hours=16, minutes=30)
    assert plain_week.elapsed(start, end, business=True) == dt.timedelta(hours=1, minutes=30)
    assert plain_week.elapsed(end, start, business=True) == -dt.timedelta(hours=1, minutes=30)
    assert plain_week.elapsed(end, start, business=False) == -dt.timedelta(days=2, hours=16, minutes=30)
    assert plain_week.elapsed(start, start, business=True) == dt.timedelta(0)
    saturday, sunday = at("2025-11-15T09:00"), at("2025-11-16T17:00")
    assert plain_week.elapsed(saturday, sunday, business=True) == dt.timedelta(0)


def test_elapsed_over_a_long_span_counts_every_week(plain_week: BusinessCalendar) -> None:
    start, end = at("2030-01-07T09:00"), at("2030-12-30T09:00")  # Monday to Monday, 51 weeks
    assert plain_week.elapsed(start, end, business=True) == dt.timedelta(hours=51 * 45)


def test_results_are_aware_in_the_calendar_zone(plain_week: BusinessCalendar) -> None:
    result = plain_week.add(dt.datetime(2025, 11, 13, 10), "1bh")  # naive: read as Shanghai time
    assert result.tzinfo is SHANGHAI
    assert result == at("2025-11-13T11:00")
    utc_start = dt.datetime(2025, 11, 14, 9, 30, tzinfo=dt.timezone.utc)  # 17:30 in Shanghai
    deadline = plain_week.add(utc_start, "1bh")
    assert deadline == at("2025-11-17T09:30") and deadline.tzinfo is SHANGHAI
    assert deadline.utcoffset() == dt.timedelta(hours=8)
    assert plain_week.add(utc_start, "1h").isoformat() == "2025-11-14T18:30:00+08:00"
    assert plain_week.is_workday(dt.datetime(2025, 11, 14, 20, tzinfo=dt.timezone.utc)) is False  # Sat 04:00


def test_durations_may_be_parsed_objects_or_text(plain_week: BusinessCalendar) -> None:
    start = at("2025-11-13T10:00")
    assert plain_week.add(start, Duration.parse("7bd")) == plain_week.add(start, "7bd")
    with pytest.raises(ValueError):
        plain_week.add(start, "7 working days")
    with pytest.raises(TypeError):
        plain_week.add(start, 7)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        plain_week.add(dt.date(2025, 11, 13), "1h")  # type: ignore[arg-type]


def test_a_desk_open_only_on_sundays_still_finds_deadlines() -> None:
    sundays = make_calendar(business_hours=[{"days": ["sun"], "start": "10:00", "end": "12:00"}])
    assert sundays.add(at("2025-11-13T10:00"), "3bd") == at("2025-11-30T12:00")
    assert sundays.add(at("2025-11-13T10:00"), "5bh") == at("2025-11-30T11:00")


def test_always_open_business_time_is_clock_time() -> None:
    always = make_calendar(business_hours=[{"days": EVERY_DAY, "start": "00:00", "end": "24:00"}])
    start = at("2025-11-13T10:15")
    assert always.add(start, "100bh") == always.add(start, "100h")
    assert always.elapsed(start, at("2026-02-01T00:00"), business=True) == at("2026-02-01T00:00") - start


def test_thousands_of_business_days_finish_quickly(china: BusinessCalendar) -> None:
    began = time.perf_counter()
    deadline = china.add(at("2025-09-25T10:00"), "2500bd")
    assert time.perf_counter() - began < 0.5
    assert china.is_workday(deadline.date())
    assert deadline.time() == dt.time(18, 0)
    # Counting the same days one by one agrees with the week-at-a-time shortcut.
    day, counted = dt.date(2025, 9, 25), 0
    while counted < 2500:
        day += dt.timedelta(days=1)
        counted += china.is_workday(day)
    assert deadline.date() == day


def test_huge_business_hour_amounts_finish_quickly(china: BusinessCalendar) -> None:
    began = time.perf_counter()
    deadline = china.add(at("2025-09-25T10:00"), "80000bh")
    assert time.perf_counter() - began < 2
    assert china.elapsed(at("2025-09-25T10:00"), deadline, business=True) == dt.timedelta(hours=80000)


@pytest.mark.parametrize("duration", ["3600bd", "80000bh", "500w", "87000h"])
def test_deadlines_past_the_year_9999_are_range_errors(china: BusinessCalendar, duration: str) -> None:
    # Durations are at most ten years long, so only a start near the end of time overflows.
    began = time.perf_counter()
    with pytest.raises(CalendarRangeError) as excinfo:
        china.add(at("9995-09-25T10:00"), duration)
    assert time.perf_counter() - began < 1
    assert isinstance(excinfo.value, PlaybookError) and isinstance(excinfo.value, ValueError)
    assert excinfo.value.diagnostics[0].code == "calendar-out-of-range"


def test_the_compiled_calendar_is_immutable(china: BusinessCalendar) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        china.zone = ZoneInfo("UTC")  # type: ignore[misc]
    with pytest.raises(TypeError):
        china.schedule.overrides[1] = ()  # type: ignore[index]
    assert "Asia/Shanghai" in repr(china) and "'cn'" in repr(china)


def test_one_calendar_serves_many_threads(china: BusinessCalendar) -> None:
    starts = [at("2025-09-20T08:00") + dt.timedelta(hours=7 * n) for n in range(60)]
    durations = ["1h", "8bh", "7bd", "3d", "0.5bd"]
    expected = [[china.add(s, d) for d in durations] for s in starts]
    results: list[list[list[dt.datetime]]] = []
    lock = threading.Lock()

    def work() -> None:
        mine = [[china.add(s, d) for d in durations] for s in starts]
        with lock:
            results.append(mine)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 8


def test_typical_deadlines_cost_microseconds(china: BusinessCalendar) -> None:
    starts = [at("2025-09-22T08:00") + dt.timedelta(minutes=97 * n) for n in range(200)]
    durations = [Duration.parse(text) for text in ("1h", "4bh", "7bd", "24h", "30min")]
    began = time.perf_counter()
    for start in starts:
        for duration in durations:
            china.add(start, duration)
    per_add = (time.perf_counter() - began) / (len(starts) * len(durations))
    assert per_add < 200e-6  # generous: a few µs on a desktop, tens on a slow CI box


def test_edges_of_time_are_range_errors(plain_week: BusinessCalendar) -> None:
    with pytest.raises(CalendarRangeError):
        plain_week.next_open(dt.datetime(9999, 12, 31, 10))
    with pytest.raises(CalendarRangeError):
        plain_week.elapsed(at("2025-01-01T00:00"), dt.datetime(9999, 12, 31), business=True)
    with pytest.raises(CalendarRangeError):
        plain_week.add(dt.datetime(9999, 12, 30, 10), "1bd")
    # Clock time needs no calendar walk, so it reaches further.
    assert plain_week.elapsed(at("2025-01-01T00:00"), at("2025-01-02T00:00"), business=False) == dt.timedelta(days=1)


def test_closed_days_have_no_opening_hours(plain_week: BusinessCalendar) -> None:
    assert plain_week.opening_hours(dt.date(2025, 11, 15)) == ()
    with pytest.raises(TypeError):
        plain_week.is_workday("2025-11-15")  # type: ignore[arg-type]
