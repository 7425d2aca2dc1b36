"""Timing for the evaluation benchmark: many individually timed calls, median and p99.

Each call is timed on its own with ``perf_counter_ns`` so the p99 shows the slow tail (a
garbage collection, a cold cache line) that an average over a batch would hide. The loop
overhead (two clock reads) is about 0.1 µs and is left in: it is the same for every row.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Stats:
    """Timings of one benchmarked call, in nanoseconds."""

    runs: int
    median_ns: float
    p99_ns: float
    total_ns: int

    @property
    def per_second(self) -> float:
        """Throughput of back-to-back calls (from the total, not the median)."""
        return self.runs * 1e9 / self.total_ns if self.total_ns else float("inf")


def measure(
    call: Callable[[], Any],
    *,
    min_runs: int,
    max_runs: int,
    budget_s: float,
    warmup: int = 50,
) -> Stats:
    """Time ``call`` at least ``min_runs`` times and until ``budget_s`` is spent (or ``max_runs``).

    Warm-up calls run first, so lazily built caches and the adaptive interpreter have settled
    before anything is recorded. The collector is left on: a service runs with it on too.
    """
    clock = time.perf_counter_ns
    warm_until = clock() + int(min(budget_s, 0.5) * 0.25e9)
    for done in range(warmup):  # by count, but never more than a quarter of the budget
        call()
        if done >= 2 and clock() > warm_until:
            break
    gc.collect()
    samples: list[int] = []
    deadline = clock() + int(budget_s * 1e9)
    total = 0
    while len(samples) < max_runs:
        start = clock()
        call()
        elapsed = clock() - start
        samples.append(elapsed)
        total += elapsed
        if len(samples) >= min_runs and clock() >= deadline:
            break
    samples.sort()
    n = len(samples)
    median = samples[n // 2] if n % 2 else (samples[n // 2 - 1] + samples[n // 2]) / 2
    p99 = samples[min(n - 1, int(n * 0.99))]
    return Stats(runs=n, median_ns=median, p99_ns=p99, total_ns=total)


def once_ns(call: Callable[[], Any]) -> int:
    """Wall time of a single call, for one-off costs such as compiling a playbook."""
    start = time.perf_counter_ns()
    call()
    return time.perf_counter_ns() - start
