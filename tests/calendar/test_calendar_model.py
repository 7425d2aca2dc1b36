"""Validation of the ``calendar:`` section: what users get told when they get it wrong."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from pydantic import ValidationError

from playbook.model.calendar import (
    BusinessHours,
    CalendarSection,
    parse_clock,
    zone_error,
)


def error_text(excinfo: pytest.ExceptionInfo[ValidationError]) -> str:
    return "\n".join(str(e["msg"]) for e in excinfo.value.errors())


def test_defaults_are_a_mainland_office_week() -> None:
    section = CalendarSection()
    assert section.timezone == "Asia/Shanghai"
    assert section.holidays == "none"
    assert [(b.days, b.start, b.end) for b in section.business_hours] == [
        (["mon", "tue", "wed", "thu", "fri"], "09:00", "18:00")
    ]
    assert section.extra_holidays == [] and section.extra_workdays == []


def test_round_trip_keeps_the_written_text() -> None:
    source = {
        "timezone": "Asia/Shanghai",
        "business_hours": [{"days": ["mon"], "start": "09:00", "end": "24:00"}],
        "holidays": "cn",
        "extra_holidays": ["2025-12-31"],
        "extra_workdays": ["2025-12-28"],
    }
    dumped = CalendarSection.model_validate(source).model_dump(mode="json")
    assert dumped == source


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("start", "9:00", "two-digit hours"),
        ("start", "09:00:00", "HH:MM"),
        ("start", "25:00", "00:00 to 23:59"),
        ("start", "09:60", "00:00 to 23:59"),
        ("start", "24:00", "00:00 to 23:59"),
        ("end", "24:30", "24:00 for the end of the day"),
        ("end", "noon", "HH:MM"),
        ("end", 1080, "'18:00' in quotes"),
        ("start", True, "quoted"),
    ],
)
def test_bad_clock_times_are_explained(field: str, value: object, expected: str) -> None:
    block = {"days": ["mon"], "start": "09:00", "end": "18:00", field: value}
    with pytest.raises(ValidationError) as excinfo:
        BusinessHours.model_validate(block)
    assert expected in error_text(excinfo)


def test_unquoted_yaml_time_points_at_the_quoting_fix() -> None:
    # YAML 1.1 turns an unquoted 18:00 into the base-60 integer 1080.
    loaded = yaml.safe_load("days: [mon]\nstart: '09:00'\nend: 18:00\n")
    assert loaded["end"] == 1080
    with pytest.raises(ValidationError) as excinfo:
        BusinessHours.model_validate(loaded)
    assert "write '18:00' in quotes" in error_text(excinfo)


def test_time_objects_are_accepted_as_clock_text() -> None:
    block = BusinessHours(days=["mon"], start=dt.time(8, 30), end=dt.time(17, 0))
    assert (block.start, block.end) == ("08:30", "17:00")


def test_end_of_day_is_allowed_as_end_only() -> None:
    assert BusinessHours(days=["sun"], start="00:00", end="24:00").end_minute == 1440
    assert parse_clock("24:00", allow_end_of_day=True) == 1440
    with pytest.raises(ValueError):
        parse_clock("24:00")


@pytest.mark.parametrize(("start", "end"), [("18:00", "09:00"), ("09:00", "09:00"), ("22:00", "06:00")])
def test_start_must_be_before_end(start: str, end: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        BusinessHours(days=["mon"], start=start, end=end)
    assert "must be before end" in error_text(excinfo)
    assert "two blocks" in error_text(excinfo)


def test_a_calendar_needs_some_business_hours() -> None:
    with pytest.raises(ValidationError):
        CalendarSection(business_hours=[])
    with pytest.raises(ValidationError):
        CalendarSection(business_hours=[{"days": [], "start": "09:00", "end": "18:00"}])


def test_repeated_and_unknown_weekdays_are_rejected() -> None:
    with pytest.raises(ValidationError) as excinfo:
        BusinessHours(days=["mon", "tue", "tue"])
    assert "'tue' is listed twice" in error_text(excinfo)
    with pytest.raises(ValidationError):
        BusinessHours(days=["monday"])


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("Asia/Shangai", "Asia/Shanghai"),
        ("asia/shanghai", "Asia/Shanghai"),
        ("Asia/Beijing", "Asia/Shanghai"),
        ("GMT+8", "Asia/Shanghai"),
        ("America/New_Yrok", "America/New_York"),
    ],
)
def test_unknown_zone_names_a_close_valid_zone(name: str, suggestion: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        CalendarSection(timezone=name)
    text = error_text(excinfo)
    assert f"unknown time zone '{name}'" in text
    assert f"did you mean '{suggestion}'?" in text


@pytest.mark.parametrize("name", ["", "Asia", "../etc/passwd", "/etc/localtime", "Nowhere/Atlantis"])
def test_unloadable_zone_names_are_validation_errors(name: str) -> None:
    problem = zone_error(name)
    assert problem is not None and problem.startswith("unknown time zone")
    with pytest.raises(ValidationError):
        CalendarSection(timezone=name)


def test_unknown_fields_and_providers_are_rejected() -> None:
    with pytest.raises(ValidationError):
        CalendarSection.model_validate({"timezone": "UTC", "holiday": "cn"})
    with pytest.raises(ValidationError):
        CalendarSection(holidays="atlantis")
    with pytest.raises(ValidationError):
        BusinessHours.model_validate({"days": ["mon"], "open": "09:00"})


def test_a_date_cannot_be_both_holiday_and_workday() -> None:
    with pytest.raises(ValidationError) as excinfo:
        CalendarSection(extra_holidays=["2025-12-31"], extra_workdays=["2025-12-31"])
    assert "2025-12-31 listed in both" in error_text(excinfo)


def test_json_schema_describes_every_field() -> None:
    schema = CalendarSection.model_json_schema()
    for name, prop in schema["properties"].items():
        assert prop.get("description"), name
    hours = schema["$defs"]["BusinessHours"]["properties"]
    assert all(hours[name].get("description") for name in ("days", "start", "end"))
    assert hours["start"]["pattern"].startswith("^")
    assert "24:00" in hours["end"]["pattern"]
