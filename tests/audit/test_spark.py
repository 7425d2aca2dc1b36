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


def test_case_json_column_equals_the_local_audit(tmp_path: Path, spark: Any) -> None:
    zh = Playbook.standard("zh")
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


def test_messages_grouped_by_session_equal_the_local_audit(tmp_path: Path, spark: Any) -> None:
    zh = Playbook.standard("zh")
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
