"""Plain-English wording for pydantic's error types.

Pydantic speaks to programmers ("Input should be a valid integer, unable to parse
string as an integer"); policy writers need "expected a whole number, got text 'abc'".
This module holds the vocabulary: what each error type expected, and sentences for the
constraint errors. Anything unknown falls back to pydantic's own message so no error is
ever hidden.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

# Error type → what the document should have held there.
EXPECTED: dict[str, str] = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_parsing_size": "a whole number of reasonable size",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "decimal_type": "a number",
    "decimal_parsing": "a number",
    "string_type": "text",
    "string_unicode": "text",
    "bytes_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "set_type": "a list",
    "frozen_set_type": "a list",
    "iterable_type": "a list",
    "dict_type": "a mapping",
    "mapping_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "dataclass_type": "a mapping",
    "dataclass_exact_type": "a mapping",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date without a time of day (YYYY-MM-DD)",
    "datetime_type": "a date and time (YYYY-MM-DD HH:MM)",
    "datetime_parsing": "a date and time (YYYY-MM-DD HH:MM)",
    "datetime_from_date_parsing": "a date and time (YYYY-MM-DD HH:MM)",
    "datetime_object_invalid": "a date and time (YYYY-MM-DD HH:MM)",
    "time_type": "a time of day (HH:MM)",
    "time_parsing": "a time of day (HH:MM)",
    "timedelta_type": "a length of time",
    "timedelta_parsing": "a length of time",
    "none_required": "nothing (null)",
    "url_type": "a URL",
    "url_parsing": "a URL",
    "url_scheme": "a URL",
    "uuid_type": "a UUID",
    "uuid_parsing": "a UUID",
    "callable_type": "a function",
}

# Error types that mean "the value is the wrong kind of thing" when it is text where a
# number was expected etc., as opposed to a value of the right kind that is not allowed.
TYPE_ERRORS = frozenset(EXPECTED)


def describe_value(value: Any) -> str:
    """Plain-English description of a data value, for messages (``text 'abc'``, ``a list``)."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text {shown!r}" if value else "empty text"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def wrong_type_message(expected: str, value: Any) -> str:
    return f"expected {expected}, got {describe_value(value)}"


def wrong_type_hint(error_type: str, value: Any) -> str | None:
    """Advice for the classic YAML surprises: unquoted yes/no, 1.10 read as a number..."""
    if error_type in ("string_type", "string_unicode") and value is not None and not isinstance(value, (dict, list)):
        return "put the value in quotes to make it text"
    if error_type in ("list_type", "tuple_type", "set_type", "frozen_set_type") and isinstance(
        value, (str, int, float)
    ):
        return "write a list: one '- item' per line, or [a, b] on one line"
    return None


def constraint_message(error_type: str, ctx: dict[str, Any], value: Any) -> str | None:
    """Sentences for length, range and pattern constraints; None when not one of them."""
    if error_type == "too_short":
        need = ctx.get("min_length")
        return f"needs at least {need} item{'s' if need != 1 else ''}, but has {ctx.get('actual_length')}"
    if error_type == "too_long":
        limit = ctx.get("max_length")
        return f"can have at most {limit} item{'s' if limit != 1 else ''}, but has {ctx.get('actual_length')}"
    if error_type == "string_too_short":
        need = ctx.get("min_length")
        if need == 1:
            return "must not be empty"
        return f"must be at least {need} characters long, got {describe_value(value)}"
    if error_type == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters long"
    if error_type == "string_pattern_mismatch":
        return f"{describe_value(value)} does not have the required form (pattern {ctx.get('pattern')})"
    bounds = {
        "greater_than": ("greater than", "gt"),
        "greater_than_equal": ("at least", "ge"),
        "less_than": ("less than", "lt"),
        "less_than_equal": ("at most", "le"),
        "multiple_of": ("a multiple of", "multiple_of"),
    }
    if error_type in bounds:
        words, key = bounds[error_type]
        return f"must be {words} {_number(ctx.get(key))}, got {describe_value(value)}"
    if error_type == "finite_number":
        return f"must be a finite number, got {describe_value(value)}"
    return None


def _number(value: Any) -> Any:
    """``-1.0`` as ``-1``: bounds are shown as the policy writer would write them."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def custom_message(error: dict[str, Any]) -> str:
    """The message of a custom validator, without pydantic's "Value error, " prefix."""
    ctx = error.get("ctx") or {}
    cause = ctx.get("error")
    if isinstance(cause, BaseException) and str(cause):
        return str(cause)
    message = str(error.get("msg", ""))
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


def quoted_items(text: str) -> list[str]:
    """The quoted items of pydantic's lists such as ``'a', 'b' or 'c'``."""
    return [item.replace("\\'", "'") for item in _QUOTED.findall(text or "")]


def show(value: Any) -> str:
    """A value as it would be written in the playbook."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)
