"""``audit_dataframe``: decide every row of a Spark DataFrame with a playbook."""

from __future__ import annotations

import functools
import json
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from playbook.api import Playbook
from playbook.audit.mapping import ColumnMapping, RowError, case_fields, identity_case
from playbook.audit.readers import Unit
from playbook.audit.records import decide_unit
from playbook.audit.sessions import session_case
from playbook.errors import Diagnostic, LoadError

RESULT_COLUMNS = ("position", "case_id", "decision", "violations", "reject")


def _spark() -> Any:
    try:
        import pyspark.sql.functions as functions
        import pyspark.sql.types as types
    except ImportError:
        raise LoadError(Diagnostic(code="missing-extra", message="playbook.spark needs pyspark",
                                   hint="pip install 'complaint-playbook[spark]'")) from None
    return functions, types


@dataclass(frozen=True)
class SparkAudit:
    """What an audit of a DataFrame gives: three DataFrames, computed lazily."""

    decisions: Any
    """``case_id``, ``decision`` (the decision as JSON, as in decisions.jsonl)."""
    violations: Any
    """One row per violation piece of evidence, the columns of violations.jsonl."""
    rejects: Any
    """``where``, ``code``, ``error``, ``rows`` for every row that could not be decided."""


@functools.lru_cache(maxsize=4)
def _playbook(content_hash: str, pickled: bytes) -> Playbook:
    """The playbook of a worker process, unpickled and compiled once per content hash."""
    playbook: Playbook = pickle.loads(pickled)
    return playbook


def _unit_of(row: dict[str, Any], mode: str, mapping: ColumnMapping | None, source: str) -> Unit:
    position = int(row["__position"])
    try:
        if mode == "json":
            data = json.loads(row["__case"])
            if not isinstance(data, dict):
                raise RowError("a case is a JSON object")
            return Unit(source, position, position, 1, data=data)
        if mode == "messages":
            assert mapping is not None and mapping.session is not None
            messages = sorted(row["__messages"], key=lambda m: m["__position"])  # collect_list has no order
            if row["__empty"]:
                raise RowError(f"session column '{mapping.session}' is empty")
            labelled = [(f"row {m['__position']}", m) for m in messages]
            case = session_case(messages[0][mapping.session], labelled, mapping)
            return Unit(source, position, position, len(messages), data=case)
        flat = {k: v for k, v in row.items() if k != "__position"}
        data = case_fields(mapping, flat) if mapping is not None else identity_case(flat)
        return Unit(source, position, position, 1, data=data)
    except (RowError, ValueError) as exc:
        rows = len(row["__messages"]) if mode == "messages" else 1
        return Unit(source, position, position, rows, error=str(exc), code="invalid-row")


def _decide_batches(batches: Iterator[Any], content_hash: str, pickled: bytes, mode: str,
                    mapping_json: str | None, source: str) -> Iterator[Any]:
    import pyarrow as pa

    playbook = _playbook(content_hash, pickled)
    mapping = ColumnMapping.model_validate_json(mapping_json) if mapping_json else None
    for batch in batches:
        out: dict[str, list[Any]] = {name: [] for name in RESULT_COLUMNS}
        for row in batch.to_pylist():
            outcome = decide_unit(playbook, _unit_of(row, mode, mapping, source))
            out["position"].append(int(row["__position"]))
            out["case_id"].append(json.loads(outcome.decision)["case_id"] if outcome.decision else None)
            out["decision"].append(outcome.decision)
            out["violations"].append(json.dumps(outcome.violations, ensure_ascii=False))
            out["reject"].append(json.dumps(outcome.reject, ensure_ascii=False) if outcome.reject else None)
        yield pa.RecordBatch.from_pydict(out)


def audit_dataframe(df: Any, playbook: Playbook, *, case_column: str | None = None,
                    mapping: ColumnMapping | None = None, source: str = "dataframe") -> SparkAudit:
    """Decide every case of ``df``; see the module documentation for the input forms.

    Rows keep a ``position`` (their order in ``df``, or of their session's first row) so
    results can be put back in input order with ``orderBy("position")``.
    """
    functions, types = _spark()
    df = df.withColumn("__position", functions.monotonically_increasing_id())
    if case_column is not None:
        mode = "json"
        df = df.select(functions.col(case_column).alias("__case"), "__position")
    elif mapping is not None and mapping.per_message:
        mode = "messages"
        assert mapping.session is not None
        columns = [c for c in df.columns if c != "__position"]
        session = functions.col(mapping.session)
        empty = session.isNull() | (session.cast("string") == "")
        # A row without a session value is a reject of its own, as in the local audit.
        key = functions.when(empty, functions.concat(functions.lit("\x00"), functions.col("__position").cast("string"))
                             ).otherwise(functions.concat(functions.lit("s"), session.cast("string")))
        df = (df.withColumn("__key", key).groupBy("__key")
              .agg(functions.min("__position").alias("__position"),
                   functions.max(empty.cast("int")).alias("__empty"),
                   functions.collect_list(functions.struct(*columns, "__position")).alias("__messages")))
    else:
        mode = "flat"
    schema = types.StructType([types.StructField("position", types.LongType()),
                               types.StructField("case_id", types.StringType()),
                               types.StructField("decision", types.StringType()),
                               types.StructField("violations", types.StringType()),
                               types.StructField("reject", types.StringType())])
    pickled = pickle.dumps(playbook)
    content_hash = playbook.content_hash
    mapping_json = mapping.model_dump_json() if mapping is not None else None

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        return _decide_batches(batches, content_hash, pickled, mode, mapping_json, source)

    results = df.mapInArrow(run, schema)
    decisions = results.where(functions.col("decision").isNotNull()).select("position", "case_id", "decision")
    violation_type = types.ArrayType(types.StructType([
        types.StructField(name, types.LongType() if name in ("violation", "message_index", "start", "end")
                          else types.StringType())
        for name in ("case", "violation", "taboo", "rule", "severity", "team", "phrase_id", "phrase", "message_index",
                     "start", "end", "text", "agent")]))
    violations = (results.where(functions.col("decision").isNotNull())
                  .select("position", functions.explode(functions.from_json("violations", violation_type)).alias("v"))
                  .select("position", "v.*"))
    rejects = results.where(functions.col("reject").isNotNull()).select("position", "reject")
    return SparkAudit(decisions=decisions, violations=violations, rejects=rejects)
