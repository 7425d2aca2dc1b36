"""The ``calendar:`` section of a playbook: time zone, opening hours and holidays.

SLA clocks such as "solve within 7 working days" (7个工作日) only mean something against a
calendar: which days are working days, when the desk opens and closes, and in which time zone.
This module holds the source model only; :mod:`playbook.calendar` compiles it into the
:class:`~playbook.calendar.BusinessCalendar` that does the arithmetic.

Two traps in real files are caught here rather than at evaluation time:

* YAML 1.1 reads an unquoted ``18:00`` as the base-60 integer ``1080``; clock times must be
  quoted, and the error says so with the intended text.
* A time zone misspelt (``Asia/Shangai``) or given as an abbreviation (``CST``, ``GMT+8``)
  would silently shift every deadline; it is rejected with the nearest valid IANA name.
"""

from __future__ import annotations

import datetime as _dt
import re
import zoneinfo
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from playbook.suggest import did_you_mean

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Weekday keys in :meth:`datetime.date.weekday` order (Monday is 0)."""

HOLIDAYS_PATTERN = r"^(none|cn|[A-Za-z]{2,3}(-[A-Za-z0-9]{1,5})?)$"
"""What ``holidays:`` may say: none, cn, or a country code with an optional subdivision."""

_CLOCK = re.compile(r"^(\d\d):(\d\d)$")
START_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
END_PATTERN = r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$"
MINUTES_PER_DAY = 24 * 60

# Names people write for China's zone that are not IANA keys. difflib alone would turn
# "Asia/Beijing" into "Asia/Beirut", which is worse than no suggestion.
_ZONE_ALIASES = MappingProxyType(
    {
        "asia/beijing": "Asia/Shanghai",
        "beijing": "Asia/Shanghai",
        "china": "Asia/Shanghai",
        "cst": "Asia/Shanghai",
        "china standard time": "Asia/Shanghai",
        "utc+8": "Asia/Shanghai",
        "utc+08:00": "Asia/Shanghai",
        "gmt+8": "Asia/Shanghai",
        "gmt+08:00": "Asia/Shanghai",
        "+08:00": "Asia/Shanghai",
        "hongkong": "Asia/Hong_Kong",
        "hong kong": "Asia/Hong_Kong",
        "taipei": "Asia/Taipei",
    }
)


def parse_clock(text: str, *, allow_end_of_day: bool = False) -> int:
    """Minutes after midnight for ``HH:MM`` text; ``24:00`` only when ``allow_end_of_day``.

    Kept strict (two-digit hours, no seconds) so a playbook has one spelling per time and
    round-trips unchanged.
    """
    match = _CLOCK.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a clock time; write HH:MM with two-digit hours, such as '09:00'")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if allow_end_of_day and hours == 24 and minutes == 0:
        return MINUTES_PER_DAY
    if hours > 23 or minutes > 59:
        limit = "00:00 to 23:59, or 24:00 for the end of the day" if allow_end_of_day else "00:00 to 23:59"
        raise ValueError(f"'{text}' is not a clock time; use {limit}")
    return hours * 60 + minutes


def _clock_text(value: Any) -> str:
    """Normalise what a loader may hand over for a clock time into ``HH:MM`` text.

    Wrong types raise ValueError, not TypeError: pydantic reports only ValueError (and
    assertion) failures as validation errors with a location.
    """
    if isinstance(value, bool):
        raise ValueError(f"a clock time must be quoted text such as '09:00', not {value!r}")
    if isinstance(value, int):
        # YAML 1.1 sexagesimal: unquoted 18:00 arrives as 18 * 60 + 0 = 1080.
        hours, minutes = divmod(value, 60)
        guess = f"; if you wrote {hours}:{minutes:02d}, write '{hours:02d}:{minutes:02d}' in quotes" if 0 <= hours <= 24 else ""
        raise ValueError(
            f"a clock time must be quoted text such as '18:00', got the number {value} "
            f"(YAML reads an unquoted 18:00 as the number 1080){guess}"
        )
    if isinstance(value, _dt.time):
        if value.second or value.microsecond:
            raise ValueError(f"clock times have minute precision; got {value.isoformat()}")
        return value.strftime("%H:%M")
    if not isinstance(value, str):
        raise ValueError(f"a clock time must be text such as '09:00', not {type(value).__name__}")
    return value.strip()


class BusinessHours(BaseModel):
    """One block of opening hours that repeats on the listed weekdays.

    Several blocks may name the same day (a lunch break is two blocks: 09:00–12:00 and
    13:00–18:00); overlapping blocks are merged. A night shift that crosses midnight is
    written as two blocks, ``22:00``–``24:00`` and ``00:00``–``06:00`` on the next day.
    """

    model_config = ConfigDict(extra="forbid")

    days: list[Weekday] = Field(
        min_length=1,
        description="Weekdays these hours apply to: mon, tue, wed, thu, fri, sat, sun.",
        examples=[["mon", "tue", "wed", "thu", "fri"]],
    )
    start: str = Field(
        "09:00",
        description="Opening time, local to the calendar's time zone, as quoted 'HH:MM' (00:00–23:59).",
        json_schema_extra={"pattern": START_PATTERN},
    )
    end: str = Field(
        "18:00",
        description="Closing time as quoted 'HH:MM', later than start; '24:00' means the end of the day.",
        json_schema_extra={"pattern": END_PATTERN},
    )

    @field_validator("days")
    @classmethod
    def _no_repeated_days(cls, days: list[str]) -> list[str]:
        seen: set[str] = set()
        for day in days:
            if day in seen:
                raise ValueError(f"'{day}' is listed twice; each weekday once per block")
            seen.add(day)
        return days

    @field_validator("start", mode="before")
    @classmethod
    def _check_start(cls, value: Any) -> str:
        text = _clock_text(value)
        parse_clock(text)
        return text

    @field_validator("end", mode="before")
    @classmethod
    def _check_end(cls, value: Any) -> str:
        text = _clock_text(value)
        parse_clock(text, allow_end_of_day=True)
        return text

    @model_validator(mode="after")
    def _start_before_end(self) -> BusinessHours:
        if self.start_minute >= self.end_minute:
            raise ValueError(
                f"start {self.start} must be before end {self.end}; for hours past midnight "
                f"write two blocks, e.g. {self.start}–24:00 and 00:00–{self.end}"
            )
        return self

    @property
    def start_minute(self) -> int:
        """Opening time in minutes after local midnight."""
        return parse_clock(self.start)

    @property
    def end_minute(self) -> int:
        """Closing time in minutes after local midnight (1440 for ``24:00``)."""
        return parse_clock(self.end, allow_end_of_day=True)


def _office_week() -> list[BusinessHours]:
    return [BusinessHours(days=["mon", "tue", "wed", "thu", "fri"], start="09:00", end="18:00")]


def zone_error(name: str) -> str | None:
    """Why ``name`` is not a loadable IANA time zone, with the nearest valid name; None if it loads.

    ``zoneinfo`` needs the system zone database or, on Windows, the ``tzdata`` package.
    """
    try:
        zoneinfo.ZoneInfo(name)
        return None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a directory such as "Asia" raises IsADirectoryError on some Pythons.
        pass
    alias = _ZONE_ALIASES.get(name.strip().lower())
    hint = f"did you mean '{alias}'?" if alias else did_you_mean(name, zoneinfo.available_timezones())
    message = f"unknown time zone '{name}'"
    return f"{message}; {hint}" if hint else f"{message}; use an IANA name such as 'Asia/Shanghai' or 'America/New_York'"


def _supported() -> Mapping[str, Sequence[str]]:
    """Country code → its subdivision codes, as the ``holidays`` package knows them."""
    try:
        import holidays
    except ImportError as exc:  # a broken install; the package is a declared dependency
        raise ImportError("holidays: <country> needs the 'holidays' package (pip install holidays)") from exc
    supported: Mapping[str, Sequence[str]] = holidays.list_supported_countries()
    return supported


def provider_error(provider: str) -> str | None:
    """Why ``provider`` names no holiday schedule (with the nearest valid code); None if it does.

    Valid: ``none``, ``cn``, a country code the ``holidays`` package knows (ISO 3166
    alpha-2 or alpha-3, any case), optionally with a subdivision: ``us-ny``, ``de-by``.
    """
    if provider in ("none", "cn"):
        return None
    country, _, subdivision = provider.upper().partition("-")
    supported = _supported()
    if country not in supported:
        codes = ["none", "cn", *(code.lower() for code in supported)]
        hint = did_you_mean(provider.lower(), codes)
        return (f"unknown holiday schedule '{provider}'; "
                + (hint or "use 'none', 'cn' or a country code such as 'us', 'gb' or 'de'"))
    if subdivision and subdivision not in supported[country]:
        subdivisions = [code.lower() for code in supported[country]]
        hint = did_you_mean(subdivision.lower(), subdivisions)
        known = ", ".join(subdivisions[:12]) + ("…" if len(subdivisions) > 12 else "")
        return (f"'{country.lower()}' has no subdivision '{subdivision.lower()}'; "
                + (hint or (f"known: {known}" if subdivisions else "write the country code alone")))
    return None



class CalendarSection(BaseModel):
    """When the business clock runs: time zone, weekly opening hours and days off.

    ``holidays: cn`` follows mainland China's State Council schedule, including weekend
    days moved into working days (调休). The schedule is published a year at a time, so for
    years it does not cover only the weekly hours and the extra dates below are used, and
    the engine reports that the answer may be off. ``holidays: us`` (or any other country
    code, ``de-by`` for a subdivision) takes that country's public holidays, observed dates
    included, from the ``holidays`` package.
    """

    model_config = ConfigDict(extra="forbid")

    timezone: str = Field(
        "Asia/Shanghai",
        description="IANA time zone the business hours are given in, e.g. 'Asia/Shanghai' or 'America/New_York'. "
        "Times without a zone in cases are read in this zone.",
        examples=["Asia/Shanghai"],
    )
    business_hours: list[BusinessHours] = Field(
        default_factory=_office_week,
        min_length=1,
        description="Weekly opening hours; defaults to Monday–Friday 09:00–18:00. "
        "Business-hour ('bh') and business-day ('bd') durations count only this time.",
    )
    holidays: str = Field(
        "none",
        description="Public-holiday schedule: 'cn' = mainland China's State Council schedule including "
        "adjusted working weekends (调休); a country code ('us', 'gb', 'de', 'jp'…), optionally with a "
        "subdivision ('us-ny', 'de-by'), = that country's public holidays from the 'holidays' package; "
        "'none' = only the weekly hours and the extra dates below.",
        examples=["cn", "us", "de-by"],
        json_schema_extra={"pattern": HOLIDAYS_PATTERN},
    )
    extra_holidays: list[_dt.date] = Field(
        default_factory=list,
        description="Additional days off (YYYY-MM-DD), e.g. a company holiday or a year the schedule does not cover yet.",
    )
    extra_workdays: list[_dt.date] = Field(
        default_factory=list,
        description="Days worked although the weekly hours or the holiday schedule say otherwise (YYYY-MM-DD); "
        "they win over holidays. A day with no weekly hours uses the first working weekday's hours.",
    )

    @field_validator("holidays")
    @classmethod
    def _known_holidays(cls, provider: str) -> str:
        provider = provider.strip()
        problem = provider_error(provider)
        if problem:
            raise ValueError(problem)
        return provider.lower()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        problem = zone_error(name)
        if problem:
            raise ValueError(problem)
        return name

    @model_validator(mode="after")
    def _extras_disjoint(self) -> CalendarSection:
        both = sorted(set(self.extra_holidays) & set(self.extra_workdays))
        if both:
            listed = ", ".join(d.isoformat() for d in both)
            raise ValueError(f"{listed} listed in both extra_holidays and extra_workdays; keep each date in one list")
        return self
