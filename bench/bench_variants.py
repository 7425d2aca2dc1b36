"""What regular-expression and pinyin phrases cost, against the same phrases without them.

    python bench/bench_variants.py            # full timing
    python bench/bench_variants.py --quick    # shorter timing

One transcript (10 JDDC agent turns, every other one traditional; synthetic replies without
``../shared/data``) and 1,000 n-grams of real replies that it does not contain, as in
``bench_matching.py``.  Each engine scans it with the n-grams alone, with 10
regular-expression phrases added (none occurs, so RE2 runs only where hyperscan's prefilter
or the portable engine's RE2 set says one might), with the same 10 occurring, and with the
n-grams opted in to pinyin (those whose spellings stay within the bound).  Ratios are against the n-grams alone on the same engine,
and against one raw hyperscan scan of the joined messages, all measured in this run.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_matching import Report, load_turns, measure, mix, ngrams, raw_baselines, take, timed

from playbook.text import PhraseMatcher, PhraseSpec, normalize_phrase
from playbook.text.syntax import PhraseSyntaxError, parse_phrase

#: Expressions a policy writer adds; none matches ordinary replies.
ABSENT = (r"保证\d+天", r"\d+%好评", r"全额退.{0,2}款十倍", r"赔偿\d+倍", r"[a-z]{2}\d{6}", r"返现\d+元",
          r"\p{Han}{2}绝对没问题", r"必须\d+星", r"(?:马上|立刻)给你\d+", r"第\d+名")
#: The same number of expressions that ordinary replies do hold (numbers, greetings, order words).
PRESENT = (r"\d{2,}", r"(?:订单|商品)", r"亲爱?的", r"请[您你]", r"谢谢", r"[a-z]{2,}", r"可以\p{Han}", r"(?:退|换)货",
           r"\p{Han}{2}号", r"(?:帮|为)[您你]")


def _within(phrase: str) -> bool:
    """The n-grams whose pinyin spellings stay within the bound (a longer one is a load error)."""
    try:
        parse_phrase(phrase, pinyin=True)
    except PhraseSyntaxError:
        return False
    return True


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter timing")
    args = parser.parse_args(argv)
    budget = 0.25 if args.quick else 0.8
    rng = random.Random(2026)
    source, turns, customer = load_turns()
    turns = list(dict.fromkeys(turns))
    transcript = mix(take(turns, rng, 10 * 100, 90, 110)[:10])
    scanned = "\n".join(normalize_phrase(t) for t in transcript)
    phrases = ngrams(turns + customer, 1000, rng, scanned)
    print(f"text: {source}; {len(transcript)} messages, {sum(map(len, transcript))} characters", file=sys.stderr)

    literal = [PhraseSpec(i, p) for i, p in enumerate(phrases)]
    sets = {
        "1,000 n-grams": literal,
        "+ 10 regex, absent": literal + [PhraseSpec(5000 + i, r, regex=True) for i, r in enumerate(ABSENT)],
        "+ 10 regex, present": literal + [PhraseSpec(5000 + i, r, regex=True) for i, r in enumerate(PRESENT)],
        "1,000 n-grams, pinyin": [PhraseSpec(i, p, pinyin=True) for i, p in enumerate(phrases) if _within(p)],
    }
    floor_scan, _ = raw_baselines(phrases)["raw hyperscan, one scan of the joined messages"]
    floor, _, _ = measure(lambda: floor_scan(transcript), budget)
    report = Report()
    base: dict[str, float] = {}
    for label, specs in sets.items():
        for name in ("hyperscan", "portable"):
            try:
                matcher, seconds = timed(lambda n=name, s=specs: PhraseMatcher.build(s, engine=n))
            except ValueError as exc:
                print(f"  {name}: {exc}", file=sys.stderr)
                continue
            assert isinstance(matcher, PhraseMatcher)
            med, p99, _ = measure(lambda m=matcher: m.scan_many(transcript), budget)
            base.setdefault(name, med)
            hits = sum(map(len, matcher.scan_many(transcript)))
            report.add(f"{label} ({len(specs):,})", name, f"{med:.1f}", f"{p99:.1f}", f"{med / base[name]:.2f}",
                       f"{med / floor:.1f}", f"{seconds:.2f}", hits)
    print(f"\n## scan_many of one transcript; raw hyperscan joined scan: {floor:.1f} µs ({source})\n")
    report.print(("phrases", "engine", "median µs", "p99 µs", "× n-grams alone", "× raw scan", "build s", "hits"))


if __name__ == "__main__":
    main()
