"""Mainland China's State Council schedule (holidays: cn), checked against chinese_calendar."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from playbook.calendar import BusinessCalendar, load_holiday_table

from .conftest import EVERY_DAY, make_calendar

SHANGHAI = "+08:00"


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text + SHANGHAI)


def days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def test_national_day_2025(china: BusinessCalendar) -> None:
    for day in days(dt.date(2025, 10, 1), dt.date(2025, 10, 8)):
        assert not china.is_workday(day), day
    # 调休: Sunday 28 September and Saturday 11 October 2025 are working days.
    assert dt.date(2025, 9, 28).weekday() == 6 and china.is_workday(dt.date(2025, 9, 28))
    assert dt.date(2025, 10, 11).weekday() == 5 and china.is_workday(dt.date(2025, 10, 11))
    assert not china.is_workday(dt.date(2025, 10, 12))
    for day in days(dt.date(2025, 9, 20), dt.date(2025, 10, 20)):
        assert china.is_workday(day) == chinese_calendar.is_workday(day), day


def test_spring_festival_2026(china: BusinessCalendar) -> None:
    for day in days(dt.date(2026, 2, 15), dt.date(2026, 2, 23)):
        assert not china.is_workday(day), day
    assert china.is_workday(dt.date(2026, 2, 14))  # Saturday worked before the holiday
    assert china.is_workday(dt.date(2026, 2, 28))  # Saturday worked after it
    for day in days(dt.date(2026, 2, 1), dt.date(2026, 3, 8)):
        assert china.is_workday(day) == chinese_calendar.is_workday(day), day


def test_every_covered_day_matches_chinese_calendar(china: BusinessCalendar) -> None:
    table = load_holiday_table("cn")
    assert table is not None
    first, last = dt.date(table.first_year, 1, 1), dt.date(table.last_year, 12, 31)
    mismatches = [d for d in days(first, last) if china.is_workday(d) != chinese_calendar.is_workday(d)]
    assert mismatches == []


def test_seven_working_days_from_the_thursday_before_national_day(china: BusinessCalendar) -> None:
    # Thu 25 Sep 2025: Fri 26 (1), Sun 28 (2), Mon 29 (3), Tue 30 (4), [1–8 Oct off],
    # Thu 9 (5), Fri 10 (6), Sat 11 (7). The start day itself never counts.
    assert china.add(at("2025-09-25T10:00"), "7bd") == at("2025-10-11T18:00")
    assert china.add(at("2025-09-25T08:00"), "7bd") == at("2025-10-11T18:00")
    assert china.add(at("2025-09-25T21:30"), "7bd") == at("2025-10-11T18:00")


def test_without_the_schedule_national_day_is_ordinary(plain_week: BusinessCalendar) -> None:
    assert plain_week.add(at("2025-09-25T10:00"), "7bd") == at("2025-10-06T18:00")


def test_business_hours_stop_over_the_holiday(china: BusinessCalendar) -> None:
    # Tue 30 Sep 17:30: half an hour left that day, the rest after the eight days off.
    assert china.add(at("2025-09-30T17:30"), "1bh") == at("2025-10-09T09:30")
    assert china.elapsed(at("2025-09-30T17:30"), at("2025-10-09T09:30"), business=True) == dt.timedelta(hours=1)


def test_spring_festival_deadlines(china: BusinessCalendar) -> None:
    friday = at("2026-02-13T15:00")
    assert china.add(friday, "1bd") == at("2026-02-14T18:00")  # the worked Saturday
    assert china.add(friday, "2bd") == at("2026-02-24T18:00")  # then nothing until Tue 24
    assert china.add(friday, "4bh") == at("2026-02-14T10:00")


def test_worked_weekend_uses_the_desks_own_hours_when_it_has_them() -> None:
    shop = make_calendar(
        holidays="cn",
        business_hours=[
            {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "18:00"},
            {"days": ["sat"], "start": "10:00", "end": "16:00"},
        ],
    )
    assert not shop.is_workday(dt.date(2025, 10, 4))  # a Saturday inside National Day
    assert shop.opening_hours(dt.date(2025, 10, 11)) == ((at("2025-10-11T10:00"), at("2025-10-11T16:00")),)
    # Sunday 28 Sep has no weekly hours, so it is worked like the first working weekday.
    assert shop.opening_hours(dt.date(2025, 9, 28)) == ((at("2025-09-28T09:00"), at("2025-09-28T18:00")),)


def test_a_seven_day_desk_still_closes_on_public_holidays() -> None:
    desk = make_calendar(holidays="cn", business_hours=[{"days": EVERY_DAY, "start": "08:00", "end": "20:00"}])
    assert not desk.is_workday(dt.date(2025, 10, 1))
    assert desk.is_workday(dt.date(2025, 9, 27))  # an ordinary Saturday


def test_extra_dates_override_the_schedule() -> None:
    calendar = make_calendar(
        holidays="cn",
        extra_holidays=["2025-12-31", "2025-10-11"],  # a company day off; skip the worked Saturday
        extra_workdays=["2025-10-08", "2025-12-28"],  # on duty on a holiday and on a Sunday
    )
    assert not calendar.is_workday(dt.date(2025, 12, 31))
    assert not calendar.is_workday(dt.date(2025, 10, 11))
    assert calendar.is_workday(dt.date(2025, 10, 8))
    assert calendar.opening_hours(dt.date(2025, 12, 28)) == ((at("2025-12-28T09:00"), at("2025-12-28T18:00")),)
    # Thu 25 Sep: 26, 28, 29, 30, Oct 8 (extra), 9, 10 -> the 11th is now off.
    assert calendar.add(at("2025-09-25T10:00"), "7bd") == at("2025-10-10T18:00")


def test_extra_dates_without_a_provider() -> None:
    calendar = make_calendar(extra_holidays=["2025-11-14"], extra_workdays=["2025-11-16"])
    assert not calendar.is_workday(dt.date(2025, 11, 14))
    assert calendar.is_workday(dt.date(2025, 11, 16))
    assert calendar.coverage_warning(dt.date(2040, 1, 1)) is None  # no provider, nothing unknown


def test_years_outside_the_schedule_fall_back_to_the_week(china: BusinessCalendar) -> None:
    table = load_holiday_table("cn")
    assert table is not None
    later = table.last_year + 1
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(dt.date(later, 1, 1))
    new_year = dt.date(later, 1, 1)
    assert china.is_workday(new_year) == (new_year.weekday() < 5)
    first_sunday = new_year + dt.timedelta(days=6 - new_year.weekday())
    assert not china.is_workday(first_sunday)
    warning = china.coverage_warning(new_year)
    assert warning is not None
    assert f"holiday data for {later} unknown" in warning and "counted weekends" in warning
    assert china.coverage_warning(dt.date(2025, 6, 1)) is None
    span = china.coverage_warning(dt.datetime(2025, 6, 1, 9), dt.date(later + 4, 3, 1))
    assert span is not None and f"{later}–{later + 4}" in span
    before = china.coverage_warning(dt.date(table.first_year - 1, 5, 1))
    assert before is not None and str(table.first_year - 1) in before


def test_deadlines_in_uncovered_years_count_weekdays(china: BusinessCalendar) -> None:
    # 2031-01-01 is a Wednesday; with no data New Year's Day counts as a working day.
    start = at("2030-12-31T10:00")
    assert china.add(start, "1bd") == at("2031-01-01T18:00")
    assert china.add(start, "4bd") == at("2031-01-06T18:00")
    assert china.coverage_warning(start, china.add(start, "4bd")) is not None


def test_extra_dates_fill_in_uncovered_years() -> None:
    calendar = make_calendar(holidays="cn", extra_holidays=["2031-01-01"])
    assert calendar.add(at("2030-12-31T10:00"), "1bd") == at("2031-01-02T18:00")
