"""Shared building blocks of the source models: strict base, ids, severities, money."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"

Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        max_length=80,
        description="An identifier: letters, digits, '_', '.', ':' or '-', starting with a letter or digit.",
    ),
]
"""Ids are what tests, traces and violations refer to, so they are kept stable and simple."""

_DECIMAL_SCHEMA = {
    "anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": r"^\d+(\.\d+)?$"},
    ]
}

Money = Annotated[
    Decimal,
    Field(ge=0, max_digits=16, decimal_places=4),
    WithJsonSchema({**_DECIMAL_SCHEMA, "description": "An amount: a number or a decimal string ('9.50')."}),
]
"""Amounts are decimals, never floats: caps are compared to the cent. The JSON Schema is
written out so editors see the same schema whatever pydantic version generated it."""

Multiple = Annotated[
    Decimal,
    Field(ge=0, max_digits=12, decimal_places=4),
    WithJsonSchema({**_DECIMAL_SCHEMA, "description": "A multiple: a number or a decimal string ('6')."}),
]

Rate = Annotated[
    Decimal,
    Field(gt=0, max_digits=20, decimal_places=10),
    WithJsonSchema({
        "anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "string", "pattern": r"^\d+(\.\d+)?$"}],
        "description": "An exchange rate: units of the playbook's currency per unit of the other (a number "
        "or a decimal string, above 0).",
    }),
]
"""Rates are decimals too, so a converted amount is exact to the cent the cap is compared at."""


class Strict(BaseModel):
    """Base of every source model: unknown fields are errors, values are not coerced silently."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, use_enum_values=True, validate_default=True)


class Severity(str, enum.Enum):
    """Severity of a complaint or of a violation, lowest first."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


SEVERITY_ORDER: dict[str, int] = {"low": 0, "medium": 1, "high": 2, "critical": 3}
