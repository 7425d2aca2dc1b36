"""How often the standard playbook flags ordinary service talk in real JD.com chats.

Two measures on ``../shared/data/jddc-sample/chat_0.1per.txt`` (read in place, never copied):

* **turns**: every agent turn judged alone, with the customer turn before it as context,
  counting the turn-level checks (forbidden phrases, promises, refusals) that flag it;
* **sessions**: every chat session judged as one case, counting how many sessions get each
  taboo and how many require escalation.

Run::

    PYTHONPATH=. python bench/judgment_jddc.py            # figures
    PYTHONPATH=. python bench/judgment_jddc.py --show 20  # and 20 flagged turns per check

The figures are rates over the sample, not speed: no baseline run is needed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHAT = REPO.parent / "shared" / "data" / "jddc-sample" / "chat_0.1per.txt"

TURN_KINDS = ("phrases", "promises", "refusal")
"""Check kinds that judge what one message says (the others judge a whole case)."""


@dataclass(frozen=True, slots=True)
class Line:
    session: str
    role: str
    text: str


def read_chat(path: Path = CHAT) -> list[Line]:
    """The sample's lines in file order (7 tab-separated columns; 1 in column 3 = agent)."""
    out = []
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            columns = raw.rstrip("\n").split("\t")
            if len(columns) != 7 or not columns[6].strip():
                continue
            out.append(Line(columns[0], "agent" if columns[2] == "1" else "customer", columns[6].strip()))
    return out


def sessions(lines: list[Line]) -> dict[str, list[Line]]:
    grouped: dict[str, list[Line]] = defaultdict(list)
    for line in lines:
        grouped[line.session].append(line)
    return dict(grouped)


def _at(index: int) -> str:
    hour, minute = divmod(index, 60)
    return f"2026-03-02T{10 + hour % 12:02d}:{minute:02d}:00+08:00"


def turn_case(case_id: str, customer: str | None, agent: str) -> dict[str, Any]:
    """One agent turn as a case, after the customer turn it answers."""
    transcript = []
    if customer:
        transcript.append({"role": "customer", "text": customer, "at": _at(0)})
    transcript.append({"role": "agent", "text": agent, "at": _at(1)})
    return {"id": case_id, "received_at": _at(0), "transcript": transcript}


def session_case(case_id: str, lines: list[Line]) -> dict[str, Any]:
    """A whole chat as a case: the messages a minute apart, nothing else known."""
    transcript = [{"role": line.role, "text": line.text, "at": _at(i)} for i, line in enumerate(lines)]
    return {"id": case_id, "received_at": _at(0), "transcript": transcript}


def turn_checks(pb: Any) -> dict[str, str]:
    """rule id (taboo/check) → kind, for the turn-level checks of the playbook."""
    out = {}
    for taboo in pb.source.taboos:
        for check in taboo.checks:
            if check.kind in TURN_KINDS:
                out[f"{taboo.id}/{check.id}"] = check.kind
    return out


def measure_turns(pb: Any, lines: list[Line]) -> tuple[int, Counter[str], dict[str, list[tuple[str, str, str]]]]:
    """Agent turns judged, flagged turns per rule, and the flagged samples per rule."""
    rules = turn_checks(pb)
    per_rule: Counter[str] = Counter()
    samples: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    flagged_turns = 0
    agents = 0
    previous: dict[str, str] = {}
    for index, line in enumerate(lines):
        if line.role == "customer":
            previous[line.session] = line.text
            continue
        agents += 1
        customer = previous.get(line.session)
        decision = pb.evaluate(turn_case(f"t{index}", customer, line.text))
        hit = {v.rule for v in decision.violations if v.rule in rules}
        if hit:
            flagged_turns += 1
        for rule in hit:
            per_rule[rule] += 1
            message = next(v.message for v in decision.violations if v.rule == rule)
            samples[rule].append((customer or "", line.text, message))
    per_rule["(any)"] = flagged_turns
    return agents, per_rule, samples


def measure_sessions(pb: Any, lines: list[Line]) -> tuple[int, Counter[str]]:
    """Sessions judged and how many get each taboo, and escalation."""
    counts: Counter[str] = Counter()
    grouped = sessions(lines)
    for sid, session in grouped.items():
        decision = pb.evaluate(session_case(sid, session))
        for taboo in {v.taboo for v in decision.violations}:
            counts[f"taboo {taboo}"] += 1
        for rule in {v.rule for v in decision.violations}:
            counts[f"rule {rule}"] += 1
        if decision.escalation.required:
            counts["escalation required"] += 1
        if decision.category is not None:
            counts[f"category {decision.category.id}"] += 1
    return len(grouped), counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", default="zh")
    parser.add_argument("--show", type=int, default=0, help="flagged turns to print per rule")
    parser.add_argument("--rule", default=None, help="print samples of this rule only")
    args = parser.parse_args(argv)
    if not CHAT.is_file():
        print(f"jddc-sample not found at {CHAT}: nothing to measure")
        return 0
    from playbook import Playbook

    pb = Playbook.standard(args.language)
    lines = read_chat()
    agents, per_rule, samples = measure_turns(pb, lines)
    print(f"agent turns: {agents}")
    for rule, count in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {rule:55s} {count:5d}  {100 * count / agents:5.2f} %")
    total, counts = measure_sessions(pb, lines)
    print(f"sessions: {total}")
    for key, count in sorted(counts.items()):
        print(f"  {key:55s} {count:5d}  {100 * count / total:5.1f} %")
    if args.show:
        for rule, rows in samples.items():
            if args.rule and rule != args.rule:
                continue
            print(f"\n== {rule}")
            for customer, agent, message in rows[: args.show]:
                print(f"  C: {customer[:80]}\n  A: {agent[:200]}\n     → {message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
