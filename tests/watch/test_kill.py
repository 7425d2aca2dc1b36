"""Exactly-once alerts under ``kill -9``: a real ``playbook watch`` (and a program using
the API with periodic saves) is killed at random moments, run again each time, and the
alert log it leaves must equal an uninterrupted run's: 0 lost, 0 repeated, and no
temporary file left behind by a kill during a save.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.watch.builders import BACKEND_PARAMS

DATA = Path(__file__).parent / "data"
PLAYBOOK = str(DATA / "watch_en.yaml")
ROOT = Path(__file__).resolve().parents[2]
KILLS = 5
T0 = datetime(2025, 1, 1, tzinfo=timezone.utc)


def stream(count: int, seed: int) -> list[dict[str, Any]]:
    """Returns, staff complaints and cases (some answered in time) over many weeks,
    with duplicates and slightly out-of-order events, as a real export has."""
    rng = random.Random(seed)
    events: list[dict[str, Any]] = []
    for i in range(count):
        when = T0 + timedelta(minutes=7 * i + rng.randint(-30, 0))
        kind = rng.choice(["returned", "returned", "staff-complaint", "received", "responded"])
        event: dict[str, Any] = {"id": f"e{i}", "kind": kind, "at": when.isoformat()}
        if kind == "returned":
            event["product"] = f"SKU-{rng.randint(0, 40)}"
        elif kind == "staff-complaint":
            event["staff"] = f"S{rng.randint(0, 30)}"
        else:
            event["case_id"] = f"K{rng.randint(0, 200)}"
            event["customer"] = f"C{rng.randint(0, 60)}"
        events.append(event)
        if rng.random() < 0.02:
            events.append(dict(event))  # a duplicate line
    return events


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def alerts_in(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def killed_runs(command: list[str], cwd: Path, rng: random.Random, budget: float) -> int:
    """Start ``command`` KILLS times, each killed with SIGKILL after a random part of
    ``budget`` seconds; return how many kills hit a running process."""
    hits = 0
    for _ in range(KILLS):
        proc = subprocess.Popen(command, cwd=cwd, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, budget))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            hits += 1
        proc.wait()
    return hits


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    start = time.monotonic()
    result = subprocess.run(command, cwd=cwd, env=env(), capture_output=True, timeout=600)
    return time.monotonic() - start, result


def check_resumed_equals_uninterrupted(tmp_path: Path, command: list[str], reference: Path, resumed: Path) -> None:
    elapsed, whole = timed([*command(reference, None)], tmp_path)  # type: ignore[operator]
    assert whole.returncode == 0, whole.stderr.decode()
    expected = alerts_in(reference)
    assert len(expected) > 50  # the stream fires every kind of pattern many times
    rng = random.Random(12)
    state = tmp_path / "state.json"
    hits = killed_runs(command(resumed, state), tmp_path, rng, elapsed)  # type: ignore[operator]
    assert hits >= 1  # at least one kill landed while it ran
    done = subprocess.run(command(resumed, state), cwd=tmp_path, env=env(), capture_output=True, timeout=600)  # type: ignore[operator]
    assert done.returncode == 0, done.stderr.decode()
    got = alerts_in(resumed)
    ids = [a["id"] for a in got]
    lost = [a["id"] for a in expected if a["id"] not in set(ids)]
    repeated = len(ids) - len(set(ids))
    assert (lost, repeated) == ([], 0)
    assert got == expected  # same alerts, same order, same content
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_playbook_watch_killed_at_random_points_loses_and_repeats_no_alert(tmp_path, backend):
    events = tmp_path / "events.jsonl"
    events.write_text("".join(json.dumps(e) + "\n" for e in stream(12_000, seed=5)), encoding="utf-8")

    def command(alerts: Path, state: Path | None) -> list[str]:
        args = [sys.executable, "-m", "playbook", "watch", "--playbook", PLAYBOOK, "--backend", backend,
                "--format", "json", "--alerts", str(alerts), str(events)]
        return args + (["--state", str(state)] if state else [])

    check_resumed_equals_uninterrupted(tmp_path, command, tmp_path / "whole.jsonl", tmp_path / "resumed.jsonl")  # type: ignore[arg-type]


API_PROGRAM = """
import json, os, sys
from playbook import Playbook
from playbook.watch import AlertLog, Watch
from playbook.cli.watch_cmd import load_watch_section

playbook, backend, events, alerts, state = sys.argv[1:6]
section = load_watch_section(playbook)
watch = Watch(section, backend=backend, state=state if state != "-" and os.path.exists(state) else None)
log = AlertLog(alerts, watch.log_mark)
with open(events, encoding="utf-8") as handle:
    for n, line in enumerate(handle, 1):
        try:
            log.write(watch.observe(json.loads(line)))
        except Exception as error:  # late events are skipped, as a service would
            if type(error).__name__ != "LateEventError":
                raise
        if state != "-" and n % 200 == 0:
            watch.save(state, log=log)
if state != "-":
    watch.save(state, log=log)
