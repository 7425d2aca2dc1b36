"""Durations as policy writers write them: ``30m``, ``1h``, ``24h``, ``7bd``, ``4bh``, ``30d``.

Units: ``m`` minutes, ``h`` hours, ``d`` days (calendar time), ``bh`` business hours and
``bd`` business days (counted on the playbook's business calendar). A duration keeps the
text it was written as, so a playbook round-trips through YAML unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

_PATTERN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d|bh|bd|w)\s*$")
DURATION_REGEX = r"^\s*\d+(\.\d+)?\s*(m|min|h|d|bh|bd|w)\s*$"
_SECONDS = {"m": 60, "min": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
MAX_DURATION_DAYS = 3660
"""No target is longer than ten years (business days count as days here): a longer one is
a typo such as ``999999999d``, and would put every deadline past the end of the calendar."""
HINT = "write a number and a unit: 30m, 4h, 3d, 2w (calendar), 8bh (business hours) or 7bd (business days)"


@dataclass(frozen=True, slots=True)
class Duration:
    """An amount of time on either the calendar clock or the business clock."""

    amount: float
    unit: str  # one of m, min, h, d, w, bh, bd
    text: str

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Parse ``text``; raise ValueError with the accepted forms when it is not a duration."""
        if not isinstance(text, str):
            raise ValueError(f"a duration must be text such as '24h', not {type(text).__name__}; {HINT}")
        match = _PATTERN.match(text)
        if not match:
            raise ValueError(f"'{text}' is not a duration; {HINT}")
        amount = float(match.group(1))
        if amount <= 0:
            raise ValueError(f"'{text}' must be longer than zero; {HINT}")
        duration = cls(amount=amount, unit=match.group(2), text=text.strip())
        if duration.seconds > MAX_DURATION_DAYS * 86400:
            raise ValueError(
                f"'{text}' is longer than the longest duration a playbook may set, "
                f"{MAX_DURATION_DAYS} days (ten years)"
            )
        return duration

    @property
    def business(self) -> bool:
        """True when counted on business hours/days rather than the wall clock."""
        return self.unit in ("bh", "bd")

    @property
    def seconds(self) -> float:
        """Calendar length in seconds; for business units, the business time it spans
        (``bh`` hours of business time; ``bd`` is counted in days by the calendar)."""
        if self.unit == "bh":
            return self.amount * 3600
        if self.unit == "bd":
            return self.amount * 86400
        return self.amount * _SECONDS[self.unit]

    def __str__(self) -> str:
        return self.text

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def validate(value: Any) -> Duration:
            if isinstance(value, Duration):
                return value
            return cls.parse(value)

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda d: d.text),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": DURATION_REGEX,
            "description": "A duration: " + HINT,
            "examples": ["1h", "24h", "7bd", "30d"],
        }
