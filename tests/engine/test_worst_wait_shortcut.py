"""The ``reply`` and ``update`` clocks find the worst wait from bare deadline instants, with
``calendar.add`` only for the winner: the result must be the one the plain loop over every
wait gives (``add`` per wait, the first of equals kept), around DST changes, skipped and
repeated wall times, a skipped date (Pacific/Apia, December 2011), waits ending in the
calendar's own zone (lateness is elapsed time, not the wall clock's difference), and deadlines
past the year 9999.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from playbook.calendar import BusinessCalendar, CalendarRangeError
from playbook.decision import ClockResult
from playbook.engine.clocks import _worst_wait
from playbook.model.calendar import CalendarSection
from playbook.model.duration import Duration

UTC = dt.timezone.utc
EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _calendar(zone: str) -> BusinessCalendar:
    hours = [{"days": EVERY_DAY[:5], "start": "09:00", "end": "18:00"}]
    return BusinessCalendar.from_section(CalendarSection.model_validate({"timezone": zone, "business_hours": hours}))


CALENDARS = {z: _calendar(z) for z in ["Asia/Shanghai", "America/New_York", "Europe/London",
                                       "Australia/Lord_Howe", "Pacific/Apia"]}
# wall times near each zone's offset changes (and one plain day), where a deadline can land
CHANGES = {
    "Asia/Shanghai": [dt.datetime(2026, 3, 2, 10, 0), dt.datetime(1991, 9, 15, 1, 30)],
    "America/New_York": [dt.datetime(2026, 3, 8, 2, 30), dt.datetime(2026, 11, 1, 1, 30)],
    "Europe/London": [dt.datetime(2026, 3, 29, 1, 30), dt.datetime(2026, 10, 25, 1, 30)],
    "Australia/Lord_Howe": [dt.datetime(2026, 4, 5, 1, 45), dt.datetime(2026, 10, 4, 2, 15)],
    "Pacific/Apia": [dt.datetime(2011, 12, 29, 23, 30), dt.datetime(2011, 12, 31, 0, 30)],
}
TARGETS = ["1d", "3d", "1w", "2d", "52w", "1.5d", "1h", "24h", "30m", "0.5h", "4bh", "2bd"]
OTHER_ZONES = [UTC, dt.timezone(dt.timedelta(hours=8)), ZoneInfo("America/New_York"), ZoneInfo("Europe/London")]


def plain_worst_wait(calendar: BusinessCalendar, now: dt.datetime, name: str, target: Duration, rule_id: str,
                     gaps: list[tuple[dt.datetime, dt.datetime | None]]) -> ClockResult:
    """The loop the clocks ran before: ``add`` for every wait, the first of equals kept."""
    worst: tuple[int, dt.datetime, dt.datetime, dt.datetime | None] | None = None
    for start, end in gaps:
        due = calendar.add(start, target)
        overdue = int(((end if end is not None else now).astimezone(UTC) - due.astimezone(UTC)).total_seconds())
        if worst is None or overdue > worst[0]:
            worst = (overdue, start, due, end)
    assert worst is not None
    overdue, start, due, end = worst
    return ClockResult(clock=name, target=target.text, rule=rule_id, started_at=start, due_by=due, done_at=end,
                       breached=overdue > 0, overdue_seconds=max(0, overdue))


def _moments(zone_name: str) -> st.SearchStrategy[dt.datetime]:
    """Aware times at and before an offset change, in the calendar's zone or another."""
    zone = ZoneInfo(zone_name)

    def build(base: dt.datetime, days: int, minutes: int, fold: int, other: Any) -> dt.datetime:
        wall = (base - dt.timedelta(days=days, minutes=minutes)).replace(tzinfo=zone, fold=fold)
        return wall if other is None else wall.astimezone(other)

    return st.builds(build, st.sampled_from(CHANGES[zone_name]), st.sampled_from([0, 1, 2, 3, 7, 14, 364]),
                     st.sampled_from([0, 1, 30, 60, 90, 1440, -30, -60]), st.integers(0, 1),
                     st.sampled_from([None, None, *OTHER_ZONES]))


# how far past its nominal length a wait ends: close calls, where an hour's DST shift (or half an
# hour at Lord Howe) in one wait's deadline changes which wait overran most
MARGINS = [-61, -60, -59, -31, -30, -29, -1, 0, 1, 29, 30, 31, 59, 60, 61, 1440]


@st.composite
def _end(draw: st.DrawFn, start: dt.datetime, target: Duration, moments: st.SearchStrategy[dt.datetime]) -> Any:
    kind = draw(st.sampled_from(["none", "any", "close", "close"]))
    if kind == "none":
        return None
    if kind == "any":
        return draw(moments)
    nominal = dt.timedelta(seconds=target.seconds if not target.business else 0)
    end = start.astimezone(UTC) + nominal + dt.timedelta(minutes=draw(st.sampled_from(MARGINS)))
    return end.astimezone(draw(st.sampled_from([start.tzinfo, *OTHER_ZONES])))


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[BusinessCalendar, dt.datetime, Duration, list[Any]]:
    zone_name = draw(st.sampled_from(sorted(CALENDARS)))
    moments = _moments(zone_name)
    target = Duration.parse(draw(st.sampled_from(TARGETS)))
    starts = draw(st.lists(moments, min_size=1, max_size=6))
    gaps = [(start, draw(_end(start, target, moments))) for start in starts]
    now = draw(_end(draw(st.sampled_from(starts)), target, moments).filter(lambda end: end is not None))
    return CALENDARS[zone_name], now, target, gaps