"""


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_api_with_a_save_every_200_events_killed_at_random_points_loses_and_repeats_no_alert(tmp_path, backend):
    events = tmp_path / "events.jsonl"
    events.write_text("".join(json.dumps(e) + "\n" for e in stream(6_000, seed=9)), encoding="utf-8")
    program = tmp_path / "service.py"
    program.write_text(API_PROGRAM, encoding="utf-8")

    def command(alerts: Path, state: Path | None) -> list[str]:
        return [sys.executable, str(program), PLAYBOOK, backend, str(events), str(alerts), str(state) if state else "-"]

    check_resumed_equals_uninterrupted(tmp_path, command, tmp_path / "whole.jsonl", tmp_path / "resumed.jsonl")  # type: ignore[arg-type]


def _feed_stdin(proc: subprocess.Popen[bytes], lines: list[bytes], sent: list[int]) -> None:
    """Write the events to a live ``playbook watch -`` until it ends or is killed;
    ``sent[0]`` counts the bytes handed over."""
    assert proc.stdin is not None
    try:
        for line in lines:
            proc.stdin.write(line)
            proc.stdin.flush()
            sent[0] += len(line)
        proc.stdin.close()
    except (BrokenPipeError, OSError, ValueError):
        pass


#: More than a pipe and a reader's buffer hold: once this much is written, the watch
#: has received (read and begun to apply) events.
RECEIVED_BYTES = 256 * 1024


def _killed_at(command: list[str], lines: list[bytes], after_alerts: int) -> tuple[int, bool]:
    """Run ``command`` on a live feed of ``lines`` and SIGKILL it at once when its
    ``after_alerts``-th alert reaches stdout: the alert is in the log, the events after
    it are being received, the state that includes it is not yet saved. With 0, kill
    it as soon as it has received events, in the middle of applying them and writing
    their alerts. Return (alerts it printed, whether the kill hit a running process)."""
    proc = subprocess.Popen(command, env=env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    sent, printed = [0], [0]
    reached = threading.Event()

    def drain() -> None:  # stdout is read all along, so the watch never blocks on it
        assert proc.stdout is not None
        for _ in proc.stdout:
            printed[0] += 1
            if after_alerts and printed[0] >= after_alerts:
                reached.set()
        reached.set()

    feeder = threading.Thread(target=_feed_stdin, args=(proc, lines, sent), daemon=True)
    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    feeder.start()
    if after_alerts == 0:
        while sent[0] < RECEIVED_BYTES and feeder.is_alive() and proc.poll() is None:
            time.sleep(0.001)
    else:
        reached.wait(timeout=300)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    reader.join(timeout=30)
    feeder.join(timeout=30)
    proc.stdout.close()
    if proc.stdin is not None:  # events still buffered for the killed process: drop them here,
        with contextlib.suppress(OSError):  # not in a garbage collector's BrokenPipeError
            proc.stdin.close()
    return printed[0], killed


def test_playbook_watch_killed_right_after_writing_an_alert_or_after_receiving_events_writes_each_once(tmp_path):
    """Kills at chosen points, not at random moments: right after an alert was written
    and before the state that includes it is saved (the case that used to repeat every
    alert of the killed run), and right after events arrived, before their alerts were
    written (the case that would lose them if the state were saved first)."""
    events = tmp_path / "events.jsonl"
    events.write_text("".join(json.dumps(e) + "\n" for e in stream(6_000, seed=21)), encoding="utf-8")
    lines = events.read_bytes().splitlines(keepends=True)
    state, log, reference = tmp_path / "state.json", tmp_path / "alerts.jsonl", tmp_path / "whole.jsonl"
    base = [sys.executable, "-m", "playbook", "watch", "--playbook", PLAYBOOK, "--backend", "python", "--format", "json"]

    whole = subprocess.run([*base, "--alerts", str(reference), str(events)], env=env(), capture_output=True, timeout=600)
    assert whole.returncode == 0, whole.stderr.decode()
    expected = alerts_in(reference)
    assert len(expected) > 100

    live = [*base, "--alerts", str(log), "--state", str(state), "-"]
    # Each killed run replays the feed from its start, as a restart does; it reaches
    # further each time, so later kills land after saves, with written alerts after the mark.
    points = [0, 3, 40, 0, 90, 160, 240]
    printed = []
    for after in points:
        seen, killed = _killed_at(live, lines, after)
        assert killed, f"the run ended before its kill point ({after} alerts)"
        printed.append(seen)
        got = alerts_in(log)
        ids = [a["id"] for a in got]
        assert len(ids) == len(set(ids)), "an alert was written twice"
        assert got == expected[: len(got)], "the log is not a prefix of the uninterrupted run's alerts"
    assert state.exists()  # at least one kill came after a save
    done = subprocess.run([*live[:-1], str(events)], env=env(), capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    got = alerts_in(log)
    assert [a["id"] for a in got] == [a["id"] for a in expected]  # 0 lost, 0 repeated, same order
    assert got == expected
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
