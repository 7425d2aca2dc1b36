"""Calendars used across the calendar tests, built the way a playbook's YAML would build them."""

from __future__ import annotations

from typing import Any

import pytest

from playbook.calendar import BusinessCalendar
from playbook.model.calendar import CalendarSection

WEEKDAYS_ONLY = ["mon", "tue", "wed", "thu", "fri"]
EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def make_calendar(**section: Any) -> BusinessCalendar:
    """Compile a calendar from the same mapping a playbook's ``calendar:`` section holds."""
    return BusinessCalendar.from_section(CalendarSection.model_validate(section))


@pytest.fixture(scope="session")
def china() -> BusinessCalendar:
    """Mainland office: Asia/Shanghai, Mon–Fri 09:00–18:00, State Council holidays."""
    return make_calendar(holidays="cn")


@pytest.fixture(scope="session")
def plain_week() -> BusinessCalendar:
    """Same office hours without any holiday schedule."""
    return make_calendar()


@pytest.fixture(scope="session")
def new_york() -> BusinessCalendar:
    """A DST zone: America/New_York, Mon–Fri 09:00–17:00."""
    return make_calendar(
        timezone="America/New_York",
        business_hours=[{"days": WEEKDAYS_ONLY, "start": "09:00", "end": "17:00"}],
    )


@pytest.fixture(scope="session")
def new_york_always_open() -> BusinessCalendar:
    """A 24/7 desk in a DST zone, where business time equals elapsed time."""
    return make_calendar(
        timezone="America/New_York",
        business_hours=[{"days": EVERY_DAY, "start": "00:00", "end": "24:00"}],
    )
