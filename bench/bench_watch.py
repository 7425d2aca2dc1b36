"""Benchmark the watch backends side by side: events per second and memory held.

    python bench/bench_watch.py                 # 100,000 events over 10,000 keys
    python bench/bench_watch.py --events 20000  # smaller
    python bench/bench_watch.py --scenario count --backends python

Scenarios:

``count``  the issue's measurement: every event is a return, one pattern "3 returns of
           the same product within 30 days" (a 3-way join in the rete backend).
``mixed``  the standard playbook's four patterns (returns count, staff ladder, repeat
           customer count, first-response deadline) over a mix of event kinds.

Each (scenario, backend) runs in a fresh interpreter, twice: once untraced for the
rate, once under tracemalloc for the Python memory the watch still holds after the
stream (and its peak). tracemalloc does not see durable-rules' C allocations, so the
resident-set growth of the untraced run is shown too — for rete that is where the
engine's facts live. Events are one a minute, so 100,000 events span ~69 days and the
30-day windows slide about twice over.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import subprocess
import sys
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from playbook.watch import Watch, rete_unavailable_reason

START = datetime(2024, 1, 1, tzinfo=timezone.utc)
BATCH = 1000

SCENARIOS: dict[str, dict[str, Any]] = {
    "count": {"patterns": [
        {"id": "product-returns", "kind": "count", "event": "returned", "key": "product", "window": "30d",
         "threshold": 3, "action": "stop sale of {key}, report to quality"},
    ]},
    "mixed": {"patterns": [
        {"id": "product-returns", "kind": "count", "event": "returned", "key": "product", "window": "30d",
         "threshold": 3, "action": "stop sale of {key}, report to quality"},
        {"id": "staff-complaints", "kind": "ladder", "event": "staff-complaint", "key": "staff", "window": "365d",
         "steps": [{"at": 1, "action": "warn {key}"}, {"at": 2, "action": "penalise {key}"}, {"at": 3, "action": "dismiss {key}"}]},
        {"id": "repeat-complainant", "kind": "count", "event": "received", "key": "customer", "window": "30d",
         "threshold": 3, "action": "escalate {key}"},
        {"id": "first-response-sla", "kind": "deadline", "start_event": "received", "stop_events": ["responded", "resolved"],
         "key": "case_id", "within": "4h", "alert_before": "1h", "action": "respond to {key}"},
    ]},
}


def make_events(scenario: str, n: int, keys: int, seed: int = 7) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    events = []
    for i in range(n):
        at = (START + timedelta(minutes=i)).isoformat()
        k = rnd.randrange(keys)
        if scenario == "count":
            events.append({"id": f"e{i}", "kind": "returned", "at": at, "product": f"SKU-{k}"})
            continue
        kind = rnd.choice(("returned", "staff-complaint", "received", "received", "responded"))
        events.append({"id": f"e{i}", "kind": kind, "at": at, "product": f"SKU-{k}", "staff": f"S{k % 500}",
                       "customer": f"C{k}", "case_id": f"K{rnd.randrange(keys)}"})
    return events


def rss_bytes() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # not Linux: no cheap resident-set figure
        return 0


def worker(scenario: str, backend: str, n: int, keys: int, traced: bool) -> dict[str, Any]:
    """One measurement in this interpreter; printed as JSON for the parent."""
    events = make_events(scenario, n, keys)
    batches = [events[i:i + BATCH] for i in range(0, n, BATCH)]
    gc.collect()
    rss0 = rss_bytes()
    if traced:
        tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0] if traced else 0
    watch = Watch(SCENARIOS[scenario], backend=backend)
    alerts = 0
    rss_half = 0
    started = time.perf_counter()
    for index, batch in enumerate(batches):
        alerts += len(watch.observe_many(batch))
        if index == len(batches) // 2 - 1:
            rss_half = rss_bytes() - rss0
    elapsed = time.perf_counter() - started
    del batches, events
    gc.collect()
    saved = watch.snapshot()
    entries = 0
    for pattern in saved["patterns"].values():
        entries += sum(len(held) for held in (pattern.get("held") or {}).values())
        entries += len(pattern.get("timers") or {})
    out: dict[str, Any] = {"alerts": alerts, "entries": entries, "ids": len(saved["seen"]), "seconds": elapsed}
    if traced:
        held, peak = tracemalloc.get_traced_memory()
        out.update(held=held - base, peak=peak - base)
        tracemalloc.stop()
    else:
        out.update(rate=n / elapsed, rss=rss_bytes() - rss0, rss_half=rss_half)
    watch.close()
    return out


def measure(scenario: str, backend: str, n: int, keys: int) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for traced in (False, True):
        cmd = [sys.executable, os.path.abspath(__file__), "--worker", scenario, backend,
               "--events", str(n), "--keys", str(keys)] + (["--traced"] if traced else [])
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise SystemExit(f"{scenario}/{backend} failed:\n{proc.stderr}")
        result.update(json.loads(proc.stdout))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--keys", type=int, default=10_000)
    parser.add_argument("--scenario", choices=[*SCENARIOS, "all"], default="all")
    parser.add_argument("--backends", default="python,rete", help="comma-separated: python,rete")
    parser.add_argument("--worker", nargs=2, metavar=("SCENARIO", "BACKEND"), help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        print(json.dumps(worker(args.worker[0], args.worker[1], args.events, args.keys, args.traced)))
        return

    scenarios = list(SCENARIOS) if args.scenario == "all" else [args.scenario]
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    reason = rete_unavailable_reason()
    if "rete" in backends and reason is not None:
        print(f"rete skipped: durable-rules cannot load here ({reason})\n")
        backends.remove("rete")
    print(f"Python {sys.version.split()[0]}, {args.events:,} events over {args.keys:,} keys, one a minute\n")
    header = (f"{'scenario':<9}{'backend':<9}{'events/s':>10}{'alerts':>9}{'entries':>9}{'ids':>8}"
              f"{'traced':>10}{'peak':>10}{'RSS @50%':>10}{'RSS @100%':>11}")
    print(header)
    print("-" * len(header))
    for scenario in scenarios:
        alerts = set()
        for backend in backends:
            r = measure(scenario, backend, args.events, args.keys)
            alerts.add(r["alerts"])
            print(f"{scenario:<9}{backend:<9}{r['rate']:>10,.0f}{r['alerts']:>9,}{r['entries']:>9,}{r['ids']:>8,}"
                  f"{r['held'] / 1e6:>8.1f}MB{r['peak'] / 1e6:>8.1f}MB{r['rss_half'] / 1e6:>8.1f}MB{r['rss'] / 1e6:>9.1f}MB")
        print("  backends agree on the alert count" if len(alerts) == 1 else f"  !! backends disagree: {sorted(alerts)}")
    print(
        "\nentries: events held in windows and armed timers after the stream; ids: event ids remembered"
        "\nfor duplicate detection (those within the lateness horizon). traced/peak: Python memory the"
        "\nwatch holds after the stream / at most (tracemalloc; durable-rules' C memory is not traced)."
        "\nRSS @50%/@100%: resident-set growth half-way and at the end of the untraced run; the windows"
        "\nare full by half-way, so equal figures mean memory stays bounded as they slide."
    )


if __name__ == "__main__":
    main()
