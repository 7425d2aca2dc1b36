"""Save, restart, restore: no alert lost, none repeated; and a new playbook version."""

from __future__ import annotations

import json

import pytest

from playbook.errors import SchemaError
from playbook.watch import Watch, WatchStateError
from tests.watch.builders import (
    BACKEND_PARAMS,
    at,
    count_pattern,
    deadline_pattern,
    ev,
    ladder_pattern,
    section,
    summary,
)

# Replaying the whole two-month stream after a restart needs a lateness that covers it.
SECTION = section(count_pattern(), ladder_pattern(), deadline_pattern(), lateness="90d")


def stream() -> list[dict]:
    """Returns, complaints and cases interleaved over two months."""
    events = []
    for i in range(24):
        day = i * 2.5
        events.append(ev(f"r{i}", "returned", at(days=day), product=f"SKU-{i % 3}"))
        events.append(ev(f"s{i}", "staff-complaint", at(days=day, hours=1), staff=f"S{i % 4}"))
        events.append(ev(f"c{i}", "received", at(days=day, hours=2), case_id=f"K{i}"))
        if i % 2:
            events.append(ev(f"p{i}", "responded", at(days=day, hours=2.5), case_id=f"K{i}"))
    return events


def run_through(watch: Watch, events: list[dict]) -> list:
    return watch.observe_many(events)


@pytest.mark.parametrize("split", [1, 17, 40, 70])
def test_restart_loses_and_repeats_nothing(make_watch, split, tmp_path):
    events = stream()
    whole = summary(run_through(make_watch(SECTION), events))
    assert whole  # the stream does fire every kind
    first = make_watch(SECTION)
    before = run_through(first, events[:split])
    first.save(tmp_path / "state.json")
    first.close()
    second = make_watch(SECTION, state=tmp_path / "state.json")
    # The restarted process replays from the start: what it saw is ignored or too late.
    after = second.observe_many(events)
    assert second.stats["duplicates"] == split
    assert summary(before) + summary(after) == whole


def test_pending_timer_survives_restart(make_watch):
    first = make_watch(section(deadline_pattern()))
    first.observe(ev("c1", "received", at(), case_id="K1"))
    data = first.snapshot()
    first.close()
    second = make_watch(section(deadline_pattern()), state=data)
    [alert] = second.tick(at(hours=3))
    assert alert.key == "K1"
    assert second.tick(at(hours=5)) == []


@pytest.mark.parametrize("source", BACKEND_PARAMS)
def test_state_moves_between_backends(make_watch, source):
    """A state saved by one backend restores into the other (the saved form is neutral)."""
    events = stream()
    whole = summary(run_through(make_watch(SECTION), events))
    first = make_watch(SECTION, backend=source)
    before = run_through(first, events[:30])
    second = make_watch(SECTION, state=first.snapshot())
    after = run_through(second, events[30:])
    assert summary(before) + summary(after) == whole


def test_snapshot_is_json_and_stable(make_watch):
    watch = make_watch(SECTION)
    run_through(watch, stream()[:20])
    data = watch.snapshot()
    assert json.loads(json.dumps(data)) == data
    assert data["format"] == "playbook-watch-state" and data["version"] == 1
    assert set(data["patterns"]) == {"returns", "staff", "sla"}
    again = make_watch(SECTION, state=data)
    assert {k: v for k, v in again.snapshot().items() if k != "backend"} == {k: v for k, v in data.items() if k != "backend"}


def test_reload_with_new_playbook_version_keeps_compatible_state(make_watch):
    watch = make_watch(section(count_pattern(), ladder_pattern()))
    watch.observe_many([ev("r0", "returned", at(), product="A"), ev("r1", "returned", at(days=1), product="A"),
                        ev("s0", "staff-complaint", at(days=1), staff="X")])
    newer = watch.reload(section(count_pattern(threshold=2, action="recall {key}"),
                                 ladder_pattern(event="other-kind")))
    assert watch.closed and not newer.closed
    try:
        assert any("staff" in note and "starts empty" in note for note in newer.notes)
        # The lowered threshold finds the two held returns complete: they fire, with the
        # new action, on the next call; the next return starts a new group.
        [alert] = newer.observe(ev("r2", "returned", at(days=2), product="A"))
        assert (alert.events, alert.action) == (("r0", "r1"), "recall A")
        [alert] = newer.observe(ev("r3", "returned", at(days=3), product="A"))
        assert alert.events == ("r2", "r3")
    finally:
        newer.close()


def test_reload_drops_removed_patterns_with_a_note(make_watch):
    watch = make_watch(section(count_pattern(), ladder_pattern()))
    newer = watch.reload(section(count_pattern()))
    try:
        assert newer.notes == ["pattern 'staff' is no longer in the playbook; its saved state was dropped"]
    finally:
        newer.close()


def test_reload_with_invalid_section_keeps_the_watch_open(make_watch):
    watch = make_watch(section(count_pattern()))
    with pytest.raises(SchemaError):
        watch.reload(section(count_pattern(threshold=1)))
    assert not watch.closed


def test_restore_drops_entries_outside_the_new_window(make_watch):
    watch = make_watch(section(count_pattern()))
    watch.observe_many([ev("r0", "returned", at(), product="A"), ev("r1", "returned", at(days=10), product="A")])
    newer = watch.reload(section(count_pattern(window="7d")))
    try:
        assert newer.snapshot()["patterns"]["returns"]["held"] == {"A": [[1, "r1", "2024-05-11T09:00:00Z"]]}
    finally:
        newer.close()


def test_corrupt_state_is_a_clear_error(make_watch, tmp_path):
    bad = tmp_path / "state.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(WatchStateError, match="is not JSON"):
        make_watch(SECTION, state=bad)
    with pytest.raises(WatchStateError, match="malformed at seq"):
        make_watch(SECTION, state={"format": "playbook-watch-state", "version": 1, "backend": "python",
                                   "watermark": None, "seq": "x", "seen": [], "patterns": {}})
    with pytest.raises(WatchStateError, match="version 9"):
        make_watch(SECTION, state={"format": "playbook-watch-state", "version": 9, "backend": "python",
                                   "watermark": None, "seq": 0, "seen": [], "patterns": {}})


def test_save_is_atomic(make_watch, tmp_path):
    target = tmp_path / "deep" / "state.json"
    watch = make_watch(SECTION)
    watch.save(target)
    assert json.loads(target.read_text(encoding="utf-8"))["seq"] == 0
    assert [p.name for p in target.parent.iterdir()] == ["state.json"]
