"""The mapping given by flags alone, memory that does not grow with the archive, and the
Spark worker compiling a playbook once."""

from __future__ import annotations

import json
import pickle
import tracemalloc
from pathlib import Path

from click.testing import CliRunner

from playbook import Playbook
from playbook.audit.mapping import load_mapping
from playbook.audit.readers import read_units
from playbook.audit.sessions import SessionSpill
from playbook.cli.main import cli

from .archives import MAPPING, decisions, long_cases, message_rows, write_csv, write_jsonl
from .test_sessions import shuffled, sorted_rows

FLAGS = ["--session-column", "session_id", "--map", "id=session_id", "--map", "channel=channel",
         "--map", "facts.agent=agent_id", "--map", "facts.team=team", "--map", "message.role=sender",
         "--map", "message.text=content", "--map", "message.at=sent_at", "--map", "message.author=agent_id"]


def test_flags_alone_map_a_table_as_the_yaml_file_does(tmp_path: Path) -> None:
    """Flags cannot declare `order` or `roles`, so the table is written in order with role names."""
    rows = [{**r, "sender": {"0": "customer", "1": "agent"}.get(r["sender"], r["sender"])} for r in sorted_rows()]
    archive = write_csv(tmp_path / "m.csv", shuffled(rows))
    runner = CliRunner()
    by_flags = runner.invoke(cli, ["audit", str(archive), "--playbook", "standard:zh", "--out", str(tmp_path / "a"),
                                   "-q", "--no-report", "--format", "json", *FLAGS])
    assert by_flags.exit_code == 1, by_flags.output  # the orphan row and the bad session are rejected
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(MAPPING.read_text(encoding="utf-8").replace("order: seq\n", "")
                       .replace('roles: {"0": customer, "1": agent}\n', ""), encoding="utf-8")
    by_file = runner.invoke(cli, ["audit", str(archive), "--playbook", "standard:zh", "--out", str(tmp_path / "b"),
                                  "-q", "--no-report", "--mapping", str(mapping)])
    assert by_file.exit_code == 1
    assert decisions(tmp_path / "a") == decisions(tmp_path / "b")
    assert json.loads(by_flags.output)["cases"]["decided"] == 39


def _peak(run: object) -> int:
    tracemalloc.start()
    try:
        run()  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_reading_cases_holds_one_case_at_a_time(tmp_path: Path) -> None:
    small = write_jsonl(tmp_path / "small.jsonl", long_cases(200))
    large = write_jsonl(tmp_path / "large.jsonl", long_cases(2000))

    def read(path: Path) -> object:
        return lambda: sum(1 for _ in read_units(str(path), None))

    assert _peak(read(large)) < 2 * _peak(read(small)) + 256 * 1024


def test_grouping_sessions_holds_one_session_at_a_time(tmp_path: Path) -> None:
    """Spilling and reading back ten times the sessions needs about the same memory (both
    runs are larger than one batch of rows written to the spill)."""
    mapping = load_mapping(MAPPING)

    def group(sessions: int) -> object:
        archive = write_csv(tmp_path / f"m{sessions}.csv", shuffled(message_rows(long_cases(sessions))))
        out = tmp_path / f"out{sessions}"
        out.mkdir()

        def run() -> None:
            from playbook.audit.readers import read_rows

            spill = SessionSpill(out, {"n": sessions}, mapping)
            spill.build([str(archive)], lambda _: read_rows(str(archive), mapping))
            assert sum(1 for _ in spill.units()) == sessions

        return run

    small, large = group(200), group(2000)
    assert _peak(large) < 2 * _peak(small) + 512 * 1024


def test_a_spark_worker_compiles_a_playbook_once() -> None:
    from playbook.spark.audit import _playbook

    zh = Playbook.standard("zh")
    pickled = pickle.dumps(zh)
    first = _playbook(zh.content_hash, pickled)
    assert _playbook(zh.content_hash, pickled) is first and first.content_hash == zh.content_hash
