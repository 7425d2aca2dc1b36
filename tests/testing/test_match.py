"""Subset matching of expectations against a decision's JSON."""

from __future__ import annotations

import datetime as dt

import pytest

from playbook.testing.match import matches, scalars_equal, subset_mismatches


def test_mappings_match_key_by_key_and_ignore_the_rest() -> None:
    actual = {"cap": "150.00", "fault": "company", "remedies": ["refund"]}
    assert matches({"cap": 150}, actual)
    [miss] = subset_mismatches({"fault": "customer", "nope": 1}, actual, "compensation")[:1]
    assert (miss.what, miss.expected, miss.actual) == ("compensation.fault", "customer", "company")
    assert subset_mismatches({"nope": 1}, actual, "c")[0].note == "the decision has no 'nope' here"


def test_lists_match_exactly_or_with_operators() -> None:
    actual = [{"id": "a", "level": "manager"}, {"id": "b", "level": "director"}]
    assert matches([{"id": "a"}, {"id": "b"}], actual)
    assert not matches([{"id": "a"}], actual)
    assert matches({"contains": [{"level": "director"}], "length": 2}, actual)
    assert matches({"not_contains": [{"id": "c"}]}, actual)
    [miss] = subset_mismatches({"not_contains": {"id": "a"}}, actual, "triggers")
    assert miss.actual == [actual[0]]


def test_a_failed_contains_shows_the_nearest_item_cut_to_the_keys_written() -> None:
    actual = [{"clock": "first_response", "target": "1h", "breached": False},
              {"clock": "resolution", "target": "7bd", "breached": False}]
    [miss] = subset_mismatches({"contains": [{"clock": "resolution", "target": "24h"}]}, actual, "sla")
    assert miss.actual == {"clock": "resolution", "target": "7bd"}
    assert miss.note == "no item matches; nearest is item 1, which differs in target"


@pytest.mark.parametrize("expected, actual, equal", [
    (150, "150.00", True), ("150.00", "150", True), (150.5, "150.50", True), (1, "1.01", False),
    (True, True, True), (True, 1, False), (None, None, True), (None, "x", False), ("a", "a", True),
    (dt.datetime(2026, 3, 2, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), "2026-03-02T02:00:00Z", True),
    (dt.datetime(2026, 3, 2, 10), "2026-03-02T10:00:00+08:00", True),
    (dt.date(2026, 3, 2), "2026-03-02T23:00:00+08:00", True),
    (dt.date(2026, 3, 2), "not a date", False),
])
def test_scalars_compare_across_yaml_and_json_forms(expected: object, actual: object, equal: bool) -> None:
    assert scalars_equal(expected, actual) is equal
