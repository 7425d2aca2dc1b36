"""`playbook audit`: every row decided or rejected (located), in every input format."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from playbook import Playbook
from playbook.audit.mapping import load_mapping
from playbook.audit.run import AuditOptions, audit
from playbook.cli.main import cli
from playbook.errors import LoadError, SchemaError

from .archives import MAPPING, MESSAGES_CSV, NOW, decisions, jddc_cases, message_rows, write_csv, write_jsonl


def _case(i: int, agent_text: str) -> dict[str, Any]:
    return {"id": f"c{i}", "evaluated_at": NOW, "received_at": "2026-03-02T10:00:00+08:00",
            "facts": {"agent": f"ag{i % 3}", "team": "north"},
            "transcript": [{"role": "customer", "text": "果干发霉了"}, {"role": "agent", "text": agent_text}]}


GOOD = [_case(i, t) for i, t in enumerate(["这是公司的规定，不能退。", "不关我的事，你去找快递。",
                                           "非常抱歉，我马上为您退款。", "我也没办法。"] * 3)]
BAD = {2: "{not json", 5: '["a", "list"]', 9: json.dumps({"id": "x", "transcript": [{"role": "robot", "text": "?"}]}),
       11: json.dumps({"id": "y", "colour": "red"})}


def _summary(out: Path) -> dict[str, Any]:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def _rejects(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def zh(standard_zh: Playbook) -> Playbook:
    return standard_zh  # the session's (immutable) playbook, not a second load


def test_jsonl_mixed_rows_add_up_and_rejects_are_located(tmp_path: Path, zh: Playbook) -> None:
    archive = write_jsonl(tmp_path / "a.jsonl", GOOD, BAD)
    result = audit([str(archive)], zh, tmp_path / "out")
    rows = result.summary["rows"]
    assert rows == {"in": 16, "decided": 12, "rejected": 4, "balanced": True}
    rejects = _rejects(tmp_path / "out")
    # BAD lines go before the good row at that index: line numbers shift by those before them.
    assert [r["line"] for r in rejects] == [3, 7, 12, 15]
    assert [r["code"] for r in rejects] == ["invalid-json", "invalid-case", "invalid-case", "unknown-field"]
    assert "transcript[0].role" in rejects[2]["error"] and "colour" in rejects[3]["error"]
    assert len(decisions(tmp_path / "out")) == 12
    violations = [json.loads(x) for x in (tmp_path / "out" / "violations.jsonl").read_text().splitlines()]
    blame = [v for v in violations if v["phrase_id"] and v["taboo"] == "blame_shifting"]
    assert blame and blame[0]["text"] in "不关我的事，你去找快递。" and blame[0]["message_index"] == 1
    assert blame[0]["agent"] in {"ag0", "ag1", "ag2"} and blame[0]["team"] == "north"
    assert result.summary["by"]["taboo"]["blame_shifting"] == 3


def test_gzip_and_zstd_give_the_same_decisions(tmp_path: Path, zh: Playbook) -> None:
    zstandard = pytest.importorskip("zstandard") if not os.environ.get("CI") else __import__("zstandard")
    plain = write_jsonl(tmp_path / "a.jsonl", GOOD, BAD)
    data = plain.read_bytes()
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(data))
    (tmp_path / "c.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(data))
    (tmp_path / "d.jsonl").write_bytes(gzip.compress(data))  # found by magic, not name
    outs = []
    for name in ("a.jsonl", "b.jsonl.gz", "c.jsonl.zst", "d.jsonl"):
        out = tmp_path / f"out-{name}"
        audit([str(tmp_path / name)], zh, out, options=AuditOptions(report=False))
        outs.append(out)
    assert all(decisions(o) == decisions(outs[0]) for o in outs)
    assert all(_summary(o)["rows"]["rejected"] == 4 for o in outs)


def test_csv_messages_grouped_by_session_through_the_mapping(tmp_path: Path, zh: Playbook) -> None:
    result = audit([str(MESSAGES_CSV)], zh, tmp_path / "out", mapping=load_mapping(MAPPING))
    assert result.summary["rows"] == {"in": 13, "decided": 8, "rejected": 5, "balanced": True}
    rejects = _rejects(tmp_path / "out")
    assert [(r["line"], r["last_line"], r["rows"]) for r in rejects] == [(6, 7, 2), (8, 9, 2), (12, 12, 1)]
    assert "role value '7'" in rejects[0]["error"] and "line 7" in rejects[0]["error"]
    assert "session column" in rejects[2]["error"]
    decided = {d["case_id"]: d for d in decisions(tmp_path / "out")}
    assert set(decided) == {"s001", "s002", "s005", "s006"}
    assert any(v["taboo"] == "formulaic_handling" for v in decided["s001"]["violations"])
    # s002 is written out of order: `order: seq` puts the customer first.
    assert not decided["s002"]["violations"] or all(v["taboo"] != "blame_shifting"
                                                    for v in decided["s002"]["violations"])
    assert result.summary["by"]["agent"].get("ag01", 0) >= 1


def test_parquet_flat_and_per_message(tmp_path: Path, zh: Playbook) -> None:
    pa = pytest.importorskip("pyarrow") if not os.environ.get("CI") else __import__("pyarrow")
    import pyarrow.parquet as pq

    rows = message_rows(GOOD)
    rows[3]["sender"] = "9"  # rejects session c1 (rows 3-4)
    table = pa.Table.from_pylist(rows)
    pq.write_table(table, tmp_path / "m.parquet", row_group_size=5)
    result = audit([str(tmp_path / "m.parquet")], zh, tmp_path / "out", mapping=load_mapping(MAPPING))
    assert result.summary["rows"] == {"in": 24, "decided": 22, "rejected": 2, "balanced": True}
    assert [(r["line"], r["last_line"]) for r in _rejects(tmp_path / "out")] == [(3, 4)]
    assert "row 4" in _rejects(tmp_path / "out")[0]["error"]
    # Flat: one row per case with columns named like case fields, transcript as JSON text.
    flat = [{"id": c["id"], "evaluated_at": c["evaluated_at"], "facts.agent": c["facts"]["agent"],
             "transcript": json.dumps(c["transcript"], ensure_ascii=False)} for c in GOOD]
    flat[1]["transcript"] = "[broken"
    pq.write_table(pa.Table.from_pylist(flat), tmp_path / "f.parquet")
    flat_result = audit([str(tmp_path / "f.parquet")], zh, tmp_path / "out2")
    assert flat_result.summary["rows"] == {"in": 12, "decided": 11, "rejected": 1, "balanced": True}
    assert _rejects(tmp_path / "out2")[0]["line"] == 2


def test_csv_equals_jsonl_of_the_same_sessions(tmp_path: Path, zh: Playbook) -> None:
    csv_path = write_csv(tmp_path / "m.csv", message_rows(GOOD))
    audit([str(csv_path)], zh, tmp_path / "csv", mapping=load_mapping(MAPPING), options=AuditOptions(report=False))
    via_csv = {d["case_id"]: [v["rule"] for v in d["violations"]] for d in decisions(tmp_path / "csv")}
    same = [{"id": c["id"], "channel": "chat", "facts": c["facts"],
             "transcript": [{**m, "at": c["received_at"], "author": c["facts"]["agent"]} for m in c["transcript"]]}
            for c in GOOD]
    audit([str(write_jsonl(tmp_path / "a.jsonl", same))], zh, tmp_path / "json", options=AuditOptions(report=False))
    via_json = {d["case_id"]: [v["rule"] for v in d["violations"]] for d in decisions(tmp_path / "json")}
    assert via_csv == via_json


def test_jobs_two_equals_jobs_one(tmp_path: Path, zh: Playbook) -> None:
    archive = write_jsonl(tmp_path / "a.jsonl", GOOD * 20, BAD)
    audit([str(archive)], zh, tmp_path / "one", options=AuditOptions(report=False, part_units=50))
    audit([str(archive)], zh, tmp_path / "two", options=AuditOptions(jobs=2, report=False, part_units=50))
    assert decisions(tmp_path / "one") == decisions(tmp_path / "two")
    assert (tmp_path / "one" / "rejects.jsonl").read_bytes() == (tmp_path / "two" / "rejects.jsonl").read_bytes()
    assert _summary(tmp_path / "one")["by"] == _summary(tmp_path / "two")["by"]


def test_parquet_decisions_output(tmp_path: Path, zh: Playbook) -> None:
    pq = pytest.importorskip("pyarrow.parquet") if not os.environ.get("CI") else __import__("pyarrow.parquet")
    archive = write_jsonl(tmp_path / "a.jsonl", GOOD)
    audit([str(archive)], zh, tmp_path / "out", options=AuditOptions(decisions_format="parquet", report=False))
    import pyarrow.parquet

    table = pyarrow.parquet.read_table(tmp_path / "out" / "decisions.parquet")
    assert table.num_rows == 12 and pq is not None
    assert table.column("case_id").to_pylist() == [c["id"] for c in GOOD]
    assert json.loads(table.column("decision")[0].as_py())["case_id"] == "c0"


def test_cli_exit_codes_and_fail_on(tmp_path: Path) -> None:
    runner = CliRunner()
    clean = write_jsonl(tmp_path / "clean.jsonl", GOOD)
    args = ["audit", str(clean), "--playbook", "standard:zh", "-q", "--no-report"]
    assert runner.invoke(cli, [*args, "--out", str(tmp_path / "o1")]).exit_code == 0
    crossed = runner.invoke(cli, [*args, "--out", str(tmp_path / "o2"), "--fail-on", "cases-with-violations=10%"])
    assert crossed.exit_code == 1
    assert runner.invoke(cli, [*args, "--out", str(tmp_path / "o3"), "--fail-on", "violations=100000"]).exit_code == 0
    bad = runner.invoke(cli, [*args, "--out", str(tmp_path / "o4"), "--fail-on", "nonsense=3"])
    assert bad.exit_code == 2 and "--fail-on" in bad.output
    dirty = write_jsonl(tmp_path / "dirty.jsonl", GOOD, BAD)
    result = runner.invoke(cli, ["audit", str(dirty), "--out", str(tmp_path / "o5"), "-q"])
    assert result.exit_code == 1
    assert _summary(tmp_path / "o5")["rows"]["rejected"] == 4


def test_other_audit_in_out_is_refused(tmp_path: Path, zh: Playbook) -> None:
    audit([str(write_jsonl(tmp_path / "a.jsonl", GOOD))], zh, tmp_path / "out", options=AuditOptions(report=False))
    with pytest.raises(LoadError, match="holds an audit of other input"):
        audit([str(write_jsonl(tmp_path / "b.jsonl", GOOD[:3]))], zh, tmp_path / "out")
    again = audit([str(tmp_path / "b.jsonl")], zh, tmp_path / "out", options=AuditOptions(restart=True, report=False))
    assert again.summary["rows"]["in"] == 3


def test_mapping_with_unknown_field_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("case:\n  custmer.tier: tier\n", encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        load_mapping(path)
    assert "customer" in str(info.value.diagnostics[0].message) + str(info.value.diagnostics[0].hint or "")


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.xml").write_text("<x/>")
    result = CliRunner().invoke(cli, ["audit", str(tmp_path / "a.xml"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "unknown-archive-format" in result.output


def test_jddc_sessions_audit(tmp_path: Path, shared_data: Path, zh: Playbook) -> None:
    cases = jddc_cases(shared_data, limit=300)
    csv_path = write_csv(tmp_path / "jddc.csv", message_rows(cases))
    result = audit([str(csv_path)], zh, tmp_path / "out", mapping=load_mapping(MAPPING),
                   options=AuditOptions(jobs=2, part_units=64))
    summary = result.summary
    assert summary["rows"]["balanced"] and summary["rows"]["rejected"] == 0
    assert summary["cases"]["decided"] == 300
    assert summary["by"]["taboo"].get("blame_shifting", 0) >= 20
    assert summary["agents_violations_per_100_cases"]
    assert (tmp_path / "out" / "report.html").stat().st_size > 100_000  # plotly.js inlined
