"""Holiday providers: which dates a published schedule turns into days off or working days.

``cn`` is mainland China's State Council schedule (``chinese-calendar``, with the weekend
days moved into working days, 调休); any other country, and its subdivisions (``us``,
``gb``, ``de-by``, ``us-ny``), comes from the ``holidays`` package, which keeps the
rules and their changes up to date, so no playbook types dates by hand.

A provider is reduced to an immutable :class:`HolidayTable` once per calendar, so the hot
path is a set lookup and no library call (``chinese_calendar.is_workday`` re-scans its whole
table on every call to find the supported years).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from playbook.model.calendar import provider_error

COUNTRY_YEARS = (2000, 2100)
"""The years a ``holidays``-package schedule is expanded for (rule-based, so any span works;
this one covers every deadline a complaint can have and costs a few milliseconds)."""


@dataclass(frozen=True, slots=True)
class HolidayTable:
    """Dates a schedule changes, and the years it speaks for.

    ``days_off`` are public holidays (weekend days inside a holiday span included);
    ``working_days`` are days worked although the weekly hours say otherwise, such as a
    Saturday moved into a working day (调休). Outside ``first_year``–``last_year`` the
    schedule knows nothing, which is not the same as "no holidays".
    """

    name: str
    days_off: frozenset[dt.date]
    working_days: frozenset[dt.date]
    first_year: int
    last_year: int

    def covers(self, year: int) -> bool:
        """True when the schedule has data for ``year``."""
        return self.first_year <= year <= self.last_year


def china_table() -> HolidayTable:
    """Mainland China's State Council schedule from the ``chinese-calendar`` package.

    The supported years are derived the way the package itself decides them (the span of
    its holiday table), so a newer package release widens coverage without code changes.
    """
    try:
        import chinese_calendar
    except ImportError as exc:  # a broken install; the package is a declared dependency
        raise ImportError(
            "holidays: cn needs the 'chinese-calendar' package (pip install chinese-calendar)"
        ) from exc
    days_off = frozenset(chinese_calendar.holidays)
    working_days = frozenset(chinese_calendar.workdays)
    years = [d.year for d in days_off]
    return HolidayTable(
        name="cn",
        days_off=days_off,
        working_days=working_days,
        first_year=min(years),
        last_year=max(years),
    )


def country_table(provider: str) -> HolidayTable:
    """The public holidays (observed dates included) of a country or subdivision from the
    ``holidays`` package, for :data:`COUNTRY_YEARS`."""
    problem = provider_error(provider)
    if problem:
        raise ValueError(problem)
    import holidays

    country, _, subdivision = provider.upper().partition("-")
    first, last = COUNTRY_YEARS
    calendar = holidays.country_holidays(country, subdiv=subdivision or None, years=range(first, last + 1))
    return HolidayTable(
        name=provider.lower(),
        days_off=frozenset(calendar.keys()),
        working_days=frozenset(),
        first_year=first,
        last_year=last,
    )


def load_holiday_table(provider: str) -> HolidayTable | None:
    """The table for a ``holidays:`` value; None for ``"none"`` (weekly hours only)."""
    if provider == "none":
        return None
    if provider == "cn":
        return china_table()
    return country_table(provider)
