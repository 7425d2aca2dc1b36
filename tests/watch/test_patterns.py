"""Each pattern kind driven through its edges, on both backends."""

from __future__ import annotations

import pytest

from playbook.watch import EventError, LateEventError, ManualClock
from tests.watch.builders import (
    at,
    count_pattern,
    deadline_pattern,
    ev,
    ladder_pattern,
    section,
)


def returns(*days: float, product: str = "SKU-1", prefix: str = "r") -> list[dict]:
    return [ev(f"{prefix}{i}", "returned", at(days=d), product=product) for i, d in enumerate(days)]


# -- count in window -------------------------------------------------------------------


def test_count_below_threshold_is_silent(make_watch):
    watch = make_watch(section(count_pattern()))
    assert watch.observe_many(returns(0, 10)) == []


def test_count_threshold_within_window_fires_once(make_watch):
    watch = make_watch(section(count_pattern()))
    alerts = watch.observe_many(returns(0, 10, 29.9))
    assert len(alerts) == 1
    alert = alerts[0]
    assert (alert.pattern, alert.key_field, alert.key, alert.count) == ("returns", "product", "SKU-1", 3)
    assert alert.events == ("r0", "r1", "r2")
    assert alert.action == "stop sale of SKU-1, report to quality"
    assert alert.at == at(days=29.9)


def test_count_spread_beyond_window_is_silent(make_watch):
    watch = make_watch(section(count_pattern()))
    assert watch.observe_many(returns(0, 20, 31)) == []


def test_count_window_is_half_open(make_watch):
    """An event exactly one window after the first no longer counts with it."""
    watch = make_watch(section(count_pattern()))
    assert watch.observe_many(returns(0, 10, 30)) == []
    # r1, r2 are still in the window: one more makes three.
    [alert] = watch.observe(ev("r3", "returned", at(days=30, seconds=1), product="SKU-1"))
    assert alert.events == ("r1", "r2", "r3")


def test_count_rearms_with_fresh_events_only(make_watch):
    """Fired events are consumed: the next alert needs `threshold` new events."""
    watch = make_watch(section(count_pattern()))
    alerts = watch.observe_many(returns(0, 1, 2, 3, 4, 5, 6))
    assert [a.events for a in alerts] == [("r0", "r1", "r2"), ("r3", "r4", "r5")]


def test_count_keys_are_separate(make_watch):
    watch = make_watch(section(count_pattern()))
    events = returns(0, 1, product="A", prefix="a") + returns(0, 1, product="B", prefix="b")
    assert watch.observe_many(events) == []
    [alert] = watch.observe(ev("a9", "returned", at(days=2), product="A"))
    assert alert.key == "A"


def test_count_repeat_customer(make_watch):
    watch = make_watch(section(count_pattern(id="repeat", event="received", key="customer",
                                             action="escalate customer {key}")))
    events = [ev(f"c{i}", "received", at(days=i * 5), customer="王先生", case_id=f"K{i}") for i in range(3)]
    [alert] = watch.observe_many(events)
    assert alert.action == "escalate customer 王先生"


def test_duplicate_event_is_never_counted_twice(make_watch):
    watch = make_watch(section(count_pattern()))
    first = returns(0)[0]
    assert watch.observe_many([first, first, first, *returns(1, prefix="x")]) == []
    assert watch.stats["duplicates"] == 2


# -- ladder ---------------------------------------------------------------------------


def complaint(event_id: str, days: float, staff: str = "李四") -> dict:
    return ev(event_id, "staff-complaint", at(days=days), staff=staff)


def test_ladder_three_complaints_warning_penalty_dismissal(make_watch):
    watch = make_watch(section(ladder_pattern()))
    steps = [watch.observe(complaint(f"s{i}", d)) for i, d in enumerate((0, 40, 200))]
    assert [[(a.step, a.action) for a in alerts] for alerts in steps] == [
        [(1, "warn 李四")], [(2, "penalise 李四")], [(3, "dismiss 李四")],
    ]
    assert steps[2][0].events == ("s0", "s1", "s2")
    assert steps[1][0].label == "staff: penalty"


def test_ladder_past_last_step_repeats_it(make_watch):
    watch = make_watch(section(ladder_pattern()))
    watch.observe_many([complaint(f"s{i}", i) for i in range(3)])
    [alert] = watch.observe(complaint("s3", 3))
    assert (alert.step, alert.events) == (3, ("s1", "s2", "s3"))


