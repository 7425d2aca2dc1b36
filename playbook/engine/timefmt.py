"""Small time helpers shared by the engine's stages."""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo


def format_overdue(seconds: int, units: tuple[str, str, str] = ("d", "h", "m")) -> str:
    """'2d 3h', '5h 10m', '12m': how late, the way people say it (units from the playbook)."""
    day, hour, minute = units
    seconds = max(0, int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days}{day} {hours}{hour}"
    if hours:
        return f"{hours}{hour} {minutes}{minute}"
    return f"{minutes}{minute}"


def aware(moment: datetime | None, zone: tzinfo) -> datetime | None:
    """Naive times in a case are read in the playbook's timezone."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=zone)


def seconds_between(later: datetime, earlier: datetime) -> int:
    """Whole seconds from ``earlier`` to ``later`` as elapsed time, both aware.

    Python subtracts two datetimes that share a tzinfo by wall clock: from 01:00 on the day
    before a fall-back change to 03:00 the day after is 26 h by the clock but 27 h waited. A
    lateness is time a customer waited, so both are taken to UTC first.
    """
    zone = later.tzinfo
    if zone is not earlier.tzinfo or isinstance(zone, timezone):
        # other tzinfo objects are subtracted through their offsets, a fixed offset has no
        # changes: the plain difference is already the elapsed time
        return int((later - earlier).total_seconds())
    return int((later.astimezone(timezone.utc) - earlier.astimezone(timezone.utc)).total_seconds())
