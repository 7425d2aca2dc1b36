"""playbook.spark in local mode decides exactly as the local audit on the same input."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from playbook import Playbook
from playbook.audit.mapping import load_mapping
from playbook.audit.run import AuditOptions, audit

from .archives import MAPPING, decisions, message_rows, write_jsonl
from .test_audit import BAD, GOOD

if not os.environ.get("CI"):
    pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    import sys

    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers run this interpreter
    session = (SparkSession.builder.master("local[2]").appName("playbook-audit-test")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
    yield session
    session.stop()


def _strip(decision: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(decision)
    data.pop("evaluated_at", None)
    return data


def test_case_json_column_equals_the_local_audit(tmp_path: Path, spark: Any, standard_zh: Playbook) -> None:
    zh = standard_zh
    archive = write_jsonl(tmp_path / "a.jsonl", GOOD * 3, BAD)
    audit([str(archive)], zh, tmp_path / "out", options=AuditOptions(report=False))
    lines = archive.read_text(encoding="utf-8").splitlines()
    df = spark.createDataFrame([(line,) for line in lines], "case string").repartition(2)
    from playbook.spark import audit_dataframe

    result = audit_dataframe(df, zh, case_column="case")
    spark_decisions = {row.case_id: _strip(row.decision) for row in result.decisions.collect()}
    local = {d["case_id"]: d for d in decisions(tmp_path / "out")}
    assert spark_decisions == local
    local_violations = [json.loads(x) for x in (tmp_path / "out" / "violations.jsonl").read_text().splitlines()]
    spark_violations = [row.asDict() for row in result.violations.collect()]
    key = lambda v: (v["case"], v["rule"], v["message_index"] or -1, v["start"] or -1)  # noqa: E731
    assert sorted(key(v) for v in spark_violations) == sorted(key(v) for v in local_violations)
    assert result.rejects.count() == len(BAD)


def test_messages_grouped_by_session_equal_the_local_audit(tmp_path: Path, spark: Any, standard_zh: Playbook) -> None:
    zh = standard_zh
    mapping = load_mapping(MAPPING)
    rows = message_rows(GOOD)
    rows = [{**r, "seq": str(r["seq"])} for r in rows]
    from .archives import write_csv

    csv_path = write_csv(tmp_path / "m.csv", rows)
    audit([str(csv_path)], zh, tmp_path / "out", mapping=mapping, options=AuditOptions(report=False))
    df = spark.createDataFrame(rows[::-1])  # shuffled order: grouping and `order` must fix it
    from playbook.spark import audit_dataframe

    result = audit_dataframe(df, zh, mapping=mapping)
    spark_decisions = {row.case_id: _strip(row.decision) for row in result.decisions.collect()}
    assert spark_decisions == {d["case_id"]: d for d in decisions(tmp_path / "out")}


def test_shuffled_messages_equal_the_local_and_the_sorted_audit(tmp_path: Path, spark: Any, standard_zh: Playbook) -> None:
    """An unsorted export: local audit == Spark == the audit of the sorted export, row for row."""
    from playbook.spark import audit_dataframe

    from .archives import rejects, violations, write_csv
    from .test_sessions import by_case, reject_key, shuffled, sorted_rows, violation_key

    zh = standard_zh
    mapping = load_mapping(MAPPING)
    rows = sorted_rows()
    mixed = shuffled(rows, seed=21)
    audit([str(write_csv(tmp_path / "sorted.csv", rows))], zh, tmp_path / "sorted", mapping=mapping,
          options=AuditOptions(report=False))
    audit([str(write_csv(tmp_path / "mixed.csv", mixed))], zh, tmp_path / "mixed", mapping=mapping,
          options=AuditOptions(report=False))
    df = spark.createDataFrame([{k: str(v) for k, v in r.items()} for r in mixed]).repartition(3)
    result = audit_dataframe(df, zh, mapping=mapping)
    spark_decisions = {row.case_id: _strip(row.decision) for row in result.decisions.collect()}
    assert spark_decisions == by_case(tmp_path / "mixed") == by_case(tmp_path / "sorted")
    spark_violations = sorted((v["case"], v["rule"], v["message_index"], v["start"], v["end"], v["agent"], v["team"])
                              for v in (row.asDict() for row in result.violations.collect()))
    assert spark_violations == violation_key(tmp_path / "mixed") == violation_key(tmp_path / "sorted")
    assert len(violations(tmp_path / "mixed")) == len(spark_violations)
    spark_rejects = sorted((json.loads(row.reject)["code"], json.loads(row.reject)["rows"])
                           for row in result.rejects.collect())
    assert spark_rejects == reject_key(tmp_path / "mixed") == reject_key(tmp_path / "sorted")
    assert len(rejects(tmp_path / "mixed")) == 2
