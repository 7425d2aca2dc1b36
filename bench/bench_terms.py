"""What phrases of terms and scopes cost, against the same playbook without them, in one run.

    PYTHONPATH=. python bench/bench_terms.py            # 2,000 transcripts of 10 JDDC agent turns
    PYTHONPATH=. python bench/bench_terms.py --quick    # 300

Scans transcripts of real agent turns (``../shared/data/jddc-sample``, read in place; a
synthetic text without it) with standard:zh's matcher plus 100 phrases of terms made of
words those turns use (退款, 规定, 订单, …: the worst case, every message has term hits),
and evaluates the cases with a standard:zh extension that scopes those phrases (role any,
last 2 messages) against one that lists the same phrases unscoped. Ratios are of medians
measured in the same run, so the machine's load cancels out.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playbook import Playbook
from playbook.text import PhraseMatcher, PhraseSpec

JDDC = Path(__file__).resolve().parents[2] / "shared" / "data" / "jddc-sample" / "chat_0.1per.txt"
WORDS = ("退款", "规定", "订单", "您好", "不能", "快递", "商品", "售后", "申请", "地址", "时间", "处理", "亲", "可以", "没有")


def turns() -> tuple[list[str], str]:
    if JDDC.is_file():
        rows = (line.split("\t") for line in JDDC.read_text(encoding="utf-8").splitlines())
        return [f[-1] for f in rows if len(f) >= 7 and f[2] == "1"], "JDDC agent turns"
    return ["亲，您的订单已经申请退款了，按规定三个工作日内到账，快递地址没有问题"] * 100, "synthetic text"


def median_us(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    count = 300 if args.quick else 2_000
    texts, source = turns()
    rng = random.Random(7)
    cases = [[rng.choice(texts) for _ in range(10)] for _ in range(count)]
    base = Playbook.standard("zh")
    specs = list(base.compiled.phrases.matcher.specs)
    combos = list(itertools.combinations(WORDS, 3))[:100]
    extra = [PhraseSpec(len(specs) + i, "t", terms=combo, at_least=2) for i, combo in enumerate(combos)]
    engine = base.compiled.phrases.matcher.engine
    plain = PhraseMatcher.build(specs, engine=engine)
    termed = PhraseMatcher.build(specs + extra, engine=engine)
    hits = sum(len(h) for case in cases for h in termed.scan_many(case)) - sum(
        len(h) for case in cases for h in plain.scan_many(case))
    scan_plain = median_us(lambda: [plain.scan_many(c) for c in cases], 5) / count
    scan_terms = median_us(lambda: [termed.scan_many(c) for c in cases], 5) / count

    phrases = "\n".join(f"      - {{id: t{i}, terms: [{', '.join(c)}], at_least: 2}}" for i, c in enumerate(combos))
    folder = Path(tempfile.mkdtemp())
    bodies = {}
    for name, scope in (("unscoped", ""), ("scoped", "    scope: {role: any, last: 2}\n")):
        path = folder / f"{name}.yaml"
        path.write_text(f"extends: standard:zh\nphrase_sets:\n  - id: forbidden.terms\n    kind: forbidden\n"
                        f"    rule: terms_rule\n{scope}    phrases:\n{phrases}\n", encoding="utf-8")
        bodies[name] = Playbook.load(path)
    data = [{"id": f"c{i}", "transcript": [{"role": "agent" if j % 2 else "customer", "text": t}
                                           for j, t in enumerate(case)]} for i, case in enumerate(cases)]
    from playbook.case import Case

    parsed = [Case.model_validate(d) for d in data]
    evaluate = {name: median_us(lambda pb=pb: [pb.evaluate(c) for c in parsed], 3) / count
                for name, pb in bodies.items()}
    print(f"{count} transcripts of 10 {source}, engine {engine}; 100 phrases of terms (2 of 3) add {hits} hits")
    print(f"scan_many per transcript: standard:zh {scan_plain:8.1f} µs   + 100 term phrases {scan_terms:8.1f} µs"
          f"   ratio {scan_terms / scan_plain:.2f}x")
    print(f"evaluate per case: terms unscoped {evaluate['unscoped']:8.1f} µs   scoped (any, last 2) "
          f"{evaluate['scoped']:8.1f} µs   ratio {evaluate['scoped'] / evaluate['unscoped']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
