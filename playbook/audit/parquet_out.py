"""Decisions as a Parquet table: the columns an analyst filters on, plus the whole
decision as JSON (a nested decision has no one fixed Arrow schema across playbooks)."""

from __future__ import annotations

import json
from pathlib import Path

from playbook.errors import Diagnostic, LoadError

BATCH = 10_000


def decisions_to_parquet(source: Path, target: Path) -> Path:
    """Stream ``decisions.jsonl`` into ``decisions.parquet`` in batches (bounded memory)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise LoadError(Diagnostic(code="missing-extra", message="--decisions-format parquet needs pyarrow",
                                   hint="pip install 'complaint-playbook[audit]'")) from None
    schema = pa.schema([("case_id", pa.string()), ("category", pa.string()), ("severity", pa.string()),
                        ("priority", pa.string()), ("violations", pa.int32()), ("escalation", pa.string()),
                        ("sla_breaches", pa.int32()), ("decision", pa.string())])
    temporary = target.with_name(f".{target.name}.tmp")
    with pq.ParquetWriter(temporary, schema) as writer, open(source, encoding="utf-8") as lines:
        batch: list[dict[str, object]] = []
        for line in lines:
            d = json.loads(line)
            batch.append({"case_id": d["case_id"], "category": d["category"]["id"], "severity": d["severity"],
                          "priority": d["priority"], "violations": len(d["violations"]),
                          "escalation": d["escalation"]["level"] if d["escalation"]["required"] else None,
                          "sla_breaches": sum(1 for c in d["sla"] if c["breached"]), "decision": line.rstrip("\n")})
            if len(batch) >= BATCH:
                writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
                batch = []
        if batch:
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
    temporary.replace(target)
    return target
