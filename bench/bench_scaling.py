"""How matching and evaluation grow with the number of phrases and with the transcript length.

    python bench/bench_scaling.py            # 1,000 / 10,000 / 100,000 phrases; 1 / 10 / 100 KB
    python bench/bench_scaling.py --quick    # shorter timing, same sizes

Targets (issue "Matching v2"), every figure a ratio measured in the same run:

* 1,000 → 100,000 phrases: the cost of one ``evaluate`` of the bench case within 1.5×;
* 100,000 phrases compile (the matcher, with the load cache off) in at most 10 s;
* 1 KB → 100 KB of transcript: the cost per KB within 1.5×.

The phrases are n-grams of real customer text (``evaluate_data.synthetic_phrases``) added to
``standard:zh`` as one more forbidden set under blame shifting; the bench case and the
long transcripts are built from the JDDC chats (``../shared/data``, read in place), every
third turn in traditional characters, or from the example cases without the data.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from evaluate_data import (
    Traditional,
    load_corpus,
    main_case,
    sized_case,
    synthetic_phrases,
    text_bytes,
)
from evaluate_report import build_with_phrases
from evaluate_timing import Stats, measure

PHRASE_COUNTS = (1_000, 10_000, 100_000)
SIZES_KB = (1, 10, 100)
PHRASE_TARGET = 1.5
COMPILE_TARGET_S = 10.0
SIZE_TARGET = 1.5


def timed(call: Callable[[], Any], quick: bool, slow: bool = False) -> Stats:
    budget = (0.3 if quick else 1.0) * (3 if slow else 1)
    return measure(call, min_runs=20 if slow else 100, max_runs=20_000, budget_s=budget, warmup=10 if slow else 50)


def compile_seconds(specs: Any) -> tuple[float, float]:
    """Wall and CPU seconds to build the matcher with the load cache off (what a first load
    pays); on a shared machine the CPU time is the figure that does not depend on the load."""
    from playbook.text import PhraseMatcher

    previous = os.environ.get("PLAYBOOK_CACHE_DIR")
    os.environ["PLAYBOOK_CACHE_DIR"] = "off"
    try:
        from playbook.text.fold import fold_array

        fold_array()  # the process-wide character table is not part of a playbook's compile
        start, cpu = time.perf_counter(), time.process_time()
        PhraseMatcher.build(specs)
        return time.perf_counter() - start, time.process_time() - cpu
    finally:
        if previous is None:
            del os.environ["PLAYBOOK_CACHE_DIR"]
        else:
            os.environ["PLAYBOOK_CACHE_DIR"] = previous


def row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter timing (same sizes)")
    args = parser.parse_args(argv)

    from playbook import Playbook
    from playbook.case import Case

    corpus = load_corpus()
    to_traditional = Traditional()
    playbook = Playbook.standard("zh")
    case = Case.model_validate(main_case(corpus, to_traditional))
    texts = [m.text for m in case.transcript]
    print(f"corpus: {corpus.source}; bench case {len(texts)} messages, {sum(map(len, texts)):,} characters; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", file=sys.stderr)
    failed: list[str] = []

    from playbook.text import normalize_phrase

    # Phrases that do not occur in the bench case: the common path, and the same decision
    # at every count, so the rows differ only in the number of phrases.
    existing = {p.text for p in playbook.compiled.phrases.phrases}
    folded = "\n".join(normalize_phrase(text) for text in texts)
    pool = [p for p in synthetic_phrases(corpus, max(PHRASE_COUNTS) * 11 // 10, existing)
            if normalize_phrase(p) not in folded][: max(PHRASE_COUNTS)]
    print("\n## Phrases (standard:zh + n-grams of real text, bench case)\n")
    print(row("phrases", "engine", "evaluate median µs", "× at 1,000", "scan_many median µs", "× at 1,000",
              "matcher compile s, wall / CPU (cache off)", "from_source s"))
    print(row(*["---"] * 8))
    first: dict[str, tuple[float, float]] = {}
    for count in PHRASE_COUNTS:
        build_ns, bigger = build_with_phrases(playbook, pool[:count])
        matcher = bigger.compiled.phrases.matcher
        seconds, cpu = compile_seconds(matcher.specs)
        slow = count >= 100_000
        evaluate = timed(partial(bigger.evaluate, case), args.quick, slow).median_ns / 1e3
        scan = timed(partial(matcher.scan_many, texts), args.quick, slow).median_ns / 1e3
        base = first.setdefault(matcher.engine, (evaluate, scan))
        print(row(f"+{count:,}", matcher.engine, f"{evaluate:,.1f}", f"{evaluate / base[0]:.2f}", f"{scan:,.1f}",
                  f"{scan / base[1]:.2f}", f"{seconds:.2f} / {cpu:.2f}", f"{build_ns / 1e9:.2f}"), flush=True)
        if evaluate / base[0] > PHRASE_TARGET:
            failed.append(f"evaluate at {count:,} phrases is {evaluate / base[0]:.2f}× the cost at 1,000")
        if count == 100_000 and min(seconds, cpu) > COMPILE_TARGET_S:
            failed.append(f"100,000 phrases compile in {seconds:.1f} s ({cpu:.1f} s CPU)")

    print("\n## Transcript length (standard:zh)\n")
    print(row("transcript", "messages", "evaluate µs per KB", "× at 1 KB", "scan_many µs per KB", "× at 1 KB"))
    print(row(*["---"] * 6))
    matcher = playbook.compiled.phrases.matcher
    per_kb: tuple[float, float] | None = None
    for size in SIZES_KB:
        long_case = Case.model_validate(sized_case(corpus, to_traditional, size * 1024))
        long_texts = [m.text for m in long_case.transcript]
        kb = text_bytes(long_case.model_dump()) / 1024
        slow = size >= 100
        evaluate = timed(partial(playbook.evaluate, long_case), args.quick, slow).median_ns / 1e3 / kb
        scan = timed(partial(matcher.scan_many, long_texts), args.quick, slow).median_ns / 1e3 / kb
        per_kb = per_kb or (evaluate, scan)
        print(row(f"{size} KB ({kb:.1f} KB)", len(long_texts), f"{evaluate:,.1f}", f"{evaluate / per_kb[0]:.2f}",
                  f"{scan:,.1f}", f"{scan / per_kb[1]:.2f}"), flush=True)
        if evaluate / per_kb[0] > SIZE_TARGET:
            failed.append(f"evaluate at {size} KB costs {evaluate / per_kb[0]:.2f}× per KB what 1 KB does")

    print()
    print("targets: " + ("all met" if not failed else "MISSED: " + "; ".join(failed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
