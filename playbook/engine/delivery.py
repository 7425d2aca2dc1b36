"""How late a delivery is, counted the same way for conditions and for compensation."""

from __future__ import annotations

import math
from datetime import datetime, tzinfo

from playbook.case import Delivery

from .timefmt import aware


def days_late(delivery: Delivery | None, now: datetime, zone: tzinfo) -> int | None:
    """Whole days (rounded up) past the promised date: to delivery, or to now when not yet
    delivered. None when no date was promised."""
    if delivery is None or delivery.promised_by is None:
        return None
    promised = aware(delivery.promised_by, zone)
    arrived = aware(delivery.delivered_at, zone) or now
    seconds = (arrived - promised).total_seconds()  # type: ignore[operator]
    return max(0, math.ceil(seconds / 86400))
