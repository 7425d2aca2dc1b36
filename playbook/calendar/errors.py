"""The one error calendar arithmetic raises on input it cannot answer."""

from __future__ import annotations

from playbook.errors import Diagnostic, PlaybookError


class CalendarRangeError(PlaybookError, ValueError):
    """A deadline or span would leave the dates Python can represent (after year 9999).

    It is a :class:`ValueError` as well, because the cause is always an input value: a
    duration such as ``'99999999bd'`` or a case timestamp near the end of time.
    """

    phase = "evaluation"

    def __init__(self, message: str):
        super().__init__(
            Diagnostic(
                code="calendar-out-of-range",
                message=message,
                hint="use a shorter duration; deadlines must fall before the year 10000",
            )
        )