def test_ladder_window_forgets_old_occurrences(make_watch):
    watch = make_watch(section(ladder_pattern(window="30d")))
    watch.observe(complaint("s0", 0))
    [alert] = watch.observe(complaint("s1", 31))
    assert alert.step == 1  # s0 left the window: this is a first complaint again


def test_ladder_steps_may_skip_counts(make_watch):
    watch = make_watch(section(ladder_pattern(steps=[{"at": 2, "action": "talk to {key}"}, {"at": 4, "action": "review {key}"}])))
    fired = [[a.step for a in watch.observe(complaint(f"s{i}", i))] for i in range(6)]
    assert fired == [[], [2], [], [4], [4], [4]]


def test_ladder_single_step_fires_every_time(make_watch):
    watch = make_watch(section(ladder_pattern(steps=[{"at": 1, "action": "log {key}"}])))
    assert [len(watch.observe(complaint(f"s{i}", i))) for i in range(3)] == [1, 1, 1]


def test_ladder_keys_are_separate(make_watch):
    watch = make_watch(section(ladder_pattern()))
    watch.observe_many([complaint("a0", 0, "A"), complaint("a1", 1, "A")])
    [alert] = watch.observe(complaint("b0", 2, "B"))
    assert (alert.key, alert.step) == ("B", 1)


# -- deadline -------------------------------------------------------------------------


def received(event_id: str, hours: float, case: str, **extra) -> dict:
    return ev(event_id, "received", at(hours=hours), case_id=case, **extra)


def test_deadline_fires_alert_before_deadline_on_tick(make_watch):
    watch = make_watch(section(deadline_pattern()))
    assert watch.observe(received("c1", 0, "K1")) == []
    assert watch.tick(at(hours=2, minutes=59)) == []
    [alert] = watch.tick(at(hours=3))
    assert (alert.pattern, alert.key, alert.events) == ("sla", "K1", ("c1",))
    assert alert.at == at(hours=3) and alert.deadline == at(hours=4)
    assert "before 2024-05-01T13:00:00Z" in alert.action
    assert watch.tick(at(hours=10)) == []  # once only


def test_deadline_stop_event_cancels(make_watch):
    watch = make_watch(section(deadline_pattern()))
    watch.observe(received("c1", 0, "K1"))
    watch.observe(ev("p1", "responded", at(hours=1), case_id="K1"))
    assert watch.tick(at(days=1)) == []


def test_deadline_due_timers_fire_on_observe(make_watch):
    watch = make_watch(section(deadline_pattern()))
    watch.observe(received("c1", 0, "K1"))
    watch.observe(received("c2", 0.5, "K2"))
    # A later event about another case brings the time past both alert times.
    alerts = watch.observe(received("c3", 5, "K3"))
    assert [(a.key, a.at) for a in alerts] == [("K1", at(hours=3)), ("K2", at(hours=3.5))]


def test_deadline_response_after_alert_time_comes_too_late(make_watch):
    """The alert was due before the response arrived: it fires, then nothing more."""
    watch = make_watch(section(deadline_pattern()))
    watch.observe(received("c1", 0, "K1"))
    [alert] = watch.observe(ev("p1", "responded", at(hours=3), case_id="K1"))
    assert alert.key == "K1"


def test_deadline_read_from_event_field(make_watch):
    pattern = deadline_pattern(within=None, deadline_field="first_response_due")
    watch = make_watch(section(pattern))
    watch.observe(received("c1", 0, "K1", first_response_due=at(hours=2).isoformat()))
    [alert] = watch.tick(at(hours=1))
    assert alert.deadline == at(hours=2)


def test_deadline_field_missing_is_an_event_error_and_changes_nothing(make_watch):
    watch = make_watch(section(deadline_pattern(within=None, deadline_field="due")))
    with pytest.raises(EventError, match="has no 'due' field"):
        watch.observe(received("c1", 0, "K1"))
    assert watch.stats["observed"] == 0 and watch.now is None


def test_deadline_already_due_fires_at_once(make_watch):
    watch = make_watch(section(deadline_pattern(within=None, deadline_field="due")))
    [alert] = watch.observe(received("c1", 0, "K1", due=at(minutes=30).isoformat()))
    assert alert.at == at(minutes=-30)


