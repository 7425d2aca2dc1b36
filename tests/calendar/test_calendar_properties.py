"""Properties every calendar must keep, over random starts, amounts and calendars.

Starts range over 2002–2033, across both ends of the holiday schedule's coverage, in
several zones and as naive times; calendars include DST zones and night shifts that
straddle the changeover. Instants are compared in UTC: Python compares two datetimes that
share a tzinfo by wall clock, which is wrong around a fall-back hour.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import example, given, settings
from hypothesis import strategies as st

from playbook.calendar import BusinessCalendar

from .conftest import EVERY_DAY, WEEKDAYS_ONLY, make_calendar

UTC = dt.timezone.utc

CALENDARS = {
    "china": make_calendar(holidays="cn", extra_holidays=["2027-01-04"], extra_workdays=["2028-01-02"]),
    "new-york-lunch": make_calendar(
        timezone="America/New_York",
        business_hours=[
            {"days": WEEKDAYS_ONLY, "start": "09:00", "end": "12:00"},
            {"days": WEEKDAYS_ONLY, "start": "13:00", "end": "17:30"},
            {"days": ["sat"], "start": "10:00", "end": "14:00"},
        ],
        extra_holidays=["2025-07-04", "2025-12-25"],
    ),
    "london-nights": make_calendar(
        timezone="Europe/London",
        business_hours=[
            {"days": EVERY_DAY, "start": "22:00", "end": "24:00"},
            {"days": EVERY_DAY, "start": "00:00", "end": "06:00"},
        ],
    ),
    "new-york-always": make_calendar(
        timezone="America/New_York", business_hours=[{"days": EVERY_DAY, "start": "00:00", "end": "24:00"}]
    ),
    "kathmandu-sundays": make_calendar(
        timezone="Asia/Kathmandu", business_hours=[{"days": ["sun"], "start": "10:15", "end": "11:45"}]
    ),
}

calendars = st.sampled_from(sorted(CALENDARS)).map(CALENDARS.__getitem__)
zones = st.sampled_from([None, UTC, ZoneInfo("Asia/Shanghai"), ZoneInfo("America/New_York"), ZoneInfo("Europe/London")])
starts = st.datetimes(min_value=dt.datetime(2002, 1, 1), max_value=dt.datetime(2033, 12, 31), timezones=zones)
amounts = st.integers(min_value=1, max_value=50_000).map(lambda n: n / 100)  # 0.01 … 500.00 (500w is under the ten-year bound)
units = st.sampled_from(["m", "h", "d", "w", "bh", "bd"])


def utc(calendar: BusinessCalendar, moment: dt.datetime) -> dt.datetime:
    """The instant of ``moment``, reading naive times in the calendar's zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=calendar.zone)
    return moment.astimezone(UTC)


def text(amount: float, unit: str) -> str:
    return f"{amount:.2f}{unit}"


@settings(deadline=None)
@given(calendars, starts, amounts, units)
def test_a_deadline_is_never_before_its_start(cal: BusinessCalendar, start: dt.datetime, amount: float, unit: str) -> None:
    deadline = cal.add(start, text(amount, unit))
    assert deadline.tzinfo is cal.zone
    assert deadline.astimezone(UTC) >= utc(cal, start)
    if unit == "bd":
        assert deadline.astimezone(UTC) > utc(cal, start)
        assert cal.is_workday(deadline)


@settings(deadline=None)
@given(calendars, starts, amounts)
def test_business_hours_added_are_business_hours_elapsed(cal: BusinessCalendar, start: dt.datetime, amount: float) -> None:
    deadline = cal.add(start, text(amount, "bh"))
    assert cal.elapsed(start, deadline, business=True) == dt.timedelta(hours=amount)
    assert cal.elapsed(deadline, start, business=True) == -dt.timedelta(hours=amount)


@settings(deadline=None)
@given(calendars, starts, amounts, amounts, units)
def test_deadlines_grow_with_the_duration(
    cal: BusinessCalendar, start: dt.datetime, first: float, second: float, unit: str
) -> None:
    small, large = sorted((first, second))
    assert cal.add(start, text(small, unit)).astimezone(UTC) <= cal.add(start, text(large, unit)).astimezone(UTC)


@settings(deadline=None)
@given(calendars, starts, st.integers(1, 3000), st.integers(1, 3000))
def test_business_hours_add_up(cal: BusinessCalendar, start: dt.datetime, first: int, second: int) -> None:
    # The two-step walk and the one-step walk skip whole weeks at different places.
    stepwise = cal.add(cal.add(start, f"{first}bh"), f"{second}bh")
    assert stepwise.astimezone(UTC) == cal.add(start, f"{first + second}bh").astimezone(UTC)


@settings(deadline=None)
@given(calendars, starts, starts, starts)
def test_elapsed_business_time_adds_up_and_stays_below_clock_time(
    cal: BusinessCalendar, a: dt.datetime, b: dt.datetime, c: dt.datetime
) -> None:
    a, b, c = sorted((a, b, c), key=lambda m: utc(cal, m))
    whole = cal.elapsed(a, c, business=True)
    assert whole == cal.elapsed(a, b, business=True) + cal.elapsed(b, c, business=True)
    assert dt.timedelta(0) <= whole <= cal.elapsed(a, c, business=False)


@settings(deadline=None, max_examples=60)
@given(calendars, starts, st.integers(1, 1200))
def test_business_days_match_counting_one_day_at_a_time(cal: BusinessCalendar, start: dt.datetime, count: int) -> None:
    day = utc(cal, start).astimezone(cal.zone).date()
    for _ in range(count):
        day += dt.timedelta(days=1)
        while not cal.is_workday(day):
            day += dt.timedelta(days=1)
    deadline = cal.add(start, f"{count}bd")
    assert deadline == cal.opening_hours(day)[-1][1]


@settings(max_examples=300, deadline=None)
@given(cal=calendars, start=starts, days=st.integers(min_value=1, max_value=3_650), fold=st.integers(0, 1))
@example(cal=CALENDARS["new-york-always"], start=dt.datetime(2002, 4, 7, 2, 0, tzinfo=ZoneInfo("America/New_York")),
         days=1, fold=0)  # a wall time the spring-forward change skips: it is 03:00 EDT
def test_whole_days_from_an_aware_start_are_the_microsecond_walk(
    cal: BusinessCalendar, start: dt.datetime, days: int, fold: int
) -> None:
    """``3d`` from an aware start takes datetime arithmetic; it gives the datetime (value, offset
    and fold) that the microsecond walk of ``_add_days`` gives, around every DST change."""
    from playbook.calendar.clock import from_us
    from playbook.model.duration import Duration

    start = start.replace(fold=fold)
    if start.tzinfo is None:
        start = start.replace(tzinfo=cal.zone)
    instant, _ordinal = cal._instant(start)
    walked = from_us(cal._add_days(instant, days), cal.zone)
    for text in (f"{days}d", *([f"{days // 7}w"] if days % 7 == 0 else [])):
        added = cal.add(start, Duration.parse(text))
        assert (added, added.utcoffset(), added.fold, added.tzinfo) == (walked, walked.utcoffset(), walked.fold, walked.tzinfo)
