"""Business calendars: working days, opening hours and holidays for SLA clocks.

Compile a playbook's ``calendar:`` section once with :meth:`BusinessCalendar.from_section`,
then ask it for deadlines (:meth:`~BusinessCalendar.add`) and elapsed business time
(:meth:`~BusinessCalendar.elapsed`). The rules for each duration unit, time zones and
mainland China's holiday schedule are documented in :mod:`playbook.calendar.business`.
"""

from playbook.calendar.business import BusinessCalendar
from playbook.calendar.errors import CalendarRangeError
from playbook.calendar.holidays import HolidayTable, load_holiday_table

__all__ = ["BusinessCalendar", "CalendarRangeError", "HolidayTable", "load_holiday_table"]
