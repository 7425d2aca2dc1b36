"""Both backends produce identical alerts, alert for alert, on random streams.

Streams mix every pattern kind, several keys, duplicates, events out of order (some
beyond the lateness, which both must refuse), ticks, and a save/restore half-way.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook.watch import LateEventError, Watch
from tests.watch.builders import T0, needs_rete

KINDS = ["returned", "staff-complaint", "received", "responded", "resolved", "note"]


@st.composite
def sections(draw):
    steps = sorted(draw(st.sets(st.integers(1, 4), min_size=1, max_size=3)))
    return {
        "lateness": draw(st.sampled_from(["2d", "5d", "20d"])),
        "patterns": [
            {"id": "returns", "kind": "count", "event": "returned", "key": "product",
             "window": draw(st.sampled_from(["1d", "3d", "10d"])), "threshold": draw(st.integers(2, 4)),
             "action": "stop sale of {key}"},
            {"id": "staff", "kind": "ladder", "event": "staff-complaint", "key": "staff",
             "window": draw(st.sampled_from(["2d", "6d"])),
             "steps": [{"at": s, "action": f"step {s} for {{key}}"} for s in steps]},
            {"id": "repeat", "kind": "count", "event": "received", "key": "customer",
             "window": "4d", "threshold": 2, "action": "escalate {key}"},
            {"id": "sla", "kind": "deadline", "start_event": "received", "stop_events": ["responded", "resolved"],
             "within": draw(st.sampled_from(["6h", "1d"])), "alert_before": "2h", "action": "answer {key}"},
        ],
    }


@st.composite
def streams(draw):
    n = draw(st.integers(1, 60))
    clock = 0.0
    ops = []
    ids: list[str] = []
    for i in range(n):
        clock += draw(st.sampled_from([0, 0.1, 1, 3, 7, 20]))  # hours
        choice = draw(st.integers(0, 9))
        if choice == 0:
            ops.append(("tick", clock + draw(st.sampled_from([1, 5, 30]))))
            continue
        if choice == 1 and ids:
            event_id = draw(st.sampled_from(ids))  # a duplicate id
        else:
            event_id = f"e{i}"
            ids.append(event_id)
        back = draw(st.sampled_from([0, 0, 0, 2, 30, 200]))  # hours out of order
        ops.append(("event", {
            "id": event_id,
            "kind": draw(st.sampled_from(KINDS)),
            "at": (T0 + timedelta(hours=clock - back)).isoformat(),
            "product": draw(st.sampled_from(["A", "B"])),
            "staff": draw(st.sampled_from(["X", "Y"])),
            "customer": draw(st.sampled_from(["C1", "C2"])),
            "case_id": draw(st.sampled_from(["K1", "K2", "K3"])),
        }))
    restart_at = draw(st.integers(0, len(ops)))
    return ops, restart_at


def replay(sec: dict, backend: str, ops: list, restart_at: int) -> tuple[list, dict]:
    out: list = []
    watch = Watch(sec, backend=backend)
    try:
        for index, (op, arg) in enumerate(ops):
            if index == restart_at:
                data = watch.snapshot()
                watch.close()
                watch = Watch(sec, backend=backend, state=data)
            if op == "tick":
                out.append([a.to_dict() for a in watch.tick(T0 + timedelta(hours=arg))])
                continue
            try:
                out.append([a.to_dict() for a in watch.observe(arg)])
            except LateEventError:
                out.append("late")
        final = watch.snapshot()
        final.pop("backend")
        return out, final
    finally:
        watch.close()


@needs_rete
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sec=sections(), stream=streams())
def test_backends_agree_alert_for_alert(sec, stream):
    ops, restart_at = stream
    python_out, python_state = replay(sec, "python", ops, restart_at)
    rete_out, rete_state = replay(sec, "rete", ops, restart_at)
    assert rete_out == python_out
    assert rete_state == python_state


@settings(max_examples=40, deadline=None)
@given(sec=sections(), stream=streams())
def test_restore_anywhere_changes_nothing(sec, stream):
    """Saving and restoring at any point yields the same alerts as never stopping."""
    ops, restart_at = stream
    straight, _ = replay(sec, "python", ops, len(ops) + 1)
    restarted, _ = replay(sec, "python", ops, restart_at)
    assert restarted == straight
