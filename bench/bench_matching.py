"""Phrase-matching cost per engine, against the baselines, on real customer-service text.

    python bench/bench_matching.py            # full run (about 2 minutes)
    python bench/bench_matching.py --quick    # smaller phrase sets, shorter timing

Texts are agent turns from the JDDC chats in ``../shared/data/jddc-sample`` (read in
place, never copied), every other turn converted to traditional characters with OpenCC
``s2t``, because real transcripts mix both.  Without the data a synthetic text is used and
the report says so.  Phrase sets: the forbidden phrases of DOMAIN.md (10), and n-grams of
real replies (1,000 / 100,000) that do not occur in the scanned texts — the common path,
where a reply says nothing forbidden.  One extra set takes its n-grams *from* the
transcript, so every message has hits and the fast engine's fallback is what is measured.

Baselines measured in the same run: hyperscan and pyahocorasick over the raw text (no
normalising at all: the cost floor, and what they would miss), a ``re`` alternation (1,000
phrases only), and normalising in Python character by character before an Aho-Corasick scan.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import ahocorasick

from playbook.text import PhraseMatcher, PhraseSpec, normalize_phrase
from playbook.text.normalize import normalize_by_table

JDDC_CHAT = REPO.parent / "shared" / "data" / "jddc-sample" / "chat_0.1per.txt"

DOMAIN_PHRASES = (
    "这种问题连三岁小孩子都懂",
    "一分钱,一分货",
    "不可能,绝不可能发生这种事",
    "这种问题不关我的事,请去问生产厂家,我只负责卖货",
    "嗯……这个问题我不大清楚",
    "我绝对没有说过那种话",
    "我不会",
    "这是公司的规定",
    "这种事情通常不会发生",
    "你怎么用油也不会!",
)

SYNTHETIC = (
    "您好，请问有什么可以帮您？",
    "非常抱歉给您带来不便，我这边马上为您核实一下订单的物流信息。",
    "亲，您的包裹已经在派送途中了，预计明天送达，请您保持电话畅通哦~",
    "这边已经为您申请了退款，款项会在1-3个工作日原路返回，请您留意。",
    "麻烦您提供一下订单号和商品的照片，我们会尽快帮您处理。",
    "感谢您的耐心等待，还有其他可以帮到您的吗?",
    "商品如果有质量问题，可以在7天内申请退换货，运费由我们承担。",
    "实在抱歉，配送员联系不上您，我们会安排重新配送。",
)


def load_turns() -> tuple[str, list[str], list[str]]:
    """Agent replies and customer messages from the JDDC chats, or synthetic ones."""
    if JDDC_CHAT.is_file():
        agent: list[str] = []
        customer: list[str] = []
        for line in JDDC_CHAT.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) >= 7 and fields[-1].strip():
                (agent if fields[2] == "1" else customer).append(fields[-1].strip())
        return f"JDDC agent turns ({JDDC_CHAT.name})", agent, customer
    rng = random.Random(7)
    synthetic = ["".join(rng.sample(SYNTHETIC, rng.randint(1, 3))) for _ in range(4000)]
    return "synthetic replies (JDDC sample absent)", synthetic, []


def mix(turns: Sequence[str]) -> list[str]:
    """Every other turn in traditional characters, as real transcripts mix both."""
    import opencc

    s2t = opencc.OpenCC("s2t")
    return [s2t.convert(t) if i % 2 else t for i, t in enumerate(turns)]


def take(turns: list[str], rng: random.Random, chars: int, low: int = 1, high: int = 10**9) -> list[str]:
    picked: list[str] = []
    while sum(map(len, picked)) < chars:
        turn = turns.pop(rng.randrange(len(turns)))
        if low <= len(turn) <= high:
            picked.append(turn)
    return picked


def ngrams(source: Sequence[str], count: int, rng: random.Random, avoid: str = "") -> list[str]:
    """Up to ``count`` distinct normalised n-grams (4–8 characters) of real text, none found in ``avoid``."""
    pool = [n for n in (normalize_phrase(re.sub(r"\[[^\]]*\]", "", t)) for t in source) if len(n) >= 4]
    rng.shuffle(pool)
    avoided = {avoid[i : i + n] for n in range(4, 9) for i in range(len(avoid) - n + 1)}
    found: dict[str, None] = {}
    for _ in range(6):  # a few passes, with other lengths each time
        for text in pool:
            for start in range(len(text) - 3):
                gram = text[start : start + rng.randint(4, 8)]
                if len(gram) >= 4 and gram not in avoided:
                    found[gram] = None
                    if len(found) == count:
                        return sorted(found)
    return sorted(found)


def measure(fn: Callable[[], object], budget: float, at_most: int = 20000) -> tuple[float, float, int]:
    """Median and p99 of one call in µs, over as many calls as fit in ``budget`` seconds."""
    fn()
    samples: list[int] = []
    gc.disable()
    try:
        deadline = time.perf_counter() + budget
        while len(samples) < at_most and (len(samples) < 5 or time.perf_counter() < deadline):
            start = time.perf_counter_ns()
            fn()
            samples.append(time.perf_counter_ns() - start)
    finally:
        gc.enable()
    samples.sort()
    return statistics.median(samples) / 1000, samples[min(len(samples) - 1, int(len(samples) * 0.99))] / 1000, len(samples)


def timed(build: Callable[[], object]) -> tuple[object, float]:
    start = time.perf_counter()
    built = build()
    return built, time.perf_counter() - start


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, ...]] = []

    def add(self, *cells: object) -> None:
        self.rows.append(tuple(str(c) for c in cells))
        print("  " + " | ".join(self.rows[-1]), file=sys.stderr, flush=True)

    def print(self, header: tuple[str, ...]) -> None:
        widths = [max(len(r[i]) for r in [header, *self.rows]) for i in range(len(header))]
        def line(r):
            return "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
        print(line(header))
        print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        for row in self.rows:
            print(line(row))


def raw_baselines(phrases: Sequence[str]) -> dict[str, tuple[Callable[[str], object], float]]:
    """Matchers that do not normalise: the cost floor (they miss every disguised phrase)."""
    out: dict[str, tuple[Callable[[str], object], float]] = {}
    try:
        import hyperscan
    except ImportError:
        hyperscan = None
    if hyperscan is not None:

        def build_hs() -> object:
            db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            literals = [p.encode() for p in phrases]
            db.compile(expressions=literals, ids=list(range(len(literals))), elements=len(literals), literal=True)
            return db

        db, seconds = timed(build_hs)
        scratch = hyperscan.Scratch(db)
        hits: list[int] = []

        def on_match(literal: int, _s: int, _e: int, _f: int, _c: object) -> None:
            hits.append(literal)

        out["raw hyperscan literals"] = (lambda text: db.scan(text.encode(), on_match, 0, None, scratch), seconds)
        out["raw hyperscan, one scan of the joined messages"] = (
            lambda texts: db.scan("\n".join(texts).encode(), on_match, 0, None, scratch), seconds)
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)

    def build_aho() -> object:
        for index, phrase in enumerate(phrases):
            automaton.add_word(phrase, index)
        automaton.make_automaton()
        return automaton

    _, seconds = timed(build_aho)
    out["raw pyahocorasick"] = (lambda text: list(automaton.iter(text)), seconds)
    out["python normalise + pyahocorasick"] = (
        lambda text: list(automaton.iter(normalize_by_table(text).text)),
        seconds,
    )
    if len(phrases) <= 1000:
        pattern, seconds = timed(lambda: re.compile("|".join(map(re.escape, phrases))))
        out["re alternation"] = (lambda text: pattern.findall(text), seconds)  # type: ignore[attr-defined]
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 / 1,000 / 10,000 phrases, shorter timing")
    args = parser.parse_args(argv)
    budget = 0.25 if args.quick else 0.8
    large = 10_000 if args.quick else 100_000
    rng = random.Random(2026)

    source, turns, customer = load_turns()
    turns = list(dict.fromkeys(turns))
    simplified = take(turns, rng, 10 * 100, 90, 110)[:10]
    transcript = mix(simplified)
    long_turns = mix(take(turns, rng, 100_000))
    scanned = "\n".join(normalize_phrase(t) for t in transcript + long_turns)
    print(f"text: {source}; transcript of {len(transcript)} messages, {sum(map(len, transcript))} characters "
          f"({sum(len(t.encode()) for t in transcript)} bytes UTF-8), every other one in traditional characters",
          file=sys.stderr)

    sets: list[tuple[str, list[str]]] = [
        ("10 (DOMAIN.md)", [normalize_phrase(p) for p in DOMAIN_PHRASES]),
        ("1,000 n-grams", ngrams(turns + customer, 1000, rng, scanned)),
        ("n-grams", ngrams(turns + customer, large, rng, scanned)),
        ("1,000 n-grams of the transcript (all hit)", ngrams(transcript, 1000, rng)),
    ]

    table = Report()
    sets = [(f"{len(p):,} n-grams" if label == "n-grams" else label, p) for label, p in sets]
    for label, phrases in sets:
        print(f"{label}: {len(phrases)} phrases", file=sys.stderr, flush=True)
        specs = [PhraseSpec(i, p) for i, p in enumerate(phrases)]
        engines: dict[str, tuple[PhraseMatcher, float]] = {}
        for name in ("hyperscan", "portable", "reference"):
            try:
                engines[name] = timed(lambda name=name, s=specs: PhraseMatcher.build(s, engine=name))  # type: ignore[assignment]
            except ValueError as exc:
                print(f"  {name}: {exc}", file=sys.stderr)
        hits = sum(len(h) for h in engines["reference"][0].scan_many(transcript))
        for name, (matcher, seconds) in engines.items():
            for texts, which in ((transcript, "mixed"), (simplified, "simplified only")):
                med, p99, _ = measure(lambda m=matcher, x=texts: [m.scan(t) for t in x], budget)
                table.add(label, f"{name}: scan() ×{len(texts)}, {which}", f"{med:.1f}", f"{p99:.1f}", f"{seconds:.2f}", hits)
                if name != "reference":
                    med, p99, _ = measure(lambda m=matcher, x=texts: m.scan_many(x), budget)
                    table.add(label, f"{name}: scan_many(), {which}", f"{med:.1f}", f"{p99:.1f}", f"{seconds:.2f}", hits)
        if label.endswith("(all hit)"):
            continue
        for name, (scan, seconds) in raw_baselines(phrases).items():
            if "joined" in name:
                med, p99, _ = measure(lambda f=scan: f(transcript), budget)
                table.add(label, f"baseline: {name}", f"{med:.1f}", f"{p99:.1f}", f"{seconds:.2f}", "-")
                continue
            med, p99, _ = measure(lambda f=scan: [f(t) for t in transcript], budget)
            table.add(label, f"baseline: {name}, mixed", f"{med:.1f}", f"{p99:.1f}", f"{seconds:.2f}", "-")
    print("\n## Transcript: 10 messages, ~1,000 characters, mixed simplified/traditional "
          f"({source})\n")
    table.print(("phrases", "engine", "median µs", "p99 µs", "compile s", "hits"))

    lengths = Report()
    phrases = sets[1][1]
    specs = [PhraseSpec(i, p) for i, p in enumerate(phrases)]
    matchers = {name: PhraseMatcher.build(specs, engine=name) for name in ("hyperscan", "portable", "reference")}
    baselines = raw_baselines(phrases)
    for size in (1_000, 10_000, 100_000):
        chunk: list[str] = []
        for turn in long_turns:
            if sum(map(len, chunk)) >= size:
                break
            chunk.append(turn)
        text = "\n".join(chunk)
        for name, matcher in matchers.items():
            med, p99, _ = measure(lambda m=matcher, x=text: m.scan(x), budget, 2000)
            lengths.add(f"{size // 1000} K chars", f"{name}: scan(one text)", f"{med:.1f}", f"{p99:.1f}")
            med, p99, _ = measure(lambda m=matcher, c=chunk: m.scan_many(c), budget, 2000)
            lengths.add(f"{size // 1000} K chars", f"{name}: scan_many({len(chunk)} turns)", f"{med:.1f}", f"{p99:.1f}")
        for name, (scan, _) in baselines.items():
            if "joined" in name:
                continue
            med, p99, _ = measure(lambda f=scan, x=text: f(x), budget, 2000)
            lengths.add(f"{size // 1000} K chars", f"baseline: {name}", f"{med:.1f}", f"{p99:.1f}")
    print(f"\n## Text length, {len(phrases):,} phrases (real turns, mixed; no phrase occurs)\n")
    lengths.print(("text", "engine", "median µs", "p99 µs"))


if __name__ == "__main__":
    main()
