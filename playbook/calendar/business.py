"""The compiled business calendar: deadlines and elapsed time on the business clock.

Semantics, decided once here so every SLA in every playbook means the same thing:

Time zones
    Results are aware datetimes in the calendar's zone. An aware input may be in any zone
    (a UTC timestamp from a ticket system is converted); a naive input is read as wall time
    in the calendar's zone. Zones come from :mod:`zoneinfo`; on Windows the ``tzdata``
    package provides the database (a declared dependency there). Opening hours are wall-clock
    times, but business time is real elapsed time: on a DST change day a 00:00–24:00 desk
    is open 23 or 25 hours (details in :func:`playbook.calendar.clock.exact_spans`).

Calendar units (``m``, ``h``, ``d``, ``w``)
    ``m`` and ``h`` are elapsed time: "respond within 1 hour" is 60 real minutes, also across a
    DST change. ``d`` and ``w`` are calendar days: ``3d`` ends at the same wall-clock time three
    dates later, whatever the DST shifts in between. A fraction of a day is that fraction of
    the following calendar day's real length, which keeps deadlines monotonic in the amount.

Business hours (``bh``)
    Counts only opening hours. A start outside them starts counting at the next opening; a
    duration used up exactly at closing time ends at closing time (``1bh`` from 17:00 with
    hours until 18:00 is 18:00 the same day, not 09:00 the next working day).

Business days (``bd``)
    Follows how Chinese regulations count "N个工作日" under the Civil Code (民法典 art. 201:
    a period counted in days does not count the day it starts, and runs from the next day;
    art. 203: the last day ends at the close of business where there are business hours).
    So ``7bd`` ends at the close of business on the 7th working day after the start's date,
    whatever the time of day the clock started: a complaint received Thursday 10:00 or
    Thursday 20:00 has the same deadline. A fractional amount ``N + f`` (0 < f < 1) ends
    when the fraction ``f`` of working day ``N + 1``'s opening hours has passed.

Working days
    A date with opening hours after applying, in rising precedence: the weekly hours, the
    holiday provider's days off, its moved working days (调休), ``extra_holidays``,
    ``extra_workdays``. Years the provider has no data for fall back to the weekly hours
    plus the extra dates; :meth:`BusinessCalendar.coverage_warning` says so.

Performance
    ``add`` and ``elapsed`` walk local dates as integers; a date costs a dictionary lookup,
    and the UTC offset is probed once a week. Past the last irregular date (holiday data or
    extra dates) whole weeks are counted at once, so ``10000bd`` stays under a millisecond
    and ``100000bh`` takes a few. Nothing is cached or mutated after construction, so one
    calendar can serve many threads.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from playbook.calendar.clock import (
    EPOCH,
    ONE_US,
    US,
    OffsetProbe,
    day_spans,
    exact_spans,
    from_us,
    local_ordinal,
    steady_spans,
    to_us,
    wall_us,
)
from playbook.calendar.errors import CalendarRangeError
from playbook.calendar.holidays import HolidayTable, load_holiday_table
from playbook.calendar.schedule import DaySchedule, build_schedule, weekly_hours
from playbook.model.calendar import CalendarSection
from playbook.model.duration import Duration

# A margin before date.max keeps every "day + 7" and "next midnight" representable.
_LAST_ORDINAL = dt.date(9999, 12, 20).toordinal()
_LAST_US = (dt.datetime(9999, 12, 20, tzinfo=dt.timezone.utc) - EPOCH) // ONE_US
_LAST_MOMENT = dt.datetime(9999, 12, 20, tzinfo=dt.timezone.utc)
_ELAPSED_SECONDS = {"m": 60, "min": 60, "h": 3600}  # units of real elapsed time
_DAYS = {"d": 1, "w": 7}  # units of calendar days


def _to_us(amount: float, unit_seconds: int) -> int:
    """``amount`` minutes (60) or hours (3600) in µs, rounded as :class:`datetime.timedelta` rounds.

    Whole amounts, the usual case, skip building a timedelta.
    """
    if amount.is_integer():
        return int(amount) * unit_seconds * US
    if unit_seconds == 60:
        return dt.timedelta(minutes=amount) // ONE_US
    return dt.timedelta(hours=amount) // ONE_US


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class BusinessCalendar:
    """Working days, opening hours and holidays in one time zone; immutable and thread-safe.

    Build it with :meth:`from_section`. See the module documentation for the exact
    meaning of each duration unit.
    """

    zone: ZoneInfo
    schedule: DaySchedule
    holidays: HolidayTable | None

    @classmethod
    def from_section(cls, section: CalendarSection) -> BusinessCalendar:
        """Compile a validated ``calendar:`` section."""
        table = load_holiday_table(section.holidays)
        schedule = build_schedule(
            weekly_hours(section.business_hours), table, section.extra_holidays, section.extra_workdays
        )
        return cls(zone=ZoneInfo(section.timezone), schedule=schedule, holidays=table)

    def __repr__(self) -> str:
        provider = self.holidays.name if self.holidays else "none"
        return f"BusinessCalendar(timezone={self.zone.key!r}, holidays={provider!r})"

    # -- days -------------------------------------------------------------------------

    def is_workday(self, day: dt.date | dt.datetime) -> bool:
        """True when ``day`` has opening hours; a datetime is taken at its local date."""
        return bool(self.schedule.hours_on(self._local_ordinal(day)))

    def opening_hours(self, day: dt.date | dt.datetime) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
        """The ``(open, close)`` instants on a local date, in the calendar's zone; ``()`` when closed."""
        ordinal = self._local_ordinal(day)
        spans = day_spans(ordinal, self.schedule.hours_on(ordinal), self.zone)
        return tuple((from_us(s, self.zone), from_us(e, self.zone)) for s, e in spans)

    def coverage_warning(
        self, day: dt.date | dt.datetime, until: dt.date | dt.datetime | None = None
    ) -> str | None:
        """Why working days from ``day`` to ``until`` (inclusive) may be wrong, or None.

        Non-None when the holiday provider has no data for some year in the range, so only
        the weekly hours and the extra dates were used there. Pass the start and the
        computed deadline to check a whole SLA span.
        """
        table = self.holidays
        if table is None:
            return None
        first = dt.date.fromordinal(self._local_ordinal(day)).year
        last = dt.date.fromordinal(self._local_ordinal(until)).year if until is not None else first
        first, last = min(first, last), max(first, last)
        missing: list[tuple[int, int]] = []
        if first < table.first_year:
            missing.append((first, min(last, table.first_year - 1)))
        if last > table.last_year:
            missing.append((max(first, table.last_year + 1), last))
        if not missing:
            return None
        years = " and ".join(str(a) if a == b else f"{a}–{b}" for a, b in missing)
        return (
            f"holiday data for {years} unknown (the '{table.name}' schedule covers "
            f"{table.first_year}–{table.last_year}); counted weekends and extra_holidays only"
        )

    # -- instants ---------------------------------------------------------------------

    def is_open(self, moment: dt.datetime) -> bool:
        """True when ``moment`` falls inside opening hours."""
        instant, ordinal = self._instant(moment)
        spans = day_spans(ordinal, self.schedule.hours_on(ordinal), self.zone)
        return any(s <= instant < e for s, e in spans)

    def next_open(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` itself when open, else the next opening: where a business clock starts."""
        instant, ordinal = self._instant(moment)
        while ordinal <= _LAST_ORDINAL:
            for start, end in day_spans(ordinal, self.schedule.hours_on(ordinal), self.zone):
                if end > instant:
                    return from_us(max(start, instant), self.zone)
            ordinal += 1
        raise CalendarRangeError(f"no opening hours after {moment.isoformat()} before the year 10000")

    def add(self, start: dt.datetime, duration: Duration | str) -> dt.datetime:
        """The deadline ``duration`` after ``start``, aware in the calendar's zone.

        Raises :class:`CalendarRangeError` when the deadline would fall after the year 9999.
        """
        if isinstance(duration, str):
            duration = Duration.parse(duration)
        if not isinstance(duration, Duration):
            raise TypeError(f"duration must be a Duration or text such as '7bd', not {type(duration).__name__}")
        unit, amount = duration.unit, duration.amount
        if unit in _ELAPSED_SECONDS and isinstance(start, dt.datetime) and start.tzinfo is not None:
            # The common case (1h, 30m): real elapsed time, no calendar to walk.
            try:
                moment = (start.astimezone(dt.timezone.utc) + dt.timedelta(seconds=amount * _ELAPSED_SECONDS[unit]))
            except OverflowError as exc:
                raise CalendarRangeError(f"'{duration.text}' after {start.isoformat()} is past the year 9999") from exc
            if moment <= _LAST_MOMENT:
                return moment.astimezone(self.zone)
            raise CalendarRangeError(f"'{duration.text}' after {start.isoformat()} is past the year 9999")
        if unit in _DAYS and isinstance(start, dt.datetime) and start.tzinfo is not None:
            days = amount * _DAYS[unit]
            if days == int(days):
                return self._add_whole_days(start, int(days), duration)
        instant, ordinal = self._instant(start)
        try:
            if unit in ("m", "min"):
                result = instant + _to_us(amount, 60)
            elif unit == "h":
                result = instant + _to_us(amount, 3600)
            elif unit in ("d", "w"):
                result = self._add_days(instant, amount * (7 if unit == "w" else 1))
            elif unit == "bh":
                result = self._add_business_time(instant, ordinal, _to_us(amount, 3600))
            elif unit == "bd":
                result = self._add_business_days(ordinal, amount)
            else:
                raise ValueError(f"unknown duration unit '{unit}'")
        except OverflowError as exc:
            raise CalendarRangeError(f"'{duration.text}' after {start.isoformat()} is past the year 9999") from exc
        if result > _LAST_US:
            raise CalendarRangeError(f"'{duration.text}' after {start.isoformat()} is past the year 9999")
        return from_us(result, self.zone)

    def deadline_instants(self, starts: Sequence[dt.datetime], duration: Duration) -> list[dt.datetime] | None:
        """The instant :meth:`add` gives for each aware start, as UTC datetimes whose
        ``astimezone(self.zone)`` is exactly what ``add`` returns; None when this shortcut
        does not apply (business units, a fraction of a day, a naive start) or some deadline
        falls past the year 9999, where ``add`` itself raises the error.

        Timing every wait of a case needs each wait's deadline only to find the wait that
        overran most: the instants alone skip building each deadline's local datetime.
        Same arithmetic as ``add``: elapsed time for ``m``/``h``, the same wall-clock time
        whole dates later (with the start's fold) for ``d``/``w``."""
        unit, amount, utc = duration.unit, duration.amount, dt.timezone.utc
        instants: list[dt.datetime] = []
        try:
            if unit in _ELAPSED_SECONDS:
                step = dt.timedelta(seconds=amount * _ELAPSED_SECONDS[unit])
                for start in starts:
                    if start.tzinfo is None:
                        return None
                    instants.append(start.astimezone(utc) + step)
            elif unit in _DAYS and (days := amount * _DAYS[unit]) == int(days):
                step, wall_later = dt.timedelta(days=int(days)), self._wall_later
                for start in starts:
                    if start.tzinfo is None:
                        return None
                    instants.append(wall_later(start, step).astimezone(utc))
            else:
                return None
        except OverflowError:
            return None
        if instants and max(instants) > _LAST_MOMENT:
            return None
        return instants

    def worst_overdue(
        self, waits: Sequence[tuple[dt.datetime, dt.datetime]], duration: Duration
    ) -> tuple[int, int, dt.datetime] | None:
        """For a whole number of days (``1d``, ``2w``): of the waits (start, end; both aware),
        the index of the one that ended latest past its deadline (the first of equals), by
        how many whole seconds of elapsed time, and that deadline as :meth:`add` gives it.
        None where :meth:`deadline_instants` gives None or a deadline falls near either end
        of the calendar's range: the caller then takes the long way, with the same result.

        The reply and update clocks time every wait of a case; the lateness is read against
        each deadline's local wall time directly (an aware subtraction, through both
        offsets) instead of first taking each deadline to UTC."""
        unit, amount = duration.unit, duration.amount
        if unit not in _DAYS or (days := amount * _DAYS[unit]) != int(days):
            return None
        step, zone, utc, wall_later = dt.timedelta(days=int(days)), self.zone, dt.timezone.utc, self._wall_later
        worst, most, worst_wall = 0, 0, None
        try:
            for index, (start, end) in enumerate(waits):
                if start.tzinfo is None:
                    return None
                wall = wall_later(start, step)
                if not 1 < wall.year < 9999:  # well inside the range (no offset read): else the long way
                    return None
                # an end in the zone's own tzinfo would be subtracted by wall clock: through UTC
                late = end - wall if end.tzinfo is not zone else end - wall.astimezone(utc)
                overdue = int(late.total_seconds())
                if worst_wall is None or overdue > most:
                    worst, most, worst_wall = index, overdue, wall
        except OverflowError:
            return None
        if worst_wall is None:
            return None
        return worst, most, worst_wall.astimezone(utc).astimezone(zone)

    def _add_whole_days(self, start: dt.datetime, days: int, duration: Duration) -> dt.datetime:
        """``3d`` from an aware start: the same wall-clock time ``days`` dates later, as
        :meth:`_add_days` computes it, in datetime arithmetic rather than microseconds
        (the deadline of the ``reply`` and ``update`` clocks, timed for every wait of a case).

        Wall time plus whole days, resolved with the start's fold, then through UTC back
        into the zone: the one canonical datetime of that instant, as ``from_us`` gives."""
        try:
            moment = self._wall_later(start, dt.timedelta(days=days)).astimezone(dt.timezone.utc)
        except OverflowError as exc:
            raise CalendarRangeError(f"'{duration.text}' after {start.isoformat()} is past the year 9999") from exc
        if moment > _LAST_MOMENT:
            raise CalendarRangeError(f"'{duration.text}' after {start.isoformat()} is past the year 9999")
        return moment.astimezone(self.zone)

    def _wall_later(self, start: dt.datetime, days: dt.timedelta) -> dt.datetime:
        """The same wall-clock time ``days`` (whole days) after the aware ``start``, in the
        calendar's zone and with the start's fold: a deadline before it is resolved to an
        instant. The one copy of this arithmetic, for ``add`` and the clocks' shortcuts.

        The start is first the zone's own reading of its instant. A start already in the
        calendar's zone goes through UTC: at a wall time a DST change skips (02:30 on a
        spring-forward night) it becomes its instant's real local time, as :meth:`_instant`
        reads it, where ``astimezone`` would return it unchanged. Any other zone converts in
        one step, to the same datetime the detour through UTC gives."""
        zone = self.zone
        local = start.astimezone(dt.timezone.utc).astimezone(zone) if start.tzinfo is zone else start.astimezone(zone)
        wall = local + days  # wall-clock arithmetic in the zone; the fold is reset to 0
        return wall.replace(fold=1) if local.fold else wall

    def elapsed(self, start: dt.datetime, end: dt.datetime, business: bool) -> dt.timedelta:
        """Time from ``start`` to ``end``; only opening hours when ``business``.

        Negative when ``end`` is before ``start``, zero when they are equal, so
        ``elapsed(a, b) == -elapsed(b, a)`` always holds.
        """
        (a, first), (b, last) = self._instant(start), self._instant(end)
        if not business or a == b:
            return dt.timedelta(microseconds=b - a)
        if b < a:
            return -self.elapsed(end, start, business=True)
        if b > _LAST_US:
            raise CalendarRangeError(f"cannot count business time up to {end.isoformat()}")
        return dt.timedelta(microseconds=self._business_between(a, first, b, last))

    # -- arithmetic on instants ---------------------------------------------------------

    def _add_days(self, instant: int, days: float) -> int:
        local = from_us(instant, self.zone)
        wall = local.replace(tzinfo=None)
        whole = math.floor(days)
        fraction = days - whole

        def at(offset: int) -> int:
            moment = (wall + dt.timedelta(days=offset)).replace(tzinfo=self.zone, fold=local.fold)
            return (moment - EPOCH) // ONE_US

        first = at(whole)
        if not fraction:
            return first
        return first + round((at(whole + 1) - first) * fraction)

    def _add_business_time(self, instant: int, ordinal: int, need: int) -> int:
        """Walk opening hours from ``instant`` until ``need`` µs of them have passed."""
        if instant + need > _LAST_US:  # business time never runs faster than the clock
            raise OverflowError
        hours_on, zone = self.schedule.hours_on, self.zone
        week, horizon = self.schedule.week_seconds * US, self.schedule.horizon
        probe = OffsetProbe(zone)
        first, chunk_end, offset = ordinal, ordinal, None
        while ordinal <= _LAST_ORDINAL:
            if ordinal == chunk_end:
                offset, chunk_end = probe.week(ordinal), ordinal + OffsetProbe.WEEK
                if offset is not None and ordinal != first and ordinal > horizon and need > week:
                    need -= week  # a whole regular week with one offset: its hours are known
                    ordinal = chunk_end
                    continue
            hours = hours_on(ordinal)
            if hours:
                spans = steady_spans(ordinal, hours, offset) if offset is not None else exact_spans(ordinal, hours, zone)
                for start, end in spans:
                    if end <= instant:
                        continue
                    start = max(start, instant)
                    if need <= end - start:
                        return start + need
                    need -= end - start
            ordinal += 1
        raise OverflowError

    def _add_business_days(self, ordinal: int, amount: float) -> int:
        count = math.ceil(amount)
        fraction = amount - (count - 1)
        if ordinal + count > _LAST_ORDINAL:  # each working day is a later date
            raise OverflowError
        day = self._nth_workday_after(ordinal, count)
        hours = self.schedule.hours_on(day)
        spans = day_spans(day, hours, self.zone)
        if not spans:  # a spring-forward change left every block empty that day (see exact_spans)
            return wall_us(day, hours[-1][1], self.zone)
        if fraction >= 1:
            return spans[-1][1]
        need = round(sum(end - start for start, end in spans) * fraction)
        for start, end in spans:
            if need <= end - start:
                return start + need
            need -= end - start
        return spans[-1][1]

    def _nth_workday_after(self, ordinal: int, count: int) -> int:
        """The ordinal of the ``count``-th working day after ``ordinal`` (which is not counted)."""
        schedule = self.schedule
        overrides, weekly, horizon = schedule.overrides, schedule.weekly, schedule.horizon
        per_week = schedule.workdays_per_week
        while count > 0:
            if ordinal >= horizon and count > per_week:
                weeks = (count - 1) // per_week  # past the horizon every week holds per_week days
                ordinal += 7 * weeks
                count -= weeks * per_week
            ordinal += 1
            if ordinal > _LAST_ORDINAL:
                raise OverflowError
            if overrides.get(ordinal, weekly[(ordinal - 1) % 7]):  # DaySchedule.hours_on, inlined
                count -= 1
        return ordinal

    def _business_between(self, a: int, first: int, b: int, last: int) -> int:
        """Opening time in µs between instants ``a`` <= ``b`` on local dates ``first``..``last``."""
        hours_on, zone = self.schedule.hours_on, self.zone
        week, horizon = self.schedule.week_seconds * US, self.schedule.horizon
        probe = OffsetProbe(zone)
        ordinal, chunk_end, offset = first, first, None
        total = 0
        while ordinal <= last:
            if ordinal == chunk_end:
                offset, chunk_end = probe.week(ordinal), ordinal + OffsetProbe.WEEK
                if offset is not None and first < ordinal and horizon < ordinal and chunk_end <= last:
                    total += week  # a whole regular week strictly inside the span
                    ordinal = chunk_end
                    continue
            hours = hours_on(ordinal)
            if hours:
                spans = steady_spans(ordinal, hours, offset) if offset is not None else exact_spans(ordinal, hours, zone)
                for start, end in spans:
                    overlap = min(end, b) - max(start, a)
                    if overlap > 0:
                        total += overlap
            ordinal += 1
        return total

    # -- helpers ----------------------------------------------------------------------

    def _instant(self, moment: dt.datetime) -> tuple[int, int]:
        """The instant of ``moment`` and the ordinal of its local date in the calendar's zone."""
        if not isinstance(moment, dt.datetime):
            raise TypeError(f"expected a datetime, not {type(moment).__name__}")
        instant = to_us(moment, self.zone)
        return instant, local_ordinal(moment, instant, self.zone)

    def _local_ordinal(self, day: dt.date | dt.datetime) -> int:
        if isinstance(day, dt.datetime):
            return self._instant(day)[1]
        if isinstance(day, dt.date):
            return day.toordinal()
        raise TypeError(f"expected a date, not {type(day).__name__}")
