"""Whole-process figures: load cold and warm, memory, CLI start, and ``eval`` over many cases.

These run in fresh interpreters (``subprocess``), because what they measure is what a user
waits for: imports, compiling the playbook, starting workers. Each figure is taken in the
same run as the others, so the ratios between them (``--jobs 2`` against ``--jobs 1``,
warm against cold) hold on any machine.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from evaluate_data import JDDC_CHAT, RECEIVED, Corpus

REPO = Path(__file__).resolve().parent.parent

_LOAD_PROBE = """
import json, resource, sys, time, tracemalloc
t0 = time.perf_counter()
import playbook
from playbook import Playbook
t1 = time.perf_counter()
tracemalloc.start()
first = Playbook.standard(sys.argv[1])
t2 = time.perf_counter()
traced = tracemalloc.get_traced_memory()[0]
tracemalloc.stop()
second = Playbook.standard(sys.argv[1])
t3 = time.perf_counter()
print(json.dumps({"import_ms": (t1 - t0) * 1e3, "load_ms": (t2 - t1) * 1e3, "again_ms": (t3 - t2) * 1e3,
                  "traced_mib": traced / 2**20, "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


@dataclass(frozen=True)
class LoadFigures:
    """One fresh process loading a standard playbook twice."""

    import_ms: float
    load_ms: float
    again_ms: float
    traced_mib: float
    maxrss_mib: float


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def load_figures(language: str = "zh", runs: int = 3) -> LoadFigures:
    """The median of ``runs`` fresh processes (each: imports, first load, second load)."""
    samples = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _LOAD_PROBE, language], capture_output=True, text=True,
                             check=True, env=_env())
        samples.append(json.loads(out.stdout))
    pick = {key: sorted(s[key] for s in samples)[len(samples) // 2] for key in samples[0]}
    return LoadFigures(**pick)


def cli_start_ms(args: list[str], runs: int = 5) -> float:
    """Median wall time of ``python -m playbook ARGS`` in a fresh process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "playbook", *args], capture_output=True, check=False, env=_env())
        times.append((time.perf_counter() - start) * 1e3)
    return sorted(times)[len(times) // 2]


def _sessions(path: Path) -> Iterator[list[tuple[str, str]]]:
    """JDDC chats grouped by session id, as (role, text) turns in their order."""
    current: list[tuple[str, str]] = []
    last = None
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            columns = line.rstrip("\n").split("\t")
            if len(columns) != 7 or not columns[6].strip():
                continue
            if columns[0] != last and current:
                yield current
                current = []
            last = columns[0]
            current.append(("agent" if columns[2] == "1" else "customer", columns[6].strip()))
    if current:
        yield current


def write_sessions(corpus: Corpus, count: int, folder: Path) -> tuple[Path, str]:
    """``count`` natural sessions as a JSON Lines file (real chats, one case each, cycled
    when the sample has fewer); where they came from."""
    if JDDC_CHAT.is_file():
        sessions = list(_sessions(JDDC_CHAT))
        source = f"{len(sessions):,} natural JDDC sessions"
    else:  # the examples' turns, ten per case
        turns = [(t.role, t.text) for t in corpus.turns]
        sessions = [turns[i:i + 10] for i in range(0, len(turns), 10)]
        source = "example transcripts (jddc-sample not found)"
    path = folder / "cases.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for index in range(count):
            turns = sessions[index % len(sessions)]
            document = {"id": f"s{index}", "received_at": RECEIVED, "evaluated_at": "2026-03-03T15:00:00+08:00",
                        "transcript": [{"role": role, "text": text} for role, text in turns]}
            handle.write(json.dumps(document, ensure_ascii=False) + "\n")
    return path, source


@dataclass(frozen=True)
class CliRun:
    jobs: int
    seconds: float
    cases: int
    cpu_seconds: float  # user + system time of the command and its workers: what a busy machine cannot hide

    @property
    def per_second(self) -> float:
        return self.cases / self.seconds


def eval_runs(corpus: Corpus, count: int, jobs: tuple[int, ...] = (1, 2)) -> tuple[list[CliRun], str, bool]:
    """``playbook eval cases.jsonl --format json --jobs N`` for each N; the runs, where the
    cases came from, and whether every run wrote the same bytes."""
    runs = []
    outputs = []
    with tempfile.TemporaryDirectory(prefix="bench-eval-") as tmp:
        path, source = write_sessions(corpus, count, Path(tmp))
        for n in jobs:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "playbook", "eval", str(path), "--format", "json",
                                   "--jobs", str(n)], capture_output=True, check=True, env=_env())
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            runs.append(CliRun(n, time.perf_counter() - start, count, cpu))
            outputs.append(done.stdout)
    return runs, source, all(o == outputs[0] for o in outputs)
