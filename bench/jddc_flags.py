"""How many real agent turns a playbook's forbidden phrases flag, with and without guards.

Reads the JDDC sample (``../shared/data/jddc-sample``) and scans every agent turn with the
playbook's own matcher ("after"), then with the same phrases stripped of their guards
(``not_after``/``not_before``/``not_with``) and of their symbols ("before": how the list
matched before guards and symbol keeping existed).  Violations are counted the way the
``phrases`` check reports them: overlapping hits in one turn are one violation.

    PYTHONPATH=. python bench/jddc_flags.py tests/fixtures/playbooks/everyday_zh.yaml
    PYTHONPATH=. python bench/jddc_flags.py tests/judgment/data/everyday_overlay.yaml \
        --set forbidden.absolute_words --set forbidden.advertising_law --set forbidden.centre_blame \
        --set forbidden.centre_referral --set forbidden.centre_cold     # only the overlay's own words
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter
from pathlib import Path

from playbook import Playbook
from playbook.checks.phrases import merge_overlapping
from playbook.text import PhraseMatcher
from playbook.text.patterns import MEANINGFUL_SYMBOLS

JDDC = Path(__file__).resolve().parents[2] / "shared" / "data" / "jddc-sample" / "chat_0.1per.txt"


def agent_turns(path: Path) -> list[str]:
    """The agent turns of the JDDC chat log (role column ``1``)."""
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines())
    return [fields[-1] for fields in rows if len(fields) >= 7 and fields[2] == "1"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("playbook", nargs="?", default="standard:zh")
    parser.add_argument("--data", type=Path, default=JDDC)
    parser.add_argument("--show", type=int, default=0, help="print this many flagged turns (after)")
    parser.add_argument("--set", action="append", default=[], metavar="ID",
                        help="count only the phrases of this phrase set (repeatable; default: every forbidden set)")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"no JDDC sample at {args.data}", file=sys.stderr)
        return 2
    turns = agent_turns(args.data)
    playbook = (
        Playbook.standard(args.playbook.split(":", 1)[1]) if args.playbook.startswith("standard:")
        else Playbook.load(args.playbook)
    )
    index = playbook.compiled.phrases
    after = index.matcher
    unguarded = [
        dataclasses.replace(
            spec, not_after=(), not_before=(), not_with=(),
            text="".join(c for c in spec.text if c not in MEANINGFUL_SYMBOLS and c != "％"),
        )
        for spec in after.specs
    ]
    before = PhraseMatcher.build(unguarded, engine=after.engine)
    forbidden = index.forbidden_keys
    if args.set:
        unknown = [s for s in args.set if s not in index.keys_by_set]
        if unknown:
            print(f"no phrase set {', '.join(unknown)} in {args.playbook}", file=sys.stderr)
            return 2
        forbidden = forbidden & frozenset().union(*(index.keys_by_set[s] for s in args.set))
    print(f"{len(turns)} agent turns, {len(forbidden)} forbidden phrases, engine {after.engine}")
    print(f"{'':8}{'flagged turns':>15}{'raw hits':>10}{'violations':>12}")
    for name, matcher in (("before", before), ("after", after)):
        flagged = raw = merged = 0
        by_phrase: Counter[str] = Counter()
        shown = 0
        for turn, turn_hits in zip(turns, matcher.scan_many(turns)):
            hits = [(0, h) for h in turn_hits if h.key in forbidden]
            if hits:
                flagged += 1
                raw += len(hits)
                kept = merge_overlapping(hits)
                merged += len(kept)
                by_phrase.update(index.phrases[h.key].id for _, h in kept)
                if name == "after" and shown < args.show:
                    shown += 1
                    for _, h in kept:
                        print(f"  {index.phrases[h.key].id}: …{turn[max(0, h.start - 8):h.end + 8]}…")
        print(f"{name:8}{flagged:>15}{raw:>10}{merged:>12}   top: {by_phrase.most_common(5)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
