"""Watches side by side, from several threads, closed and rebuilt."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from playbook.watch import WatchClosedError
from tests.watch.builders import (
    at,
    count_pattern,
    deadline_pattern,
    ev,
    ladder_pattern,
    section,
    summary,
)


def returns(prefix: str, n: int, product: str = "SKU-1") -> list[dict]:
    return [ev(f"{prefix}{i}", "returned", at(hours=i), product=product) for i in range(n)]


def test_two_watches_do_not_see_each_other(make_watch):
    """Same pattern ids, same keys, same event ids: still two separate worlds."""
    a = make_watch(section(count_pattern()))
    b = make_watch(section(count_pattern()))
    assert a.observe_many(returns("e", 2)) == []
    assert b.observe_many(returns("e", 2)) == []
    [alert_a] = a.observe(ev("e2", "returned", at(hours=2), product="SKU-1"))
    assert b.snapshot()["patterns"]["returns"]["held"] == {"SKU-1": [[0, "e0", "2024-05-01T09:00:00Z"], [1, "e1", "2024-05-01T10:00:00Z"]]}
    [alert_b] = b.observe(ev("e2", "returned", at(hours=2), product="SKU-1"))
    assert alert_a == alert_b


def test_two_watches_with_different_playbooks(make_watch):
    strict = make_watch(section(count_pattern(threshold=2)))
    lenient = make_watch(section(count_pattern(threshold=4)))
    events = returns("e", 3)
    assert len(strict.observe_many(events)) == 1
    assert lenient.observe_many(events) == []


def test_concurrent_observe_from_threads(make_watch):
    """Eight threads feed one watch; every alert comes out exactly once and the
    totals match a single-threaded run."""
    sec = section(count_pattern(window="3650d"), ladder_pattern(window="3650d"))
    events = []
    for t in range(8):
        for i in range(60):
            events.append(ev(f"t{t}-r{i}", "returned", at(hours=i), product=f"P{(t + i) % 5}"))
            events.append(ev(f"t{t}-s{i}", "staff-complaint", at(hours=i), staff=f"S{i % 3}"))
    watch = make_watch(sec)
    barrier = threading.Barrier(8)

    def feed(t: int) -> list:
        barrier.wait()
        mine = [e for e in events if e["id"].startswith(f"t{t}-")]
        out = []
        for event in mine:
            out += watch.observe(event)
        return out

    with ThreadPoolExecutor(8) as pool:
        results = [a for part in pool.map(feed, range(8)) for a in part]
    fired_events = [e for a in results if a.pattern == "returns" for e in a.events]
    assert len(fired_events) == len(set(fired_events))  # nothing counted twice
    assert watch.stats["observed"] == len(events)
    reference = make_watch(sec)
    expected = reference.observe_many(events)
    assert sorted(a.pattern for a in results) == sorted(a.pattern for a in expected)
    assert len([a for a in results if a.pattern == "returns"]) == len(events) // 2 // 3


def test_watches_in_parallel_threads(make_watch):
    """One watch per thread, all at once: each sees only its own stream."""
    watches = [make_watch(section(count_pattern(), deadline_pattern())) for _ in range(6)]

    def run(k: int) -> list:
        return watches[k].observe_many(returns("e", 3 * (k + 1)))

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(run, range(6)))
    assert [len(r) for r in results] == [1, 2, 3, 4, 5, 6]


def test_closed_watch_refuses_work(make_watch):
    watch = make_watch(section(count_pattern()))
    watch.close()
    watch.close()  # idempotent
    assert watch.closed
    with pytest.raises(WatchClosedError):
        watch.observe(returns("e", 1)[0])
    with pytest.raises(WatchClosedError):
        watch.snapshot()


def test_many_watches_built_and_closed(make_watch, backend):
    """Rulesets are given back on close: building hundreds leaks nothing that stops the next."""
    for _i in range(150):
        watch = make_watch(section(count_pattern(), ladder_pattern()))
        assert len(watch.observe_many(returns("e", 3))) == 1
        watch.close()


def test_rebuild_after_close_with_new_version(make_watch):
    watch = make_watch(section(count_pattern()))
    watch.observe_many(returns("e", 2))
    data = watch.snapshot()
    watch.close()
    rebuilt = make_watch(section(count_pattern(action="recall {key} now")), state=data)
    [alert] = rebuilt.observe(ev("e2", "returned", at(hours=2), product="SKU-1"))
    assert alert.action == "recall SKU-1 now"


def test_context_manager_closes(backend):
    from playbook.watch import Watch

    with Watch(section(count_pattern()), backend=backend) as watch:
        watch.observe_many(returns("e", 3))
    assert watch.closed


def test_empty_section_works(make_watch):
    watch = make_watch(section())
    assert watch.observe(returns("e", 1)[0]) == []
    assert watch.tick(at(days=1)) == []
    assert summary(watch.observe_many(returns("f", 5))) == []