def _outcome(call: Any) -> Any:
    """The result with each datetime's tzinfo and fold (which ``==`` ignores), or the error."""
    try:
        result = call()
    except (CalendarRangeError, OverflowError) as exc:
        return type(exc), str(exc)
    stamps = [(m, m.tzinfo, m.fold) if m is not None else None for m in (result.started_at, result.due_by,
                                                                          result.done_at)]
    return result.model_dump(), stamps


def _check(calendar: BusinessCalendar, now: dt.datetime, target: Duration, gaps: list[Any]) -> None:
    ev: Any = SimpleNamespace(playbook=SimpleNamespace(calendar=calendar), now=now, say=str)
    fast = _outcome(lambda: _worst_wait(ev, "update", target, "r", gaps))
    plain = _outcome(lambda: plain_worst_wait(calendar, now, "update", target, "r", gaps))
    assert fast == plain


@settings(max_examples=1500, deadline=None)
@given(scenarios())
def test_the_worst_wait_is_the_plain_loops(scenario: tuple[BusinessCalendar, dt.datetime, Duration, list[Any]]) -> None:
    _check(*scenario)


NY = ZoneInfo("America/New_York")


@pytest.mark.parametrize("target", ["1d", "3d", "1h", "24h"])
def test_equal_waits_keep_the_first(target: str) -> None:
    calendar = CALENDARS["Asia/Shanghai"]
    base = dt.datetime(2026, 3, 2, 10, tzinfo=UTC)
    gaps = [(base + dt.timedelta(minutes=m), base + dt.timedelta(minutes=m + 1)) for m in range(0, 10, 2)]
    _check(calendar, base + dt.timedelta(minutes=20), Duration.parse(target), gaps)


def test_a_wait_ending_in_the_calendars_zone_across_fall_back_is_timed_by_elapsed_time() -> None:
    """The first wait ends in the calendar's zone after the clocks went back: 26 h late by the
    wall clock, but the customer waited 27 h past the deadline, so it is worse than the second
    wait, 26.5 h late."""
    calendar = CALENDARS["America/New_York"]
    start = dt.datetime(2026, 10, 30, 1, 0, tzinfo=NY)
    due = dt.datetime(2026, 10, 31, 1, 0, tzinfo=NY)
    first = (start, dt.datetime(2026, 11, 1, 3, 0, tzinfo=NY))
    second = (start.astimezone(UTC), due.astimezone(UTC) + dt.timedelta(hours=26, minutes=30))
    _check(calendar, second[1], Duration.parse("1d"), [first, second])
    ev: Any = SimpleNamespace(playbook=SimpleNamespace(calendar=calendar), now=second[1], say=str)
    worst = _worst_wait(ev, "update", Duration.parse("1d"), "r", [first, second])
    assert (worst.done_at, worst.overdue_seconds) == (first[1], 27 * 3600)


def test_a_day_across_spring_forward_is_23_hours() -> None:
    """1d from 10:00 EST on 7 March 2026 ends at 10:00 EDT, 23 h later: that wait is 2 h late,
    more than the 1.5 h of a 24-hour day after the change."""
    calendar = CALENDARS["America/New_York"]
    before = (dt.datetime(2026, 3, 7, 15, tzinfo=UTC), dt.datetime(2026, 3, 8, 16, tzinfo=UTC))
    after = (dt.datetime(2026, 3, 8, 14, tzinfo=UTC), dt.datetime(2026, 3, 9, 15, 30, tzinfo=UTC))
    _check(calendar, after[1], Duration.parse("1d"), [before, after])


@example(year=9999)
@given(st.integers(9990, 9999))
def test_deadlines_past_the_calendar_raise_as_before(year: int) -> None:
    calendar = CALENDARS["Europe/London"]
    start = dt.datetime(year, 12, 1, tzinfo=UTC)
    gaps: list[Any] = [(dt.datetime(2026, 1, 1, tzinfo=UTC), None), (start, None)]
    _check(calendar, start, Duration.parse("3w"), gaps)


def test_a_repeated_hour_keeps_its_fold_a_year_later() -> None:
    """Two waits from 01:30 on a fall-back night, the second occurrence first: 52 weeks later
    is again a repeated 01:30, so only the fold tells the deadlines an hour apart."""
    calendar = CALENDARS["America/New_York"]
    second = dt.datetime(2025, 11, 2, 1, 30, tzinfo=NY, fold=1)
    first = dt.datetime(2025, 11, 2, 1, 30, tzinfo=NY, fold=0).astimezone(UTC)
    _check(calendar, dt.datetime(2026, 11, 2, tzinfo=UTC), Duration.parse("52w"), [(second, None), (first, None)])


def test_a_wait_from_a_skipped_wall_time_counts_from_its_real_local_time() -> None:
    """02:30 does not exist on 8 March 2026 in New York: the wait starts at 03:30 EDT, half an
    hour after the second wait (03:00 EDT), which therefore overran more."""
    calendar = CALENDARS["America/New_York"]
    skipped = dt.datetime(2026, 3, 8, 2, 30, tzinfo=NY)
    later = dt.datetime(2026, 3, 8, 7, 0, tzinfo=UTC)
    _check(calendar, dt.datetime(2026, 3, 10, tzinfo=UTC), Duration.parse("1d"), [(skipped, None), (later, None)])
