"""Precision and recall per taboo on the hand-labelled set (bench/labelled_set.py prints the table).

The turns are real JDDC agent turns stored by reference (tests/judgment/data/jddc_turns.tsv);
without ../shared/data they are skipped, but when the sample is there a reference that no longer
points at the judged turn fails instead of skipping. The cases are playbook tests and always run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from playbook.api import Playbook
from tests.judgment.bench_scripts import load_bench

# taboo → (min precision, min recall) on the labelled turns. Every flag must be one a trainer
# would defend, so precision is 1.0 everywhere; recall is what the checks reach today and must
# not fall (passing_the_ball has two labelled turns that send the customer to the seller and no
# turn-level check that tells them from a useful referral yet).
TURN_THRESHOLDS = {
    "careless_promises": (1.0, 0.9),
    "formulaic_handling": (1.0, 1.0),
    "poor_explanation": (1.0, 0.5),
    "passing_the_ball": (1.0, 0.0),
}
CASE_THRESHOLDS = (1.0, 1.0)


def _bench() -> Any:
    return load_bench("labelled_set")


def test_the_labels_are_many_references_with_reasons() -> None:
    bench = _bench()
    labels = bench.read_labels()
    assert len(labels) >= 300
    assert len({(lab.session, lab.turn) for lab in labels}) == len(labels)
    taboos = {"clean", "blame_shifting", "passing_the_ball", "careless_promises", "poor_explanation",
              "cold_attitude", "delay", "formulaic_handling"}
    for label in labels:
        assert label.label in taboos, label
        assert label.reason.startswith(("§", "ordinary")), label  # tied to a DOMAIN.md section
        assert len(label.digest) == 8
    assert sum(1 for lab in labels if lab.label != "clean") >= 30


def test_turns_precision_and_recall_per_taboo(standard_zh: Playbook, shared_data: Path) -> None:
    bench = _bench()
    chat = shared_data / "jddc-sample" / "chat_0.1per.txt"
    if not chat.is_file():
        pytest.skip("jddc-sample not present")
    judged = bench.judge_turns(standard_zh, chat, bench.read_labels())  # SampleChanged fails, never skips
    pairs = [(frozenset() if lab.label == "clean" else frozenset({lab.label}), flagged) for lab, flagged, _ in judged]
    result = bench.scores(pairs)
    wrong = [(lab.session, lab.turn, lab.label, sorted(flagged)) for (lab, flagged, _), (want, _) in zip(judged, pairs)
             if flagged - want]
    assert wrong == [], "flags a trainer would not defend"
    for taboo, (tp, fp, fn) in result.items():
        precision, recall = TURN_THRESHOLDS.get(taboo, (1.0, 1.0))
        assert bench.ratio(tp, tp + fp) >= precision, (taboo, tp, fp, fn)
        assert bench.ratio(tp, tp + fn) >= recall, (taboo, tp, fp, fn)
    assert {t for t, (tp, _, fn) in result.items() if tp + fn} >= {"careless_promises", "formulaic_handling",
                                                                   "poor_explanation"}


def test_a_changed_sample_fails_instead_of_skipping(standard_zh: Playbook, shared_data: Path, tmp_path: Path) -> None:
    bench = _bench()
    chat = shared_data / "jddc-sample" / "chat_0.1per.txt"
    if not chat.is_file():
        pytest.skip("jddc-sample not present")
    label = bench.read_labels()[0]
    wrong = bench.Label(label.session, label.turn, "00000000", label.label, label.reason)
    with pytest.raises(bench.SampleChanged):
        bench.judge_turns(standard_zh, chat, [wrong])


def test_cases_precision_and_recall_per_taboo(standard_zh: Playbook) -> None:
    bench = _bench()
    cases = bench.judge_cases(standard_zh)
    assert len(cases) >= 40
    assert sum(1 for _, labelled, _ in cases if labelled) >= 20
    assert sum(1 for _, labelled, _ in cases if not labelled) >= 10
    for taboo, (tp, fp, fn) in bench.scores([(lab, got) for _, lab, got in cases]).items():
        assert bench.ratio(tp, tp + fp) >= CASE_THRESHOLDS[0], (taboo, tp, fp, fn)
        assert bench.ratio(tp, tp + fn) >= CASE_THRESHOLDS[1], (taboo, tp, fp, fn)
