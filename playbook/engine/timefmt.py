"""Small time helpers shared by the engine's stages."""

from __future__ import annotations

from datetime import datetime, tzinfo


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
