"""Benchmark of ``Playbook.evaluate`` against a hand-written floor and two rules engines.

    python bench/bench_evaluate.py            # full run, a few minutes
    python bench/bench_evaluate.py --quick    # under a minute
    python bench/bench_evaluate.py --profile  # also: where an evaluation spends its time

One run measures, on the standard Chinese playbook and a ten-message case of real JD.com
customer-service text (simplified and traditional): a full evaluation of an already-built
case; the floor (the same decisions as generated Python plus one literal multi-pattern scan);
durable-rules and zen-engine doing the rule matching; parsing a case from JSON; and how the
evaluation grows with the number of forbidden phrases and the transcript length. Every
ratio is against the floor measured in the same run, so it holds on any machine. See
``bench/README.md`` for how to read the table.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate_data import (
    Traditional,
    load_corpus,
    main_case,
    sized_case,
    synthetic_phrases,
    text_bytes,
    text_chars,
)
from evaluate_floor import build_floor, build_text_checks
from evaluate_report import Row, agreement, print_table
from evaluate_split import all_but_the_scan, scans_only
from evaluate_timing import Stats, measure, once_ns

TARGET_RATIO = 3.0
TARGET_PER_SECOND = 40_000


@dataclass(frozen=True)
class Settings:
    """How long to measure each row."""

    budget_s: float
    min_runs: int
    phrase_counts: tuple[int, ...]
    sizes_kb: tuple[int, ...]

    @classmethod
    def for_mode(cls, quick: bool) -> Settings:
        if quick:
            return cls(budget_s=0.4, min_runs=300, phrase_counts=(10, 1_000), sizes_kb=(1, 10))
        return cls(budget_s=3.0, min_runs=3_000, phrase_counts=(10, 1_000, 100_000), sizes_kb=(1, 10, 100))

    def time(self, call: Callable[[], Any], slow: bool = False) -> Stats:
        """``slow`` rows (large inputs) need fewer runs to say something."""
        return measure(call, min_runs=max(20, self.min_runs // 50) if slow else self.min_runs,
                       max_runs=1_000_000, budget_s=self.budget_s, warmup=5 if slow else 200)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run (under a minute)")
    parser.add_argument("--profile", action="store_true", help="profile the evaluation after the tables")
    parser.add_argument("--matcher", default="auto", help="matcher engine of the playbook (default: auto)")
    parser.add_argument("--cases", type=int, default=None,
                        help="cases for the CLI rows (default: 20,000; 2,000 with --quick)")
    args = parser.parse_args(argv)
    settings = Settings.for_mode(args.quick)

    from playbook import Playbook
    from playbook.case import Case

    playbook_holder: list[Any] = []
    load_ns = once_ns(lambda: playbook_holder.append(Playbook.standard("zh", matcher_engine=args.matcher)))
    playbook = playbook_holder[0]
    to_traditional = Traditional()
    corpus = load_corpus()
    document = main_case(corpus, to_traditional)
    case = Case.model_validate(document)
    raw_json = Case.model_validate(document).model_dump_json().encode("utf-8")

    floor = build_floor(playbook, to_traditional)
    text_checks = build_text_checks(playbook)
    _header(playbook, corpus.source, document, floor.scanner_name, load_ns)

    engines: dict[str, Callable[[Case], tuple]] = {"floor": floor}
    notes: list[str] = []
    rete = _optional("durable-rules", lambda: _rete(playbook, floor.scan, text_checks), notes)
    if rete is not None:
        engines["durable-rules"] = rete
    zen = _optional("zen-engine", lambda: _zen(playbook, floor.scan, text_checks), notes)
    if zen is not None:
        engines["zen-engine"] = zen

    decision = playbook.evaluate(case)
    print(agreement(decision, {name: run(case) for name, run in engines.items()}))
    for note in notes:
        print(f"note: {note}")
    print()

    texts = [m.text for m in case.transcript]
    floor_stats = settings.time(lambda: floor(case))
    rows = [
        Row("playbook.evaluate(case)", settings.time(lambda: playbook.evaluate(case)), "the engine, on a built Case"),
        Row("  engine: the matcher's scans alone", settings.time(scans_only(playbook, case)), "one scan per message"),
        Row("  engine: all but the scans", settings.time(all_but_the_scan(playbook, case)), "stages + Decision, hits replayed"),
        Row("floor: generated Python + 1 scan", floor_stats, f"{floor.scanner_name}, literal phrases"),
        Row("  floor: the scan alone", settings.time(lambda: floor.scan(texts)), "share of the floor spent scanning"),
    ]
    if rete is not None:
        rows.append(Row("durable-rules (3 rulesets) + glue", settings.time(lambda: rete(case)), "assert + retract per stage"))
    if zen is not None:
        rows.append(Row("zen-engine (2 JDM decisions) + glue", settings.time(lambda: zen(case)), "ZenEngine.evaluate(key)"))
    rows += [
        Row("Case.model_validate_json(bytes)", settings.time(lambda: Case.model_validate_json(raw_json)),
            f"parsing {len(raw_json):,} bytes of JSON"),
        Row("parse + evaluate", settings.time(lambda: playbook.evaluate(Case.model_validate_json(raw_json))),
            "JSON in, Decision out"),
        Row("decision.model_dump_json()", settings.time(decision.model_dump_json), "Decision out as JSON, pydantic"),
        Row("decision.to_json()", settings.time(decision.to_json), "the same bytes, orjson (what eval writes)"),
        Row("parse + evaluate + to_json", settings.time(lambda: playbook.evaluate(Case.model_validate_json(raw_json)).to_json()),
            "JSON in, JSON out"),
    ]
    print_table(f"One case: {len(case.transcript)} messages, {text_chars(document):,} characters", rows, floor_stats)
    _verdict(rows[0].stats, floor_stats)

    _whole_process(corpus, args.cases or (2_000 if args.quick else 20_000))
    _phrase_scaling(settings, playbook, corpus, case, to_traditional)
    _size_scaling(settings, playbook, corpus, to_traditional)
    if args.profile:
        from evaluate_profile import profile_evaluation

        profile_evaluation(playbook, case)
    return 0


def _header(playbook: Any, source: str, document: dict[str, Any], scanner: str, load_ns: int) -> None:
    matcher = playbook.compiled.phrases.matcher
    engine = getattr(matcher, "engine", None) or getattr(matcher, "engine_name", None) or type(matcher).__name__
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; "
          f"playbook {playbook.id} {playbook.version} ({len(playbook.compiled.phrases.phrases)} phrases, "
          f"matcher: {engine}), loaded in {load_ns / 1e6:.0f} ms")
    print(f"case: {len(document['transcript'])} messages, {text_chars(document):,} characters "
          f"({text_bytes(document):,} bytes UTF-8) from {source}; floor scanner: {scanner}")


def _optional(name: str, build: Callable[[], Any], notes: list[str]) -> Any:
    """A baseline that may not be installed (durable-rules does not import on Python 3.13)."""
    try:
        return build()
    except ImportError as exc:
        notes.append(f"{name} skipped: cannot import it on Python {platform.python_version()} ({exc})")
        return None


def _rete(playbook: Any, scan: Any, text_checks: Any) -> Any:
    from evaluate_rete import (
        ReteBaseline,  # lazily: durable-rules does not import everywhere
    )

    return ReteBaseline(playbook, scan, text_checks)


def _zen(playbook: Any, scan: Any, text_checks: Any) -> Any:
    from evaluate_zen import ZenBaseline

    return ZenBaseline(playbook, scan, text_checks)


def _verdict(engine: Stats, floor: Stats) -> None:
    ratio = engine.median_ns / floor.median_ns
    rate_ok = engine.per_second >= TARGET_PER_SECOND
    print(f"target: evaluate within {TARGET_RATIO:g}x the floor -> {ratio:.1f}x "
          f"{'MET' if ratio <= TARGET_RATIO else 'NOT MET'}; "
          f"{engine.per_second:,.0f} cases/s {'>=' if rate_ok else '<'} {TARGET_PER_SECOND:,}")
    print()


def _whole_process(corpus: Any, count: int) -> None:
    """Fresh processes: load cold/warm, memory, CLI start, ``eval`` with one and two workers."""
    from evaluate_process import cli_start_ms, eval_runs, load_figures

    load = load_figures("zh")
    print("Whole process (fresh interpreters, medians of 3-5)")
    print(f"  imports of playbook                    {load.import_ms:8,.0f} ms")
    print(f"  load standard:zh, first (cold)         {load.load_ms:8,.0f} ms   "
          f"({load.load_ms / load.again_ms:.1f}x the second load)")
    print(f"  load standard:zh, second (warm)        {load.again_ms:8,.0f} ms")
    print(f"  memory of the first playbook           {load.traced_mib:8,.1f} MiB "
          f"(tracemalloc); process peak RSS {load.maxrss_mib:,.0f} MiB")
    help_ms, validate_ms = cli_start_ms(["--help"]), cli_start_ms(["validate", "standard:zh"])
    print(f"  CLI start: playbook --help             {help_ms:8,.0f} ms")
    print(f"  CLI: playbook validate standard:zh     {validate_ms:8,.0f} ms")
    runs, source, same = eval_runs(corpus, count)
    base = runs[0]
    for run in runs:
        print(f"  eval {count:,} cases --format json -j {run.jobs}  {run.seconds:8,.2f} s    "
              f"{run.per_second:8,.0f} cases/s  {run.per_second / base.per_second:.2f}x -j 1; "
              f"CPU {run.cpu_seconds:,.1f} s ({run.cases / run.cpu_seconds:,.0f} cases per CPU-second)")
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1) - 1:
        print(f"  (load average {load:.1f} on {os.cpu_count()} CPUs: other work holds the cores, so wall "
              "times and the -j 2 ratio understate; cases per CPU-second do not)")
    print(f"  ({source}; outputs {'byte-identical' if same else 'DIFFER'} across --jobs)")
    print()


def _phrase_scaling(settings: Settings, playbook: Any, corpus: Any, case: Any, to_traditional: Traditional) -> None:
    from evaluate_report import build_with_phrases

    existing = {p.text for p in playbook.compiled.phrases.phrases}
    pool = synthetic_phrases(corpus, max(settings.phrase_counts), existing)
    rows = []
    baseline_floor = None
    for count in settings.phrase_counts:
        compile_ns, bigger = build_with_phrases(playbook, pool[:count])
        floor = build_floor(bigger, to_traditional)
        floor_stats = settings.time(partial(floor, case), slow=count >= 100_000)
        baseline_floor = baseline_floor or floor_stats
        decision = bigger.evaluate(case)
        hits = sum(len(v.evidence) for v in decision.violations if v.taboo == "blame_shifting")
        rows.append(Row(f"+{count:,} phrases", settings.time(partial(bigger.evaluate, case), slow=count >= 100_000),
                        f"compile {compile_ns / 1e9:.2f} s; {hits} hits", floor=floor_stats))
    print_table("Growth with forbidden phrases (standard playbook + synthetic n-grams of real text)", rows, None)


def _size_scaling(settings: Settings, playbook: Any, corpus: Any, to_traditional: Traditional) -> None:
    from playbook.case import Case

    rows = []
    floor = build_floor(playbook, to_traditional)
    for size in settings.sizes_kb:
        document = sized_case(corpus, to_traditional, size * 1024)
        case = Case.model_validate(document)
        raw = case.model_dump_json().encode("utf-8")
        slow = size >= 100
        floor_stats = settings.time(partial(floor, case), slow=slow)
        parse = settings.time(partial(Case.model_validate_json, raw), slow=slow)
        rows.append(Row(f"{size} KB transcript", settings.time(partial(playbook.evaluate, case), slow=slow),
                        f"{len(case.transcript)} msgs, {text_chars(document):,} chars; parse {parse.median_ns / 1e3:,.0f} µs",
                        floor=floor_stats))
    print_table("Growth with transcript length (UTF-8 bytes of message text)", rows, None)


if __name__ == "__main__":
    raise SystemExit(main())
