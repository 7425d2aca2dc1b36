"""Time for the watch: one integer unit inside, an injectable clock outside.

Inside, every instant is an integer count of microseconds since the Unix epoch (UTC).
Integers make window edges exact — ``at + window <= now`` and ``at <= now - window``
agree — which floating-point seconds do not guarantee, and two backends must agree
on every edge.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from pydantic import TypeAdapter

from playbook.model.duration import Duration

Clock = Callable[[], datetime]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
US = 1_000_000
_DATETIME = TypeAdapter(datetime)


def to_us(value: datetime) -> int:
    """Microseconds since the epoch; naive date-times are UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    delta = value - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * US + delta.microseconds


def from_us(value: int) -> datetime:
    """The aware UTC date-time for a microsecond count."""
    return _EPOCH + timedelta(microseconds=value)


def duration_us(value: Duration) -> int:
    """A calendar duration in microseconds."""
    return round(value.seconds * US)


def iso(value: int) -> str:
    """ISO 8601 text with a ``Z`` suffix, as alerts and saved state show time."""
    text = from_us(value).isoformat()
    return text.replace("+00:00", "Z")


def parse_time(value: object) -> datetime:
    """A date-time from a datetime or ISO 8601 text (``Z`` accepted); naive means UTC."""
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, str):
        # pydantic's parser, not datetime.fromisoformat: the latter rejects common ISO
        # forms ("Z", short fractions) before Python 3.11. Its error is a ValueError.
        result = _DATETIME.validate_python(value.strip())
    else:
        raise TypeError(f"expected a date-time, got {type(value).__name__}")
    if result.tzinfo is None:
        result = result.replace(tzinfo=timezone.utc)
    try:
        return result.astimezone(timezone.utc)
    except OverflowError:
        # 9999-12-31T23:59:59-12:00 is a valid local time whose UTC instant is past year 9999.
        raise ValueError(f"{result.isoformat()} is outside the date-times Python can hold (years 1 to 9999 in UTC)") from None


class ManualClock:
    """A clock that moves only when told to; what tests and replays use.

    >>> clock = ManualClock(datetime(2024, 1, 1, tzinfo=timezone.utc))
    >>> clock.advance(hours=2)
    """

    def __init__(self, start: datetime):
        self._now = parse_time(start)

    def __call__(self) -> datetime:
        return self._now

    def set(self, value: datetime) -> None:
        self._now = parse_time(value)

    def advance(self, **delta: float) -> datetime:
        self._now = self._now + timedelta(**delta)
        return self._now


def system_clock() -> datetime:
    """The wall clock, in UTC."""
    return datetime.now(timezone.utc)
