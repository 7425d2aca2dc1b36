"""Opening hours per local date: the weekly pattern plus the dates that differ from it.

Hours are kept as wall-clock seconds after local midnight, independent of the time zone;
:mod:`playbook.calendar.clock` turns them into instants. The result is immutable, so a
compiled calendar can be shared between threads without locks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from playbook.calendar.holidays import HolidayTable
from playbook.model.calendar import WEEKDAYS, BusinessHours

DayHours = tuple[tuple[int, int], ...]
"""Sorted, disjoint ``(start, end)`` pairs in seconds after local midnight; ``()`` = closed."""

CLOSED: DayHours = ()


def merge_hours(blocks: Iterable[tuple[int, int]]) -> DayHours:
    """Union of possibly overlapping or touching blocks, sorted, empty ones dropped."""
    merged: list[list[int]] = []
    for start, end in sorted(b for b in blocks if b[1] > b[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


def weekly_hours(blocks: Iterable[BusinessHours]) -> tuple[DayHours, ...]:
    """Seven :data:`DayHours`, Monday first, from the ``business_hours`` blocks."""
    per_day: list[list[tuple[int, int]]] = [[] for _ in WEEKDAYS]
    for block in blocks:
        span = (block.start_minute * 60, block.end_minute * 60)
        for day in block.days:
            per_day[WEEKDAYS.index(day)].append(span)
    return tuple(merge_hours(day) for day in per_day)


@dataclass(frozen=True, slots=True)
class DaySchedule:
    """Opening hours for any local date.

    Dates are keyed by proleptic ordinal (:meth:`datetime.date.toordinal`) because the
    arithmetic walks days as integers: building ``date`` objects costs more than the rest
    of a day's work. ``overrides`` holds only dates whose hours differ from the weekly
    pattern; after ``horizon`` (the last such ordinal) every week is identical, which lets
    long spans be counted a week at a time.
    """

    weekly: tuple[DayHours, ...]
    overrides: Mapping[int, DayHours]
    horizon: int
    workdays_per_week: int
    week_seconds: int

    def hours(self, day: dt.date) -> DayHours:
        """Opening hours on ``day`` (local date); ``()`` when closed."""
        return self.hours_on(day.toordinal())

    def hours_on(self, ordinal: int) -> DayHours:
        """Opening hours on the date with this ordinal (ordinal 1, 0001-01-01, is a Monday)."""
        return self.overrides.get(ordinal, self.weekly[(ordinal - 1) % 7])


def build_schedule(
    weekly: tuple[DayHours, ...],
    table: HolidayTable | None,
    extra_holidays: Iterable[dt.date],
    extra_workdays: Iterable[dt.date],
) -> DaySchedule:
    """Apply, in rising precedence: the holiday table's days off, its working days, the
    extra holidays, then the extra workdays.

    A day turned into a working day keeps its own weekly hours when it has some (a
    Saturday for a desk that opens on Saturdays); otherwise it gets the hours of the
    first working weekday, Monday first, as the State Council's 调休 notices mean "work
    this Saturday like a normal weekday".
    """
    if len(weekly) != 7 or not any(weekly):
        raise ValueError("a calendar needs opening hours on at least one weekday")
    standard = next(hours for hours in weekly if hours)

    def worked(day: dt.date) -> DayHours:
        return weekly[day.weekday()] or standard

    changes: dict[dt.date, DayHours] = {}
    if table is not None:
        changes.update((day, CLOSED) for day in table.days_off)
        changes.update((day, worked(day)) for day in table.working_days)
    changes.update((day, CLOSED) for day in extra_holidays)
    changes.update((day, worked(day)) for day in extra_workdays)
    overrides = {day.toordinal(): hours for day, hours in changes.items() if hours != weekly[day.weekday()]}
    return DaySchedule(
        weekly=weekly,
        overrides=MappingProxyType(overrides),
        horizon=max(overrides, default=0),
        workdays_per_week=sum(1 for hours in weekly if hours),
        week_seconds=sum(end - start for hours in weekly for start, end in hours),
    )
