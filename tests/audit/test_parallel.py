"""The process-pool map keeps order, equals the inline run, and pickles playbooks safely."""

from __future__ import annotations

import pickle

import pytest

from playbook import Playbook
from playbook.errors import CaseError, LoadError
from playbook.parallel import evaluate_ordered, ordered_map, resolve_jobs

NOW = "2026-03-02T12:00:00+08:00"


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