def test_deadline_restart_replaces_timer(make_watch):
    watch = make_watch(section(deadline_pattern()))
    watch.observe(received("c1", 0, "K1"))
    watch.observe(received("c2", 2, "K1"))  # the case came in again: the clock restarts
    assert watch.tick(at(hours=4.5)) == []
    [alert] = watch.tick(at(hours=5))
    assert alert.events == ("c2",)


def test_tick_uses_injected_clock(make_watch):
    clock = ManualClock(at())
    watch = make_watch(section(deadline_pattern()), clock=clock)
    watch.observe(received("c1", 0, "K1"))
    clock.advance(hours=2)
    assert watch.tick() == []
    clock.advance(hours=1)
    assert [a.key for a in watch.tick()] == ["K1"]


def test_time_does_not_go_back(make_watch):
    watch = make_watch(section(deadline_pattern()))
    watch.observe(received("c1", 0, "K1"))
    watch.tick(at(hours=2))
    assert watch.tick(at(hours=1)) == []
    assert watch.now == at(hours=2)


# -- order, lateness, keys -------------------------------------------------------------


def test_out_of_order_within_lateness_is_counted(make_watch):
    watch = make_watch(section(count_pattern()))
    watch.observe_many(returns(10, 20))
    [alert] = watch.observe(ev("late", "returned", at(days=15), product="SKU-1"))
    assert alert.events == ("r0", "r1", "late")


def test_out_of_order_outside_pattern_window_is_not_counted(make_watch):
    watch = make_watch(section(count_pattern(window="7d"), lateness="30d"))
    watch.observe_many(returns(20, 21))
    # 20 days back: inside the lateness but outside this pattern's 7d window.
    assert watch.observe(ev("old", "returned", at(days=1), product="SKU-1")) == []


def test_event_older_than_lateness_is_rejected(make_watch):
    watch = make_watch(section(count_pattern()))
    watch.observe_many(returns(40))
    with pytest.raises(LateEventError, match="older than the watch accepts") as info:
        watch.observe(ev("old", "returned", at(days=32), product="SKU-1"))
    # The default lateness is the longest window (30d here), at most 7d.
    assert "lateness 7d" in str(info.value)
    assert watch.stats["late"] == 1 and watch.stats["observed"] == 1


def test_default_lateness_follows_short_windows(make_watch):
    watch = make_watch(section(count_pattern(window="2d")))
    watch.observe_many(returns(10))
    with pytest.raises(LateEventError, match="lateness 2d"):
        watch.observe(ev("old", "returned", at(days=7), product="SKU-1"))


def test_lateness_can_be_set(make_watch):
    watch = make_watch(section(count_pattern(), lateness="40d"))
    watch.observe_many(returns(40))
    # 35 days late: accepted, but outside the 30d window, so not counted.
    assert watch.observe(ev("old", "returned", at(days=5), product="SKU-1")) == []
    with pytest.raises(LateEventError, match="lateness 40d"):
        watch.observe(ev("older", "returned", at(days=-1), product="SKU-1"))


def test_observe_many_applies_prefix_then_raises(make_watch):
    watch = make_watch(section(count_pattern()))
    events = returns(0, 1, 2) + [{"id": "bad", "kind": "returned"}] + returns(3, prefix="z")
    with pytest.raises(EventError) as info:
        watch.observe_many(events)
    assert info.value.index == 3
    assert [a.events for a in info.value.alerts] == [("r0", "r1", "r2")]
    assert watch.stats["observed"] == 3


def test_events_without_the_key_are_skipped(make_watch):
    watch = make_watch(section(count_pattern()))
    events = [ev(f"n{i}", "returned", at(days=i)) for i in range(3)]
    assert watch.observe_many(events) == []
    assert watch.stats["unkeyed"] == 3


def test_events_of_unwatched_kinds_are_accepted(make_watch):
    watch = make_watch(section(count_pattern()))
    assert watch.observe(ev("x", "note-added", at(), product="SKU-1")) == []


def test_numeric_keys_and_extra_fields(make_watch):
    watch = make_watch(section(count_pattern(key="store")))
    events = [{"id": i, "kind": "returned", "at": at(days=i).isoformat(), "store": 17} for i in range(3)]
    [alert] = watch.observe_many(events)
    assert (alert.key, alert.events) == ("17", ("0", "1", "2"))


def test_malformed_event_is_an_event_error(make_watch):
    watch = make_watch(section(count_pattern()))
    with pytest.raises(EventError, match="event 'e1': at"):
        watch.observe({"id": "e1", "kind": "returned", "at": "yesterday"})
