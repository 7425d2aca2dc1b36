"""Comparing SLA durations written in different units without a calendar.

``7bd`` and ``24h`` cannot be compared exactly without knowing the business calendar and
the start time, but they can be bounded: a business hour takes at least an hour of wall
time; ``Nbd`` ends at the close of the N-th working day after the start's date, so at least
N - 1 whole days later; neither has an upper bound (weekends and holidays). Lint only
reports an order that holds whatever the calendar says.
"""

from __future__ import annotations

import math

from playbook.model.duration import Duration


def bounds(duration: Duration) -> tuple[float, float]:
    """The least and the most wall-clock seconds ``duration`` can take."""
    if duration.unit == "bh":
        return duration.amount * 3600, math.inf
    if duration.unit == "bd":
        return max(duration.amount - 1, 0) * 86400, math.inf
    return duration.seconds, duration.seconds


def surely_shorter(short: Duration, long: Duration) -> bool:
    """True when ``short`` ends before ``long`` from any start, on any calendar."""
    if short.unit == long.unit or (short.unit in ("m", "min") and long.unit in ("m", "min")):
        return short.amount < long.amount
    return bounds(short)[1] < bounds(long)[0]
