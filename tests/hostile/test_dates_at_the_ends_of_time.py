"""Times near year 1 and year 9999: a located case error, never OverflowError."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from playbook import Playbook
from playbook.calendar import clock
from playbook.calendar.errors import CalendarRangeError
from playbook.errors import CaseError

from .conftest import BASE_CASE, assert_clean_exit, run_playbook

EDGES = ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00+00:00", "9999-12-31T00:00:00"]
FIELDS = ["received_at", "resolved_at", "evaluated_at", "first_response_at"]


@pytest.mark.parametrize("moment", EDGES)
@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_time_at_the_end_of_the_calendar_is_a_case_error(moment: str, field: str, language: str,
                                                          standard_zh: Playbook, standard_en: Playbook) -> None:
    playbook = standard_zh if language == "zh" else standard_en
    case: dict[str, Any] = {**BASE_CASE, field: moment}
    with pytest.raises(CaseError) as caught:
        playbook.evaluate(case)
    assert caught.value.diagnostics[0].path == (field,)


@pytest.mark.parametrize(
    ("moment", "step"),
    [(dt.datetime(1, 1, 1, tzinfo=dt.timezone.utc), -(10**12)),
     (dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=-12))), 10**12)],
)
def test_clock_arithmetic_at_the_ends_is_a_calendar_error(moment: dt.datetime, step: int) -> None:
    zone = ZoneInfo("America/New_York")
    with pytest.raises(CalendarRangeError):
        clock.from_us(clock.to_us(moment, zone) + step, zone)


@pytest.mark.parametrize(("field", "moment"), [
    ("resolved_at", "9999-12-31T23:59:59-12:00"), ("evaluated_at", "0001-01-01T00:00:00+00:00"),
])
@pytest.mark.parametrize("command", ["eval", "explain"])
def test_the_cli_refuses_year_9999_or_year_1_with_exit_2(tmp_path: Any, command: str, field: str, moment: str) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps({**BASE_CASE, field: moment}))
    assert field in assert_clean_exit(run_playbook([command, "--playbook", "standard:en", str(case)]), 2)
