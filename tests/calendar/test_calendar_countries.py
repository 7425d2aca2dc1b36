"""Other countries' public holidays (``holidays: us``, ``de-by``…) from the ``holidays`` package."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from playbook import Playbook
from playbook.calendar import BusinessCalendar
from playbook.cli.main import cli
from playbook.errors import PlaybookError

from .conftest import make_calendar

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture(scope="module")
def us() -> BusinessCalendar:
    return make_calendar(timezone="America/New_York", holidays="us")


@pytest.mark.parametrize("day", [
    "2026-11-26",  # Thanksgiving (fourth Thursday of November)
    "2026-07-03",  # Independence Day observed: July 4, 2026 is a Saturday
    "2026-01-19",  # Martin Luther King Jr. Day
    "2027-12-24",  # Christmas observed: December 25, 2027 is a Saturday
    "2031-11-27",  # Thanksgiving years ahead: no list to extend
])
def test_us_federal_holidays_are_days_off(us: BusinessCalendar, day: str) -> None:
    assert not us.is_workday(dt.date.fromisoformat(day))


@pytest.mark.parametrize("day", ["2026-11-25", "2026-11-27", "2026-07-02", "2027-12-27"])
def test_days_around_them_are_worked(us: BusinessCalendar, day: str) -> None:
    assert us.is_workday(dt.date.fromisoformat(day))


def test_a_deadline_skips_thanksgiving(us: BusinessCalendar) -> None:
    received = dt.datetime(2026, 11, 25, 10, 0, tzinfo=NEW_YORK)  # Wednesday before Thanksgiving
    # Working day 1 is Friday the 27th (Thursday is off), working day 2 Monday the 30th.
    assert us.add(received, "2bd") == dt.datetime(2026, 11, 30, 18, 0, tzinfo=NEW_YORK)
    assert make_calendar(timezone="America/New_York").add(received, "2bd").date() == dt.date(2026, 11, 27)


def test_a_subdivision_has_its_own_days() -> None:
    corpus_christi = dt.date(2026, 6, 4)  # a public holiday in Bavaria, not in Berlin
    assert not make_calendar(timezone="Europe/Berlin", holidays="de-by").is_workday(corpus_christi)
    assert make_calendar(timezone="Europe/Berlin", holidays="de-be").is_workday(corpus_christi)


def test_codes_are_read_in_any_case() -> None:
    assert not make_calendar(timezone="America/New_York", holidays="US").is_workday(dt.date(2026, 11, 26))


def test_the_coverage_is_said(us: BusinessCalendar) -> None:
    assert us.coverage_warning(dt.date(2026, 11, 26)) is None
    assert us.holidays is not None and us.holidays.covers(2026) and us.holidays.name == "us"


def test_the_standard_english_playbook_observes_us_holidays() -> None:
    calendar = Playbook.standard("en").compiled.calendar
    assert not calendar.is_workday(dt.date(2026, 11, 26))
    assert not calendar.is_workday(dt.date(2028, 11, 23))  # Thanksgiving 2028, never typed anywhere
    assert calendar.is_workday(dt.date(2026, 11, 24))


@pytest.mark.parametrize(("code", "expected"), [
    ("uss", "did you mean 'us'?"),
    ("xx", "use 'none', 'cn' or a country code"),
    ("us-zz", "'us' has no subdivision 'zz'"),
])
def test_an_unknown_code_is_a_located_error(tmp_path: Path, code: str, expected: str) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(
        "extends: standard:en\n"
        "playbook: {id: shop, version: '1'}\n"
        "calendar:\n"
        f"  holidays: {code}\n",
        encoding="utf-8",
    )
    with pytest.raises(PlaybookError) as caught:
        Playbook.load(path)
    [diagnostic] = [d for d in caught.value.diagnostics if expected in d.message]
    assert diagnostic.span is not None and diagnostic.span.line == 4
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert "shop.yaml:4:" in result.stderr and expected in result.stderr
