"""``eval``, ``explain`` and ``diff`` name every phrase hit: its id, where it is written, what it matched."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook import Playbook
from playbook.cli.main import cli

CASE = {"id": "hit-1", "transcript": [
    {"role": "customer", "text": "门店的东西坏了"},
    {"role": "agent", "text": "这个不归我们门店管"},
]}

OVERLAY = """\
extends: standard:zh
phrase_sets:
  - id: forbidden.everyday
    kind: forbidden
    taboo: careless_promises
    phrases:
      - {id: everyday.surely, text: 肯定没问题}
taboos:
  - id: careless_promises
    checks:
      - {id: everyday, kind: phrases, phrase_sets: [forbidden.everyday]}
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    cases = tmp_path / "cases.jsonl"
    second = {"id": "hit-2", "transcript": [{"role": "agent", "text": "您放心，肯定没问题的"}]}
    cases.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in (CASE, second)) + "\n", encoding="utf-8")
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(OVERLAY, encoding="utf-8")
    return cases, overlay


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": "240"})
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def _where(playbook: Playbook, phrase_id: str) -> str:
    [phrase] = [p for p in playbook.compiled.phrases.phrases if p.id == phrase_id]
    assert phrase.origin.source is not None
    return phrase.origin.source


def test_evidence_names_the_phrase_and_where_it_is_written(standard_zh: Playbook) -> None:
    [violation] = [v for v in standard_zh.evaluate(CASE).violations if v.evidence]
    [evidence] = violation.evidence
    assert (evidence.phrase_id, evidence.text) == ("not_our_department", "不归我们门店管")
    assert evidence.source == _where(standard_zh, "not_our_department")
    assert "rules/zh/phrases.yaml:" in evidence.source


def test_a_worker_names_the_same_place(standard_zh: Playbook) -> None:
    copy = pickle.loads(pickle.dumps(standard_zh))
    assert copy.evaluate(CASE).violations == standard_zh.evaluate(CASE).violations


def test_eval_text_and_json(files: tuple[Path, Path], standard_zh: Playbook) -> None:
    cases, _ = files
    where = _where(standard_zh, "not_our_department")
    text = _run("eval", str(cases))
    assert "“不归我们门店管” ← not_our_department" in text and where in text.replace("\n", "").replace(" ", "")
    [first, _second] = [json.loads(line) for line in _run("eval", str(cases), "--format", "json").splitlines()]
    [evidence] = [e for v in first["violations"] for e in v["evidence"]]
    assert (evidence["phrase_id"], evidence["text"], evidence["source"]) == ("not_our_department", "不归我们门店管",
                                                                             where)


def test_explain_text_and_json(files: tuple[Path, Path], standard_zh: Playbook) -> None:
    cases, _ = files
    where = _where(standard_zh, "not_our_department")
    text = _run("explain", str(cases), "--only", "failures")
    assert f"phrase not_our_department “不归我们门店管” in msg 1 [2:9] at {where}" in text
    document = json.loads(_run("explain", str(cases), "--only", "failures", "--format", "json").splitlines()[0])
    hits = [h for step in document["steps"] for h in step["hits"]]
    assert hits == [{"phrase": "not_our_department", "source": where, "text": "不归我们门店管",
                     "message_index": 1, "start": 2, "end": 9}]


def test_diff_says_which_phrase_caused_each_change(files: tuple[Path, Path]) -> None:
    cases, overlay = files
    where = _where(Playbook.load(overlay), "everyday.surely")
    text = _run("diff", "standard:zh", str(overlay), "--cases", str(cases))
    assert "case hit-2\n  + careless_promises/everyday  (0 → 1)\n" \
           f"      + phrase everyday.surely “肯定没问题” at {where}\n" in text
    assert "case hit-1" not in text  # unchanged
    document = json.loads(_run("diff", "standard:zh", str(overlay), "--cases", str(cases), "--format", "json"))
    [change] = document["cases"]
    assert change["violations"]["phrases"] == {
        "gained": [{"rule": "careless_promises/everyday", "phrase": "everyday.surely", "text": "肯定没问题",
                    "source": where}],
        "lost": [],
    }
    back = json.loads(_run("diff", str(overlay), "standard:zh", "--cases", str(cases), "--format", "json"))
    assert back["cases"][0]["violations"]["phrases"]["lost"][0]["phrase"] == "everyday.surely"
