"""The process-pool map keeps order, equals the inline run, and pickles playbooks safely."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from playbook import Playbook
from playbook.errors import CaseError, LoadError
from playbook.parallel import evaluate_ordered, ordered_map, resolve_jobs

NOW = "2026-03-02T12:00:00+08:00"
ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"


def _cases(n: int) -> list[dict[str, object]]:
    texts = ["这是公司的规定，不能退。", "不关我的事，你去找快递。", "好的，我马上为您退款。", "我也没办法。"]
    return [{"id": f"c{i}", "evaluated_at": NOW, "received_at": "2026-03-02T10:00:00+08:00",
             "transcript": [{"role": "customer", "text": "果干发霉了"},
                            {"role": "agent", "text": texts[i % len(texts)]}]} for i in range(n)]


@pytest.fixture(scope="module")
def zh(standard_zh: Playbook) -> Playbook:
    return standard_zh  # the session's (immutable) playbook, not a second load


def test_pickled_playbook_decides_the_same(zh: Playbook) -> None:
    copy = pickle.loads(pickle.dumps(zh))
    assert copy.content_hash == zh.content_hash
    for case in _cases(8):
        assert copy.evaluate(case) == zh.evaluate(case)


def test_unpickling_another_playbook_is_refused(zh: Playbook) -> None:
    from playbook.api import _unpickle_playbook

    with pytest.raises(LoadError) as caught:
        _unpickle_playbook(zh.source, "0" * 64)
    assert caught.value.diagnostics[0].code == "playbook-hash-mismatch"


def test_two_workers_give_the_inline_decisions_in_order(zh: Playbook) -> None:
    cases = _cases(50)
    inline = list(evaluate_ordered(zh, cases, jobs=1))
    pooled = list(evaluate_ordered(zh, cases, jobs=2, chunk_size=3, max_in_flight=2))
    assert [d.case_id for d in pooled] == [f"c{i}" for i in range(50)]
    assert pooled == inline
    taboo_sets = {frozenset(v.taboo for v in d.violations) for d in pooled}
    assert len(taboo_sets) > 1  # the cases really differ, so an order mix-up would show


def test_input_is_read_lazily_with_bounded_chunks_in_flight(zh: Playbook) -> None:
    pulled = 0

    def source() -> object:
        nonlocal pulled
        for case in _cases(200):
            pulled += 1
            yield case

    results = evaluate_ordered(zh, source(), jobs=2, chunk_size=5, max_in_flight=2)  # type: ignore[arg-type]
    first = next(results)
    assert first.case_id == "c0"
    assert pulled <= 5 * 3  # at most max_in_flight chunks (+ the one being built) were read
    results.close()


def test_an_error_surfaces_at_its_position(zh: Playbook) -> None:
    cases: list[object] = list(_cases(6))
    cases[4] = {"id": "bad", "customer": {"tier": 3, "order_amount": "lots"}}
    out = evaluate_ordered(zh, cases, jobs=2, chunk_size=2)  # type: ignore[arg-type]
    got = [next(out).case_id for _ in range(4)]
    assert got == ["c0", "c1", "c2", "c3"]
    with pytest.raises(CaseError):
        next(out)


def test_jobs_resolution() -> None:
    assert resolve_jobs(3) == 3
    assert resolve_jobs(None) >= 1 and resolve_jobs(0) == resolve_jobs(None)
    assert resolve_jobs(-1000) == 1
    with pytest.raises(ValueError):
        list(ordered_map(lambda p, x: x, [1], playbook=None, chunk_size=0))  # type: ignore[arg-type]


_UNPICKLE_AND_DECIDE = """
import json, pickle, sys
import playbook
if len(sys.argv) > 3:
    playbook.__version__ = sys.argv[3]   # a worker running another release of the package
from playbook.errors import LoadError
try:
    copy = pickle.loads(open(sys.argv[1], "rb").read())
except LoadError as exc:
    print(json.dumps({"refused": exc.diagnostics[0].code}))
    raise SystemExit(0)
cases = [json.loads(line) for line in open(sys.argv[2], encoding="utf-8")]
print(json.dumps({"hash": copy.content_hash, "decisions": [copy.evaluate(c).to_json().decode() for c in cases]}))
"""


def _in_another_process(pickled: Path, cases: Path, *version: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", _UNPICKLE_AND_DECIDE, str(pickled), str(cases), *version],
                         capture_output=True, text=True, check=True, env=env, cwd=ROOT)
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def test_a_pickle_decides_alike_in_another_process_whatever_happens_to_the_files(tmp_path: Path) -> None:
    """A pickled playbook carries its validated source and content hash, not a path: another
    process decides exactly as this one did, even after the file it was loaded from changed
    (it is neither refused nor reloaded; load the file again to pick the change up). A
    process running another package version refuses it."""
    rules = tmp_path / "mini.yaml"
    rules.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    loaded = Playbook.load(rules)
    cases = tmp_path / "cases.jsonl"
    with cases.open("w", encoding="utf-8") as handle:
        for case in _cases(8):
            handle.write(json.dumps(case, ensure_ascii=False) + "\n")
    pickled = tmp_path / "playbook.pickle"
    pickled.write_bytes(pickle.dumps(loaded))
    here = [loaded.evaluate(case).to_json().decode() for case in _cases(8)]
    assert any('"not-my-business"' in d for d in here)  # the phrase the edit below removes fires

    assert _in_another_process(pickled, cases) == {"hash": loaded.content_hash, "decisions": here}

    rules.write_text(MINI.read_text(encoding="utf-8").replace("{id: not-my-business, text: 不关我的事}",
                                                               "{id: not-my-business, text: 不关他的事}"),
                     encoding="utf-8")
    reloaded = Playbook.load(rules)
    assert reloaded.content_hash != loaded.content_hash
    assert [reloaded.evaluate(case).to_json().decode() for case in _cases(8)] != here
    assert _in_another_process(pickled, cases) == {"hash": loaded.content_hash, "decisions": here}

    assert _in_another_process(pickled, cases, "0.0.0-other") == {"refused": "playbook-hash-mismatch"}
