"""Subset matching of expected values against a decision's JSON.

Writers state only what they care about, so matching is one-directional:

* a mapping matches when each key it names matches (other keys are ignored);
* a list matches a list of the same length item by item;
* a mapping made only of list operators matches a list: ``contains`` (each item matches
  some item), ``not_contains`` (no item matches), ``length``;
* scalars compare with the conversions YAML and JSON make necessary: ``150`` equals the
  decimal text ``"150.00"``; a YAML timestamp equals the same instant written as ISO text.

Every difference becomes a :class:`Mismatch` with the document path where it was found.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from .results import Mismatch

LIST_OPERATORS = frozenset({"contains", "not_contains", "length"})


def subset_mismatches(expected: Any, actual: Any, what: str) -> list[Mismatch]:
    """Every way ``actual`` fails to contain ``expected``; empty when it does."""
    if isinstance(expected, dict):
        if isinstance(actual, list) and expected and set(expected) <= LIST_OPERATORS:
            return _list_operators(expected, actual, what)
        if not isinstance(actual, dict):
            return [Mismatch(what, expected, actual, note="expected a mapping")]
        out: list[Mismatch] = []
        for key, value in expected.items():
            if key not in actual:
                out.append(Mismatch(f"{what}.{key}", value, None, note=f"the decision has no '{key}' here"))
                continue
            out.extend(subset_mismatches(value, actual[key], f"{what}.{key}"))
        return out
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [Mismatch(what, expected, actual, note="expected a list")]
        if len(expected) != len(actual):
            return [Mismatch(what, expected, actual, note=f"expected {len(expected)} items, got {len(actual)}")]
        out = []
        for index, (want, got) in enumerate(zip(expected, actual)):
            out.extend(subset_mismatches(want, got, f"{what}[{index}]"))
        return out
    if scalars_equal(expected, actual):
        return []
    return [Mismatch(what, expected, actual)]


def matches(expected: Any, actual: Any) -> bool:
    return not subset_mismatches(expected, actual, "")


def _list_operators(expected: dict[str, Any], actual: list[Any], what: str) -> list[Mismatch]:
    out: list[Mismatch] = []
    if "length" in expected and expected["length"] != len(actual):
        out.append(Mismatch(f"{what}.length", expected["length"], len(actual)))
    for item in _as_list(expected.get("contains")):
        if not any(matches(item, got) for got in actual):
            out.append(_closest(item, actual, f"{what} contains"))
    for item in _as_list(expected.get("not_contains")):
        found = [got for got in actual if matches(item, got)]
        if found:
            out.append(Mismatch(f"{what} does not contain", item, found, note="these items match"))
    return out


def _closest(item: Any, actual: list[Any], what: str) -> Mismatch:
    """A failed ``contains`` item shown beside the actual item that comes nearest to it.

    Showing every item of a long list hides the one difference that matters; the nearest
    item, cut down to the keys the writer named, puts it side by side with the expectation.
    """
    if not actual:
        return Mismatch(what, item, actual, note="the list is empty")
    scored = [(len(subset_mismatches(item, got, "")), position, got) for position, got in enumerate(actual)]
    _, position, nearest = min(scored, key=lambda entry: (entry[0], entry[1]))
    differing = [m.what.lstrip(".") for m in subset_mismatches(item, nearest, "")]
    if isinstance(item, dict) and isinstance(nearest, dict):
        nearest = {key: nearest.get(key) for key in item}
    note = f"no item matches; nearest is item {position}"
    if differing and all(differing):
        note += ", which differs in " + ", ".join(differing)
    return Mismatch(what, item, nearest, note=note)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def scalars_equal(expected: Any, actual: Any) -> bool:
    """Equality across the forms a value takes in YAML and in the decision's JSON."""
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, (dt.datetime, dt.date)):
        return _same_moment(expected, actual)
    left, right = _decimal(expected), _decimal(actual)
    if left is not None and right is not None:
        return left == right
    return bool(expected == actual)


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _same_moment(expected: dt.date, actual: Any) -> bool:
    if isinstance(actual, str):
        try:
            parsed: dt.date = dt.datetime.fromisoformat(actual.replace("Z", "+00:00"))
        except ValueError:
            return False
    elif isinstance(actual, dt.date):
        parsed = actual
    else:
        return False
    if isinstance(expected, dt.datetime) and isinstance(parsed, dt.datetime):
        if (expected.tzinfo is None) != (parsed.tzinfo is None):
            return expected.replace(tzinfo=None) == parsed.replace(tzinfo=None)
        return expected == parsed
    if not isinstance(expected, dt.datetime):
        day = parsed.date() if isinstance(parsed, dt.datetime) else parsed
        return expected == day
    return False
