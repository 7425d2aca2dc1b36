"""Time zones: inputs from other zones, and business hours across daylight-saving changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from playbook.calendar import BusinessCalendar

from .conftest import make_calendar

NEW_YORK = ZoneInfo("America/New_York")


def ny(*args: int, fold: int = 0) -> dt.datetime:
    return dt.datetime(*args, tzinfo=NEW_YORK, fold=fold)


def test_utc_input_is_read_in_the_calendar_zone(china: BusinessCalendar) -> None:
    # 01:30 UTC on Monday is 09:30 in Shanghai: inside business hours.
    start = dt.datetime(2025, 11, 17, 1, 30, tzinfo=dt.timezone.utc)
    assert china.is_open(start)
    assert china.add(start, "1bh") == dt.datetime.fromisoformat("2025-11-17T10:30+08:00")
    # 23:00 UTC on Sunday is already Monday 07:00 in Shanghai: the clock starts at 09:00 Monday.
    sunday_utc = dt.datetime(2025, 11, 16, 23, 0, tzinfo=dt.timezone.utc)
    assert china.add(sunday_utc, "1bh") == dt.datetime.fromisoformat("2025-11-17T10:00+08:00")
    assert china.add(sunday_utc, "1bd") == dt.datetime.fromisoformat("2025-11-18T18:00+08:00")


def test_business_hours_across_spring_forward(new_york: BusinessCalendar) -> None:
    # DST began Sunday 9 March 2025; opening hours stay 09:00–17:00 on the wall clock.
    friday = ny(2025, 3, 7, 16)
    deadline = new_york.add(friday, "2bh")
    assert deadline == ny(2025, 3, 10, 10)
    assert deadline.utcoffset() == dt.timedelta(hours=-4)
    assert friday.utcoffset() == dt.timedelta(hours=-5)
    assert new_york.elapsed(friday, deadline, business=True) == dt.timedelta(hours=2)
    assert new_york.elapsed(friday, deadline, business=False) == dt.timedelta(days=2, hours=17)
    assert new_york.add(friday, "1bd") == ny(2025, 3, 10, 17)


def test_business_hours_across_fall_back(new_york: BusinessCalendar) -> None:
    friday = ny(2025, 10, 31, 16, 30)
    deadline = new_york.add(friday, "1bh")
    assert deadline == ny(2025, 11, 3, 9, 30)
    assert deadline.utcoffset() == dt.timedelta(hours=-5)


def test_calendar_hours_are_elapsed_but_days_keep_the_wall_clock(
    new_york_always_open: BusinessCalendar,
) -> None:
    saturday = ny(2025, 3, 8, 12)  # EST; the night after loses an hour
    assert new_york_always_open.add(saturday, "24h") == ny(2025, 3, 9, 13)
    assert new_york_always_open.add(saturday, "24bh") == ny(2025, 3, 9, 13)
    assert new_york_always_open.add(saturday, "1d") == ny(2025, 3, 9, 12)
    # That calendar day is 23 real hours long, so half of it is 11.5 hours.
    assert new_york_always_open.add(saturday, "0.5d") == ny(2025, 3, 8, 23, 30)


def test_the_changeover_days_are_23_and_25_hours_long(new_york_always_open: BusinessCalendar) -> None:
    spring = new_york_always_open.elapsed(ny(2025, 3, 9), ny(2025, 3, 10), business=True)
    autumn = new_york_always_open.elapsed(ny(2025, 11, 2), ny(2025, 11, 3), business=True)
    assert (spring, autumn) == (dt.timedelta(hours=23), dt.timedelta(hours=25))
    # A year of always-open time is the year's real length, whatever the changes.
    year = new_york_always_open.elapsed(ny(2025, 1, 1), ny(2026, 1, 1), business=True)
    assert year == dt.timedelta(days=365)


def test_hours_that_straddle_the_changeover_count_real_time() -> None:
    night = make_calendar(
        timezone="America/New_York", business_hours=[{"days": ["sun"], "start": "01:00", "end": "05:00"}]
    )
    (opens, closes), = night.opening_hours(dt.date(2025, 3, 9))
    assert closes - opens == dt.timedelta(hours=4)  # wall-clock difference
    assert night.elapsed(ny(2025, 3, 9), ny(2025, 3, 10), business=True) == dt.timedelta(hours=3)
    assert night.elapsed(ny(2025, 11, 2), ny(2025, 11, 3), business=True) == dt.timedelta(hours=5)
    # The repeated 01:30 is open both times.
    assert night.is_open(ny(2025, 11, 2, 1, 30, fold=0)) and night.is_open(ny(2025, 11, 2, 1, 30, fold=1))


def test_naive_times_in_a_dst_zone_use_the_wall_clock(new_york: BusinessCalendar) -> None:
    deadline = new_york.add(dt.datetime(2025, 7, 1, 9), "1bh")
    assert deadline == ny(2025, 7, 1, 10) and deadline.utcoffset() == dt.timedelta(hours=-4)


def test_shanghai_input_for_a_new_york_calendar(new_york: BusinessCalendar) -> None:
    # 21:00 in Shanghai on Monday 17 Nov is 08:00 in New York: one hour before opening.
    start = dt.datetime.fromisoformat("2025-11-17T21:00+08:00")
    assert new_york.add(start, "1bh") == ny(2025, 11, 17, 10)
    assert new_york.is_workday(start)


def test_a_block_inside_the_skipped_hour_follows_the_fold_rule() -> None:
    # 02:00–02:30 does not exist on 9 March 2025; read with the offset before the change
    # (PEP 495 fold=0), it happens at 03:00–03:30 on the new clock.
    odd = make_calendar(
        timezone="America/New_York", business_hours=[{"days": ["sun"], "start": "02:00", "end": "02:30"}]
    )
    assert odd.opening_hours(dt.date(2025, 3, 9)) == ((ny(2025, 3, 9, 3), ny(2025, 3, 9, 3, 30)),)
    assert odd.add(ny(2025, 3, 8, 12), "1bd") == ny(2025, 3, 9, 3, 30)
    # A block entirely after the skipped hour's reading is empty that day, but the day still counts.
    empty = make_calendar(
        timezone="America/New_York", business_hours=[{"days": ["sun"], "start": "02:30", "end": "03:00"}]
    )
    assert empty.opening_hours(dt.date(2025, 3, 9)) == ()
    assert empty.is_workday(dt.date(2025, 3, 9))
    assert empty.add(ny(2025, 3, 8, 12), "1bd") == ny(2025, 3, 9, 3)
    assert empty.add(ny(2025, 3, 8, 12), "0.5bh") == ny(2025, 3, 16, 3)  # the next Sunday
    assert empty.add(ny(2025, 3, 8, 12), "1bh") == ny(2025, 3, 23, 3)
