"""Mixed good and bad rows in every input format and compression: the counts add up, every
reject names its file and line (or Parquet row) and the field at fault, and the good rows
are decided exactly as the same cases given as plain JSON Lines."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from playbook import Playbook
from playbook.audit.run import AuditOptions, audit

from .archives import decisions, rejects, write_jsonl
from .test_audit import GOOD

FORMATS = ["jsonl", "jsonl.gz", "jsonl.zst", "csv", "csv.gz", "csv.zst", "tsv", "tsv.gz", "tsv.zst",
           "parquet", "parquet-gzip", "parquet-zstd"]
ROBOT = 3
"""Where the bad rows go (0-based among the rows written)."""
NO_AMOUNT = 6
BROKEN = 9


def _flat(case: dict[str, Any]) -> dict[str, Any]:
    return {"id": case["id"], "evaluated_at": case["evaluated_at"], "received_at": case["received_at"],
            "facts.agent": case["facts"]["agent"], "facts.team": case["facts"]["team"], "customer.order_amount": "100",
            "transcript": json.dumps(case["transcript"], ensure_ascii=False)}


def _rows() -> list[dict[str, Any]]:
    """Cases with a bad role at ROBOT and a bad amount at NO_AMOUNT (the structural fault at
    BROKEN is written by each format in its own way)."""
    cases = [{**json.loads(json.dumps(c)), "customer": {"order_amount": 100}} for c in GOOD]
    cases[ROBOT]["transcript"][0]["role"] = "robot"
    cases[NO_AMOUNT]["customer"] = {"order_amount": "lots"}
    return cases


def _compress(data: bytes, codec: str) -> bytes:
    if codec == "gz":
        return gzip.compress(data)
    zstandard = pytest.importorskip("zstandard") if not os.environ.get("CI") else __import__("zstandard")
    return bytes(zstandard.ZstdCompressor().compress(data))


def write_archive(folder: Path, kind: str) -> tuple[Path, int]:
    """The archive in format ``kind``; and how far the first row is from line (row) 1."""
    cases = _rows()
    base, _, codec = kind.partition(".")
    if base == "jsonl":
        lines = [json.dumps(c, ensure_ascii=False) for c in cases]
        lines[BROKEN] = lines[BROKEN][:-7]  # cut short: not valid JSON
        data, first = "".join(line + "\n" for line in lines).encode("utf-8"), 1
    elif base in ("csv", "tsv"):
        flat = [_flat(c) for c in cases]
        flat[NO_AMOUNT]["customer.order_amount"] = "lots"
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=list(flat[0]), delimiter="," if base == "csv" else "\t")
        writer.writeheader()
        for i, row in enumerate(flat):
            if i == BROKEN:
                text.write("c9" + ("," if base == "csv" else "\t") + "only two values\r\n")
            else:
                writer.writerow(row)
        data, first = text.getvalue().encode("utf-8"), 2
    else:
        pa = pytest.importorskip("pyarrow") if not os.environ.get("CI") else __import__("pyarrow")
        import pyarrow.parquet as pq

        flat = [_flat(c) for c in cases]
        flat[NO_AMOUNT]["customer.order_amount"] = "lots"
        flat[BROKEN]["transcript"] = "[{broken"
        path = folder / "archive.parquet"
        pq.write_table(pa.Table.from_pylist(flat), path, row_group_size=4,
                       compression=kind.partition("-")[2] or "snappy")
        return path, 1
    path = folder / f"archive.{kind}"
    path.write_bytes(_compress(data, codec) if codec else data)
    return path, first


@pytest.fixture(scope="module")
def zh(standard_zh: Playbook) -> Playbook:
    return standard_zh  # the session's (immutable) playbook, not a second load


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory, zh: Playbook) -> list[dict[str, Any]]:
    """The good rows as plain cases (with the amount the flat rows carry): what every format decides."""
    folder = tmp_path_factory.mktemp("plain")
    cases = [c for i, c in enumerate(_rows()) if i not in (ROBOT, NO_AMOUNT, BROKEN)]
    audit([str(write_jsonl(folder / "plain.jsonl", cases))], zh, folder / "out", options=AuditOptions(report=False))
    return decisions(folder / "out")


@pytest.mark.parametrize("kind", FORMATS)
def test_every_format_accounts_for_every_row(tmp_path: Path, zh: Playbook, kind: str,
                                             expected: list[dict[str, Any]]) -> None:
    archive, first = write_archive(tmp_path, kind)
    result = audit([str(archive)], zh, tmp_path / "out", options=AuditOptions(report=False))
    assert result.summary["rows"] == {"in": len(GOOD), "decided": len(GOOD) - 3, "rejected": 3, "balanced": True}
    found = rejects(tmp_path / "out")
    assert [(r["file"], r["line"], r["rows"]) for r in found] == [(str(archive), first + i, 1)
                                                                  for i in (ROBOT, NO_AMOUNT, BROKEN)]
    word = "row" if kind.startswith("parquet") else "line"
    assert [r["where"] for r in found] == [f"{archive}:{word} {first + i}" for i in (ROBOT, NO_AMOUNT, BROKEN)]
    robot, amount, broken = found
    assert "transcript[0].role" in robot["error"]
    assert "order_amount" in amount["error"]
    assert broken["code"] in ({"jsonl": "invalid-json", "csv": "invalid-csv", "tsv": "invalid-csv"}
                              .get(kind.partition(".")[0], "invalid-row"),)
    decided = decisions(tmp_path / "out")
    assert [d["case_id"] for d in decided] == [d["case_id"] for d in expected]
    assert decided == expected
