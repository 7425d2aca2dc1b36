"""A table of one row per message, its sessions split apart (an unsorted export): one
session is still one case, in every table format, and the audit equals the sorted one."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import pytest

from playbook import Playbook
from playbook.audit.mapping import load_mapping
from playbook.audit.run import AuditOptions, audit
from playbook.audit.sessions import SPILL, order_key

from .archives import MAPPING, decisions, long_cases, message_rows, rejects, violations, write_csv, write_tsv

CASES = 40
MESSAGES = 12


@pytest.fixture(scope="module")
def zh(standard_zh: Playbook) -> Playbook:
    return standard_zh  # the session's (immutable) playbook, not a second load


def sorted_rows() -> list[dict[str, Any]]:
    rows = message_rows(long_cases(CASES, MESSAGES))
    rows[5 * MESSAGES + 3]["sender"] = "9"  # session s0005 has a bad row: rejected whole
    rows.insert(7 * MESSAGES, {**rows[0], "session_id": "", "content": "orphan"})  # no session: a reject alone
    return rows


def shuffled(rows: list[dict[str, Any]], seed: int = 13) -> list[dict[str, Any]]:
    copy = list(rows)
    random.Random(seed).shuffle(copy)
    return copy


def by_case(out: Path) -> dict[str, Any]:
    return {d["case_id"]: d for d in decisions(out)}


def violation_key(out: Path) -> list[tuple[Any, ...]]:
    return sorted((v["case"], v["rule"], v["message_index"], v["start"], v["end"], v["agent"], v["team"])
                  for v in violations(out))


def reject_key(out: Path) -> list[tuple[Any, ...]]:
    return sorted((r["code"], r["rows"]) for r in rejects(out))


def _write(kind: str, path: Path, rows: list[dict[str, Any]]) -> Path:
    if kind == "csv":
        return write_csv(path.with_suffix(".csv"), rows)
    if kind == "tsv":
        return write_tsv(path.with_suffix(".tsv"), rows)
    if kind == "jsonl":
        target = path.with_suffix(".jsonl")
        target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        return target
    pa = pytest.importorskip("pyarrow") if not os.environ.get("CI") else __import__("pyarrow")
    import pyarrow.parquet as pq

    target = path.with_suffix(".parquet")
    pq.write_table(pa.Table.from_pylist(rows), target, row_group_size=37)
    return target


@pytest.mark.parametrize("kind", ["csv", "tsv", "jsonl", "parquet"])
def test_shuffled_sessions_are_one_case_each_and_equal_the_sorted_audit(tmp_path: Path, zh: Playbook,
                                                                        kind: str) -> None:
    mapping = load_mapping(MAPPING)
    rows = sorted_rows()
    ordered = _write(kind, tmp_path / "sorted", rows)
    mixed = _write(kind, tmp_path / "shuffled", shuffled(rows))
    audit([str(ordered)], zh, tmp_path / "a", mapping=mapping, options=AuditOptions(report=False, part_units=7))
    result = audit([str(mixed)], zh, tmp_path / "b", mapping=mapping, options=AuditOptions(report=False, part_units=7))
    assert result.summary["rows"] == {"in": len(rows), "decided": (CASES - 1) * MESSAGES,
                                      "rejected": MESSAGES + 1, "balanced": True}
    assert result.summary["cases"]["decided"] == CASES - 1
    decided = by_case(tmp_path / "b")
    assert len(decided) == CASES - 1 and "s0005" not in decided
    assert decided == by_case(tmp_path / "a")
    assert violation_key(tmp_path / "b") == violation_key(tmp_path / "a")
    assert reject_key(tmp_path / "b") == reject_key(tmp_path / "a") == [("invalid-row", 1), ("invalid-row", MESSAGES)]
    assert result.summary["by"] == json.loads((tmp_path / "a" / "summary.json").read_text())["by"]
    # The messages are back in `seq` order, "10" after "9": the taboo line is where it was put.
    blamed = [v for v in violations(tmp_path / "b") if v["case"] == "s0017" and v["taboo"] == "blame_shifting"]
    assert blamed and {v["message_index"] for v in blamed} == {11}
    assert all(v["text"] in "不关我的事，你去找快递。" for v in blamed)
    assert not (tmp_path / "b" / SPILL).exists()  # removed once the audit is complete


def test_a_reject_names_the_bad_row_and_covers_its_session(tmp_path: Path, zh: Playbook) -> None:
    rows = shuffled(sorted_rows(), seed=5)
    archive = write_csv(tmp_path / "m.csv", rows)
    audit([str(archive)], zh, tmp_path / "out", mapping=load_mapping(MAPPING), options=AuditOptions(report=False))
    bad_line = 2 + next(i for i, r in enumerate(rows) if r["sender"] == "9")
    lines = [2 + i for i, r in enumerate(rows) if r["session_id"] == "s0005"]
    session = next(r for r in rejects(tmp_path / "out") if r["rows"] > 1)
    assert session["rows"] == MESSAGES
    assert (session["line"], session["last_line"]) == (min(lines), max(lines))
    assert f"line {bad_line}: role value '9'" in session["error"]
    orphan = next(r for r in rejects(tmp_path / "out") if r["rows"] == 1)
    assert orphan["line"] == 2 + next(i for i, r in enumerate(rows) if r["session_id"] == "")
    assert "session column 'session_id' is empty" in orphan["error"]


def test_a_session_split_across_two_files_is_one_case(tmp_path: Path, zh: Playbook) -> None:
    rows = sorted_rows()
    mixed = shuffled(rows, seed=7)
    first = write_csv(tmp_path / "one.csv", mixed[: len(mixed) // 2])
    second = write_csv(tmp_path / "two.csv", mixed[len(mixed) // 2:])
    whole = write_csv(tmp_path / "whole.csv", rows)
    mapping = load_mapping(MAPPING)
    split = audit([str(first), str(second)], zh, tmp_path / "split", mapping=mapping, options=AuditOptions(report=False))
    audit([str(whole)], zh, tmp_path / "whole", mapping=mapping, options=AuditOptions(report=False))
    assert split.summary["cases"]["decided"] == CASES - 1
    assert by_case(tmp_path / "split") == by_case(tmp_path / "whole")
    session = next(r for r in rejects(tmp_path / "split") if r["rows"] > 1)
    assert "two.csv" in session["where"] or "one.csv" in session["where"]


def test_an_unfinished_or_foreign_spill_is_built_again(tmp_path: Path, zh: Playbook) -> None:
    mapping = load_mapping(MAPPING)
    archive = write_csv(tmp_path / "m.csv", shuffled(sorted_rows()))
    audit([str(archive)], zh, tmp_path / "clean", mapping=mapping, options=AuditOptions(report=False))
    out = tmp_path / "out"
    out.mkdir()
    (out / f".{SPILL}.tmp").write_bytes(b"half a spill, killed while writing")
    (out / SPILL).write_bytes(b"not a database")
    audit([str(archive)], zh, out, mapping=mapping, options=AuditOptions(report=False))
    for kind in ("decisions.jsonl", "violations.jsonl", "rejects.jsonl"):
        assert (out / kind).read_bytes() == (tmp_path / "clean" / kind).read_bytes()


def test_order_keys_are_total() -> None:
    import datetime as dt

    values: list[Any] = ["10", "9", 3, 2.5, "b", "a", dt.datetime(2026, 3, 1), None, True]
    ranked = sorted(values, key=order_key)
    assert ranked[:4] == [2.5, 3, "9", "10"]
    assert ranked.index("a") < ranked.index("b")


def test_parquet_times_and_numbers_survive_the_spill(tmp_path: Path, zh: Playbook) -> None:
    """Typed Parquet columns (a timestamp, an integer order) come back from the spill as they went in."""
    pa = pytest.importorskip("pyarrow") if not os.environ.get("CI") else __import__("pyarrow")
    import datetime as dt

    import pyarrow.parquet as pq

    rows = message_rows(long_cases(12, MESSAGES))
    for row in rows:
        row["sent_at"] = dt.datetime.fromisoformat(row["sent_at"]) + dt.timedelta(minutes=row["seq"])
    mapping = load_mapping(MAPPING)
    outs = []
    for name, table in (("sorted", rows), ("shuffled", shuffled(rows))):
        path = tmp_path / f"{name}.parquet"
        pq.write_table(pa.Table.from_pylist(table), path)
        audit([str(path)], zh, tmp_path / name, mapping=mapping, options=AuditOptions(report=False))
        outs.append(by_case(tmp_path / name))
    assert outs[0] == outs[1] and len(outs[0]) == 12
    assert json.loads((tmp_path / "shuffled" / "summary.json").read_text())["rows"]["rejected"] == 0
