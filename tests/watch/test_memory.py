"""Memory stays bounded: state holds what the windows hold, never the history."""

from __future__ import annotations

import gc
import tracemalloc

from tests.watch.builders import (
    at,
    count_pattern,
    deadline_pattern,
    ev,
    ladder_pattern,
    section,
)

SECTION = section(count_pattern(window="1d"), ladder_pattern(window="1d"), deadline_pattern(within="2h"))


def burst(start: int, n: int, keys: int) -> list[dict]:
    """n events, one a minute from minute `start`, spread over `keys` products,
    staff members and cases (a response for every other case)."""
    out = []
    for i in range(start, start + n):
        k = (i * 7919) % keys
        kind = ("returned", "staff-complaint", "received", "responded")[i % 4]
        out.append(ev(f"e{i}", kind, at(minutes=i), product=f"P{k}", staff=f"S{k}", case_id=f"C{k}"))
    return out


def test_state_size_bounded_as_windows_slide(make_watch):
    watch = make_watch(SECTION)
    sizes = []
    for round_no in range(6):
        watch.observe_many(burst(round_no * 1500, 1500, keys=500))
        sizes.append(watch.state_size())
    # The watch saw 9,000 events; it holds about one window's worth (1 day = 1,440
    # events of which a share are held, plus remembered ids), and that does not grow.
    assert max(sizes[2:]) <= 1.2 * min(sizes[2:])
    assert sizes[-1] < 9_000


def test_quiet_period_empties_the_state(make_watch):
    watch = make_watch(SECTION)
    watch.observe_many(burst(0, 2000, keys=800))
    assert watch.state_size() > 0
    watch.tick(at(days=30))
    assert watch.state_size() == 0
    data = watch.snapshot()
    assert data["seen"] == [] and all(not (p.get("held") or p.get("timers")) for p in data["patterns"].values())


def test_python_heap_does_not_grow_with_the_stream(make_watch, backend):
    """Traced Python memory after the windows have filled stays flat while 4,000 more
    events pass. (For rete this is the Python side; the engine's own memory is its
    facts, which test_state_size_bounded_as_windows_slide counts.)"""
    watch = make_watch(SECTION)
    tracemalloc.start()
    try:
        for round_no in range(2):  # fill the windows with traced objects
            watch.observe_many(burst(round_no * 1000, 1000, keys=1000))
        gc.collect()
        base = tracemalloc.get_traced_memory()[0]
        for round_no in range(2, 6):
            watch.observe_many(burst(round_no * 1000, 1000, keys=1000))
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - base
    finally:
        tracemalloc.stop()
    # Keeping the 4,000 events would take well over a megabyte; a bounded state only
    # moves by the odd dict-table resize (tens of KB).
    assert grown < 200_000, grown
