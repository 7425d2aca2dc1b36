"""Precision and recall per taboo on the hand-labelled set.

Two parts, both judged by hand with a reason tied to a section of ``../shared/DOMAIN.md``:

* **turns** — real agent turns of ``../shared/data/jddc-sample/chat_0.1per.txt``, stored by
  reference in ``tests/judgment/data/jddc_turns.tsv`` (session id, the turn's index among the
  session's lines, a digest of its text, the label, the reason; never the text). Each turn is
  judged alone after the customer turn before it, as ``judgment_jddc.py`` does, and the taboos
  of the turn-level checks (phrases, promises, refusals) that flag it are the prediction.
* **cases** — the labelled playbook tests ``rules/zh/tests/labelled.test.yaml`` and
  ``stories.test.yaml``: every test whose ``expect`` says ``only_taboos`` is a case labelled
  with exactly those taboos ([] = clean).

Run::

    PYTHONPATH=. python bench/labelled_set.py            # the table
    PYTHONPATH=. python bench/labelled_set.py --wrong    # and every turn the engine gets wrong

The figures are agreement with the labels, not speed: no baseline run is needed.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
LABELS = REPO / "tests" / "judgment" / "data" / "jddc_turns.tsv"
CASE_FILES = (REPO / "rules" / "zh" / "tests" / "labelled.test.yaml", REPO / "rules" / "zh" / "tests" / "stories.test.yaml")
CLEAN = "clean"


@dataclass(frozen=True, slots=True)
class Label:
    session: str
    turn: int
    digest: str
    label: str
    reason: str


def read_labels(path: Path = LABELS) -> list[Label]:
    """The labelled turns (tab-separated; ``#`` lines and the header skipped)."""
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw or raw.startswith(("#", "session\t")):
            continue
        session, turn, digest, label, reason = raw.split("\t")
        out.append(Label(session, int(turn), digest, label, reason))
    return out


def _jddc() -> Any:
    spec = importlib.util.spec_from_file_location("judgment_jddc", REPO / "bench" / "judgment_jddc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("judgment_jddc", module)
    spec.loader.exec_module(module)
    return module


class SampleChanged(ValueError):
    """A labelled reference no longer points at the turn that was judged."""


def judge_turns(pb: Any, chat: Path, labels: list[Label]) -> list[tuple[Label, frozenset[str], str]]:
    """Each labelled turn with the taboos the engine flags on it, and the turn's text (for --wrong)."""
    bench = _jddc()
    grouped = bench.sessions(bench.read_chat(chat))
    rules = bench.turn_checks(pb)
    out = []
    for label in labels:
        lines = grouped.get(label.session)
        if lines is None or label.turn >= len(lines) or lines[label.turn].role != "agent":
            raise SampleChanged(f"{label.session}:{label.turn} is not an agent turn of the sample")
        text = lines[label.turn].text
        if hashlib.sha1(text.encode("utf-8")).hexdigest()[:8] != label.digest:
            raise SampleChanged(f"{label.session}:{label.turn}: the turn's text changed (digest {label.digest})")
        customer = next((line.text for line in reversed(lines[: label.turn]) if line.role == "customer"), None)
        decision = pb.evaluate(bench.turn_case("t", customer, text))
        flagged = frozenset(v.taboo for v in decision.violations if v.rule in rules and v.taboo)
        out.append((label, flagged, text))
    return out


def judge_cases(pb: Any, files: tuple[Path, ...] = CASE_FILES) -> list[tuple[str, frozenset[str], frozenset[str]]]:
    """(test name, labelled taboos, flagged taboos) for every test that says ``only_taboos``."""
    from playbook.testing import read_suite

    out = []
    numbers = {t.number: t.id for t in pb.source.taboos if t.number is not None}
    for file in files:
        if not file.is_file():
            continue
        suite = read_suite(file)
        defaults = suite.model.defaults
        for test in suite.model.tests:
            wanted = test.expect.only_taboos
            if wanted is None or test.case is None:
                continue
            labelled = frozenset(numbers.get(t, t) if isinstance(t, int) else str(t) for t in wanted)
            case = {**defaults, **test.case, "id": test.name}
            case["transcript"] = [
                {k: v for k, v in m.items() if k != "expect"} for m in case.get("transcript", [])
            ]
            flagged = frozenset(v.taboo for v in pb.evaluate(case).violations if v.taboo)
            out.append((test.name, labelled, flagged))
    return out


def scores(pairs: list[tuple[frozenset[str], frozenset[str]]]) -> dict[str, tuple[int, int, int]]:
    """taboo → (true positives, false positives, false negatives) over (labelled, flagged) pairs."""
    counts: dict[str, Counter[str]] = {}
    for labelled, flagged in pairs:
        for taboo in labelled | flagged:
            c = counts.setdefault(taboo, Counter())
            if taboo in labelled and taboo in flagged:
                c["tp"] += 1
            elif taboo in flagged:
                c["fp"] += 1
            else:
                c["fn"] += 1
    return {t: (c["tp"], c["fp"], c["fn"]) for t, c in sorted(counts.items())}


def ratio(part: int, whole: int) -> float:
    """part / whole, 1.0 when there is nothing to measure."""
    return part / whole if whole else 1.0


def table(title: str, result: dict[str, tuple[int, int, int]]) -> list[str]:
    lines = [f"{title}", f"  {'taboo':22s} {'labelled':>8s} {'flagged':>8s} {'TP':>4s} {'FP':>4s} {'FN':>4s} {'precision':>9s} {'recall':>7s}"]
    for taboo, (tp, fp, fn) in result.items():
        lines.append(
            f"  {taboo:22s} {tp + fn:8d} {tp + fp:8d} {tp:4d} {fp:4d} {fn:4d} {ratio(tp, tp + fp):9.2f} {ratio(tp, tp + fn):7.2f}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wrong", action="store_true", help="print every turn the engine gets wrong")
    args = parser.parse_args(argv)
    from playbook import Playbook

    pb = Playbook.standard("zh")
    chat = _jddc().CHAT
    if chat.is_file():
        judged = judge_turns(pb, chat, read_labels())
        positives = sum(1 for label, _, _ in judged if label.label != CLEAN)
        print(f"turns: {len(judged)} labelled ({positives} violations, {len(judged) - positives} clean)")
        pairs = [(frozenset() if lab.label == CLEAN else frozenset({lab.label}), flagged) for lab, flagged, _ in judged]
        print("\n".join(table("per taboo, turns", scores(pairs))))
        if args.wrong:
            for (label, flagged, text), (want, _) in zip(judged, pairs):
                if want != flagged:
                    print(f"  {label.session}:{label.turn} label={label.label} flagged={sorted(flagged)}  {text[:120]}")
    else:
        print(f"jddc-sample not found at {chat}: the turns are not measured")
    cases = judge_cases(pb)
    print(f"cases: {len(cases)} labelled ({sum(1 for _, lab, _ in cases if lab)} with a violation)")
    print("\n".join(table("per taboo, cases", scores([(lab, got) for _, lab, got in cases]))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
