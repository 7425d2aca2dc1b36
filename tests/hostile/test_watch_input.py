"""Hostile input to ``playbook watch`` and the :class:`Watch` API: dates at the end of
time, state files that are not states, events nested 100,000 deep, lone surrogates.

Each test is named by what it sends; each ends in a located error (exit 2) or a
bounded, counted run — never exit 3, a traceback or a MemoryError.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from playbook.watch import EventError, FutureEventError, ManualClock, Watch, WatchStateError
from tests.hostile.conftest import assert_clean_exit, run_playbook
from tests.watch.builders import BACKEND_PARAMS, count_pattern, needs_rete, section

PLAYBOOK = str(Path(__file__).resolve().parents[1] / "watch" / "data" / "watch_en.yaml")
DEEP = 100_000


def returned(event_id: str, when: str, product: str = "SKU-7") -> dict[str, Any]:
    return {"id": event_id, "kind": "returned", "at": when, "product": product}


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def watch_cli(*args: str) -> Any:
    return run_playbook(["watch", "--playbook", PLAYBOOK, "--backend", "python", *args])


# -- the watermark and the horizon -------------------------------------------------


def test_one_event_dated_year_9999_is_rejected_and_later_real_events_still_count(tmp_path):
    events = write_lines(tmp_path / "e.jsonl", [
        json.dumps(returned("typo", "9999-05-01T09:00:00Z")),
        *(json.dumps(returned(f"r{i}", f"2024-05-0{i + 1}T09:00:00Z")) for i in range(3)),
    ])
    result = watch_cli("--format", "json", str(events))
    err = assert_clean_exit(result, 2)
    assert f"{events}:1:1: error[watch-event-future]: event 'typo'" in err
    alerts = [json.loads(line) for line in result.stdout.decode().splitlines()]
    # The three real returns still make their alert: the typo did not move the time.
    assert [a["events"] for a in alerts] == [["r0", "r1", "r2"]]


def test_one_event_dated_year_9999_through_the_api_is_a_future_event_error():
    clock = ManualClock(datetime(2024, 5, 4, tzinfo=timezone.utc))
    with Watch(section(count_pattern()), backend="python", clock=clock) as watch:
        with pytest.raises(FutureEventError, match="beyond the watch's horizon"):
            watch.observe(returned("typo", "9999-05-01T09:00:00Z"))
        assert watch.stats["rejected"] == 1 and watch.now is None
        alerts = watch.observe_many([returned(f"r{i}", f"2024-05-0{i + 1}T09:00:00Z") for i in range(3)])
        assert len(alerts) == 1 and watch.stats["late"] == 0


def test_an_event_within_a_raised_horizon_is_accepted():
    clock = ManualClock(datetime(2024, 5, 1, tzinfo=timezone.utc))
    with Watch(section(count_pattern(), horizon="30d"), backend="python", clock=clock) as watch:
        watch.observe(returned("soon", "2024-05-20T09:00:00Z"))
        assert watch.stats["observed"] == 1


def test_horizon_option_rejects_an_event_two_hours_ahead(tmp_path):
    ahead = datetime.now(timezone.utc).replace(microsecond=0).timestamp() + 7200
    when = datetime.fromtimestamp(ahead, timezone.utc).isoformat()
    events = write_lines(tmp_path / "e.jsonl", [json.dumps(returned("ahead", when))])
    assert_clean_exit(watch_cli(str(events)), 0)
    err = assert_clean_exit(watch_cli("--horizon", "1h", str(events)), 2)
    assert "watch-event-future" in err
    assert_clean_exit(watch_cli("--horizon", "2bd", str(events)), 2)


def test_state_file_with_a_watermark_in_year_9999_is_refused(tmp_path):
    events = write_lines(tmp_path / "e.jsonl", [json.dumps(returned("r0", "2024-05-01T09:00:00Z"))])
    state = tmp_path / "state.json"
    assert_clean_exit(watch_cli("--state", str(state), str(events)), 0)
    saved = json.loads(state.read_text(encoding="utf-8"))
    saved["watermark"] = "9999-05-01T09:00:00Z"
    state.write_text(json.dumps(saved), encoding="utf-8")
    err = assert_clean_exit(watch_cli("--state", str(state), str(events)), 2)
    assert f"{state}: error[watch-state-future]" in err and "9999-05-01" in err


def test_now_9999_12_31_minus_12_hours_is_a_located_error(tmp_path):
    events = write_lines(tmp_path / "e.jsonl", [json.dumps(returned("r0", "2024-05-01T09:00:00Z"))])
    err = assert_clean_exit(watch_cli("--now", "9999-12-31T23:59:59-12:00", str(events)), 2)
    assert "--now: error" in err and "outside the date-times" in err


def test_now_in_year_9999_is_beyond_the_horizon(tmp_path):
    events = write_lines(tmp_path / "e.jsonl", [json.dumps(returned("r0", "2024-05-01T09:00:00Z"))])
    err = assert_clean_exit(watch_cli("--now", "9999-12-30T00:00:00Z", str(events)), 2)
    assert "--now: error[watch-tick-future]" in err


def test_late_event_is_counted_and_makes_exit_2(tmp_path):
    events = write_lines(tmp_path / "e.jsonl", [
        json.dumps(returned("new", "2024-06-01T09:00:00Z")),
        json.dumps(returned("old", "2023-01-01T09:00:00Z")),
        json.dumps(returned("next", "2024-06-02T09:00:00Z")),
    ])
    err = assert_clean_exit(watch_cli(str(events)), 2)
    assert f"{events}:2:1: error[watch-event-late]: event 'old'" in err
    assert "watched 2 events" in err and "1 late events skipped" in err


# -- state files that are not states -----------------------------------------------


def test_state_file_with_invalid_utf8(tmp_path):
    state = tmp_path / "state.json"
    state.write_bytes(b'{"format": "playbook-watch-state", "x": "\xff\xfe"}')
    err = assert_clean_exit(watch_cli("--state", str(state), str(write_lines(tmp_path / "e.jsonl", []))), 2)
    assert f"{state}: error[watch-state-invalid]" in err and "not UTF-8" in err


def test_state_file_nested_100k_deep(tmp_path):
    state = tmp_path / "state.json"
    state.write_text("[" * DEEP + "]" * DEEP, encoding="utf-8")
    err = assert_clean_exit(watch_cli("--state", str(state), str(write_lines(tmp_path / "e.jsonl", []))), 2)
    assert "nests deeper than a state can" in err


def test_state_dev_zero(tmp_path):
    err = assert_clean_exit(watch_cli("--state", "/dev/zero", str(write_lines(tmp_path / "e.jsonl", []))), 2)
    assert "/dev/zero is a device, not a regular file" in err


def test_state_folder(tmp_path):
    err = assert_clean_exit(watch_cli("--state", str(tmp_path), str(write_lines(tmp_path / "e.jsonl", []))), 2)
    assert "is a directory" in err


def test_state_file_of_115_mb_is_refused_without_reading_it(tmp_path):
    state = tmp_path / "state.json"
    with open(state, "wb") as handle:  # sparse: its size is what is refused, before any read
        handle.truncate(115 * 1024 * 1024)
    err = assert_clean_exit(watch_cli("--state", str(state), str(write_lines(tmp_path / "e.jsonl", []))), 2)
    assert "error[watch-state-too-large]" in err and "120,586,240 bytes" in err and "--max-state-bytes" in err


def test_max_state_bytes_option_lowers_the_limit(tmp_path):
    events = write_lines(tmp_path / "e.jsonl", [json.dumps(returned("r0", "2024-05-01T09:00:00Z"))])
    state = tmp_path / "state.json"
    assert_clean_exit(watch_cli("--state", str(state), str(events)), 0)
    err = assert_clean_exit(watch_cli("--state", str(state), "--max-state-bytes", "10", str(events)), 2)
    assert "the limit is 10" in err


def test_state_mapping_nested_100k_deep_through_the_api():
    deep: Any = []
    for _ in range(DEEP):
        deep = [deep]
    with pytest.raises(WatchStateError, match="nests deeper"):
        Watch(section(count_pattern()), backend="python", state={"format": "playbook-watch-state", "x": deep})


def test_state_holding_a_lone_surrogate_key(tmp_path):
    events = write_lines(tmp_path / "e.jsonl", [json.dumps(returned("r0", "2024-05-01T09:00:00Z"))])
    state = tmp_path / "state.json"
    assert_clean_exit(watch_cli("--state", str(state), str(events)), 0)
    text = state.read_text(encoding="utf-8").replace('"SKU-7"', '"\\ud800"')
    state.write_text(text, encoding="utf-8")
    err = assert_clean_exit(watch_cli("--state", str(state), str(events)), 2)
    assert "lone surrogate" in err


# -- events that are not events ----------------------------------------------------


def test_event_nested_100k_deep_on_a_line(tmp_path):
    line = '{"id": "deep", "kind": "returned", "at": "2024-05-01T09:00:00Z", "x": ' + "[" * DEEP + "]" * DEEP + "}"
    events = write_lines(tmp_path / "e.jsonl", [line])
    err = assert_clean_exit(watch_cli(str(events)), 2)
    assert f"{events}:1:1:" in err and "nests deeper" in err


def test_event_nested_100k_deep_through_the_api():
    deep: Any = {}
    for _ in range(DEEP):
        deep = {"x": deep}
    with Watch(section(count_pattern()), backend="python") as watch, \
            pytest.raises(EventError, match="nests deeper than 32 levels"):
        watch.observe({**returned("deep", "2024-05-01T09:00:00Z"), "extra": deep})


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_event_key_holding_a_lone_surrogate_is_rejected_and_the_run_goes_on(backend):
    with Watch(section(count_pattern()), backend=backend) as watch:
        with pytest.raises(EventError, match="lone surrogate"):
            watch.observe(returned("bad", "2024-05-01T09:00:00Z", product="\ud800"))
        alerts = watch.observe_many([returned(f"r{i}", f"2024-05-0{i + 1}T09:00:00Z") for i in range(3)])
        assert [a.events for a in alerts] == [("r0", "r1", "r2")]


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_event_id_holding_a_lone_surrogate_on_a_line(tmp_path, backend):
    events = write_lines(tmp_path / "e.jsonl", [
        '{"id": "\\udc80", "kind": "returned", "at": "2024-05-01T09:00:00Z", "product": "\\ud800x"}',
    ])
    result = run_playbook(["watch", "--playbook", PLAYBOOK, "--backend", backend, str(events)])
    err = assert_clean_exit(result, 2)
    assert f"{events}:1:1: error[watch-event-invalid]" in err and "lone surrogate" in err


def _watched(backend: str, events: Path, state: Path) -> tuple[int, str, str]:
    """Exit code, stdout and stderr (the backend's name taken out) of one run."""
    result = run_playbook(["watch", "--playbook", PLAYBOOK, "--backend", backend, "--state", str(state), str(events)])
    err = assert_clean_exit(result, 0, 2).replace(f"the {backend} backend", "the backend")
    return result.returncode, result.stdout.decode("utf-8"), err


@needs_rete
@pytest.mark.parametrize("bad", ['"\\ud800"', '"a\\udfffb"', '"\\udc80\\ud800"'])
def test_event_key_holding_a_lone_surrogate_on_a_line_rete_as_python(tmp_path, bad):
    """The Rete backend rejects the line as the default backend does, and the run goes on
    from there: alerts before it are printed, the state is saved at it, and the fixed file
    resumed gives both backends the same alerts (a valid pair of surrogates is one emoji)."""
    good = [json.dumps(returned(f"r{i}", f"2024-05-0{i + 1}T09:00:00Z")) for i in range(3)]
    line = json.dumps(returned("bad", "2024-05-04T09:00:00Z")).replace('"SKU-7"', bad)
    later = [json.dumps(returned(f"e{i}", f"2024-05-0{i + 5}T09:00:00Z", product="\U0001f600")) for i in range(3)]
    runs = {}
    for backend in ("python", "rete"):
        events = write_lines(tmp_path / f"{backend}.jsonl", [*good, line, *later])
        state = tmp_path / f"{backend}.state"
        first = _watched(backend, events, state)
        assert first[0] == 2 and f"{events}:4:1: error[watch-event-invalid]" in first[2], first
        assert "lone surrogate" in first[2] and first[1].count("product-returns") == 1, first
        write_lines(events, [*good, *later])  # the line fixed (here: dropped) and the file run again
        runs[backend] = first, _watched(backend, events, state)
        assert runs[backend][1][0] == 0 and runs[backend][1][1].count("product=\U0001f600") == 1, runs[backend]
    strip = {"python": str(tmp_path / "python.jsonl"), "rete": str(tmp_path / "rete.jsonl")}
    python, rete = ([(code, out, err.replace(strip[b], "EVENTS")) for code, out, err in runs[b]]
                    for b in ("python", "rete"))
    assert rete == python


# -- event files that never end ----------------------------------------------------


def test_events_from_a_device_are_refused_without_reading_it():
    err = assert_clean_exit(watch_cli("/dev/zero"), 2)
    assert "/dev/zero:1:1: error[watch-events-unreadable]" in err and "character device" in err


def test_an_event_line_longer_than_the_line_limit_is_refused_at_its_number(tmp_path):
    events = tmp_path / "e.jsonl"
    events.write_text(json.dumps(returned("r0", "2024-05-01T09:00:00Z")) + "\n" + "0" * 5000, encoding="utf-8")
    result = run_playbook(["--limit", "max_case_bytes=1000", "watch", "--playbook", PLAYBOOK,
                           "--backend", "python", str(events)])
    err = assert_clean_exit(result, 2)
    assert f"{events}:2:1: error[watch-event-too-long]" in err and "1,000 bytes" in err


# -- event lines a JSON reader answers with an exception ---------------------------------


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"])
def test_event_dated_where_its_utc_instant_leaves_the_calendar_is_located(tmp_path, when):
    events = write_lines(tmp_path / "e.jsonl", [json.dumps(returned("edge", when))])
    err = assert_clean_exit(watch_cli(str(events)), 2)
    assert f"{events}:1:1: error[watch-event-invalid]: event 'edge'" in err and "outside the date-times" in err


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"])
def test_event_dated_where_its_utc_instant_leaves_the_calendar_through_the_api(when):
    with Watch(section(count_pattern()), backend="python") as watch, pytest.raises(EventError, match="outside"):
        watch.observe(returned("edge", when))


@pytest.mark.parametrize(("line", "words"), [
    ('{"id": ' + "9" * 5000 + ', "kind": "returned", "at": "2024-05-01T09:00:00Z"}', "cannot be read"),
    ('{"id": "a", "id": "b", "kind": "returned", "at": "2024-05-01T09:00:00Z", "product": "x"}',
     "has the key 'id' twice"),
])
def test_event_line_with_a_5000_digit_id_or_a_key_twice_is_located(tmp_path, line, words):
    events = write_lines(tmp_path / "e.jsonl", [json.dumps(returned("r0", "2024-05-01T09:00:00Z")), line])
    err = assert_clean_exit(watch_cli(str(events)), 2)
    assert f"{events}:2:1: error[watch-event-json]: line 2 {words}" in err


def test_event_line_with_invalid_utf8_is_located_at_its_number(tmp_path):
    events = tmp_path / "e.jsonl"
    events.write_bytes(json.dumps(returned("r0", "2024-05-01T09:00:00Z")).encode() + b'\n{"id": "\xff"}\n')
    err = assert_clean_exit(watch_cli(str(events)), 2)
    assert f"{events}:2:1: error[watch-event-json]: line 2 is not UTF-8 text" in err


# -- an ordinary stream a backend must not crash on ---------------------------------------

THRESHOLD_7 = """\
extends: standard:en
watch:
  patterns:
    - id: returns
      kind: count
      label: Returns
      event: returned
      key: product
      window: 30d
      threshold: 7
      action: "stop {key}"
"""


def returns_of_51_products(tmp_path):
    import random
    from datetime import timedelta

    rng = random.Random(7)
    start = datetime(2024, 5, 1, 9, tzinfo=timezone.utc)
    return write_lines(tmp_path / "e.jsonl", [
        json.dumps(returned(f"r{i}", (start + timedelta(minutes=i)).isoformat(), f"SKU-{rng.randint(0, 50)}"))
        for i in range(1000)
    ])


@pytest.mark.parametrize("backend", ["python", "auto"])
def test_1000_returns_of_51_products_counted_by_7_end_without_a_crash(tmp_path, backend):
    # auto runs this on python even where durable-rules loads: durable-rules 2.0.28 crashes
    # the process (exit 139) retracting a fired group of five or more after some hundreds of events
    events = returns_of_51_products(tmp_path)
    playbook = tmp_path / "watch.yaml"
    playbook.write_text(THRESHOLD_7, encoding="utf-8")
    result = run_playbook(["watch", "--playbook", str(playbook), "--backend", backend, "-f", "json", str(events)])
    assert_clean_exit(result, 0)
    assert sum(json.loads(line)["pattern"] == "returns" for line in result.stdout.splitlines()) > 100


def test_the_rete_backend_refuses_a_count_of_7_at_its_threshold_line(tmp_path):
    events = returns_of_51_products(tmp_path)
    playbook = tmp_path / "watch.yaml"
    playbook.write_text(THRESHOLD_7, encoding="utf-8")
    result = run_playbook(["watch", "--playbook", str(playbook), "--backend", "rete", "-f", "json", str(events)])
    err = assert_clean_exit(result, 2)
    line = THRESHOLD_7.splitlines().index("      threshold: 7") + 1
    assert f"{playbook}:{line}:" in err and "watch-backend-unsupported" in err, err
    assert result.stdout == b""  # refused before any event is read: no alert half-written
