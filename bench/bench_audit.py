"""Audit throughput: cases/s, wall time and peak RSS of `playbook audit` with --jobs 1 and 2,
against plain in-process evaluation of the same cases measured in the same run.

    PYTHONPATH=. python bench/bench_audit.py --cases 20000            # quick
    PYTHONPATH=. python bench/bench_audit.py --cases 1000000 --spark 100000

Cases are synthesised from the JDDC sessions in ../shared/data (cycled, with ids, agents,
teams and a taboo phrase in every third). Peak RSS is the audit's main process (os.wait4);
workers are separate processes of about the same size each.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playbook import Playbook
from tests.audit.archives import jddc_cases

SHARED = ROOT.parent / "shared" / "data"


def synthesise(path: Path, total: int) -> None:
    base = jddc_cases(SHARED, limit=2000)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(total):
            case = dict(base[i % len(base)])
            case["id"] = f"case-{i:07d}"
            handle.write(json.dumps(case, ensure_ascii=False) + "\n")


def plain_eval(path: Path, limit: int) -> float:
    playbook = Playbook.standard("zh")
    started = time.perf_counter()
    with path.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if n >= limit:
                break
            playbook.evaluate(json.loads(line))
    return limit / (time.perf_counter() - started)


def run_audit(path: Path, out: Path, jobs: int) -> tuple[float, int]:
    args = [sys.executable, "-m", "playbook", "audit", str(path), "--out", str(out), "--jobs", str(jobs),
            "--quiet", "--no-report"]
    started = time.perf_counter()
    process = subprocess.Popen(args, env={**os.environ, "PYTHONPATH": str(ROOT)})
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"audit failed: {status}")
    return wall, usage.ru_maxrss // 1024


def run_spark(path: Path, total: int) -> float:
    from pyspark.sql import SparkSession

    from playbook.spark import audit_dataframe

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").getOrCreate()
    lines = path.read_text(encoding="utf-8").splitlines()[:total]
    df = spark.createDataFrame([(line,) for line in lines], "case string").repartition(4)
    started = time.perf_counter()
    audit_dataframe(df, Playbook.standard("zh"), case_column="case").decisions.count()
    wall = time.perf_counter() - started
    spark.stop()
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--baseline-cases", type=int, default=3000, help="cases for the plain-eval baseline")
    parser.add_argument("--spark", type=int, default=0, help="also run Spark local[2] on this many cases")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "archive.jsonl"
        synthesise(archive, options.cases)
        baseline = plain_eval(archive, min(options.baseline_cases, options.cases))
        print(f"plain eval (in process): {baseline:,.0f} cases/s")
        for jobs in (1, 2):
            wall, rss = run_audit(archive, Path(folder) / f"out{jobs}", jobs)
            rate = options.cases / wall
            print(f"audit --jobs {jobs}: {options.cases:,} cases in {wall:.1f} s = {rate:,.0f} cases/s "
                  f"(x{rate / baseline:.2f} of plain eval), peak RSS {rss} MiB")
        if options.spark:
            wall = run_spark(archive, options.spark)
            print(f"spark local[2]: {options.spark:,} cases in {wall:.1f} s = {options.spark / wall:,.0f} cases/s")


if __name__ == "__main__":
    main()
