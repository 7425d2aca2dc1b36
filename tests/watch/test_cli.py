"""``playbook watch``: replay, formats, exit codes, located errors, resuming."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook.cli.watch_cmd import load_watch_section, watch_command
from tests.watch.builders import BACKEND_PARAMS

DATA = Path(__file__).parent / "data"


@pytest.fixture(params=BACKEND_PARAMS)
def cli_backend(request) -> str:
    return request.param


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(watch_command, list(args), input=input, catch_exceptions=False)


def write_events(path: Path, events: list[dict]) -> Path:
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events), encoding="utf-8")
    return path


@pytest.mark.parametrize("playbook", ["watch_en.yaml", "watch_zh.yaml"])
def test_standard_snippets_load(playbook):
    sec = load_watch_section(str(DATA / playbook))
    assert [p.id for p in sec.patterns] == ["product-returns", "staff-complaints", "repeat-complainant", "first-response-sla"]


def test_text_output(cli_backend):
    result = invoke("--playbook", str(DATA / "watch_en.yaml"), "--backend", cli_backend, str(DATA / "events.jsonl"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert "product-returns  product=SKU-7: stop sale of SKU-7 and report it to quality" in lines[2]
    assert "[events: r1, r2, r3]" in lines[2]
    assert "staff-complaints step 2  staff=李四: penalise 李四" in lines[3]
    assert f"with the {cli_backend} backend: 4 alerts" in result.stderr


def test_json_lines_output(cli_backend):
    result = invoke("--playbook", str(DATA / "watch_zh.yaml"), "--backend", cli_backend, "--format", "json",
                    str(DATA / "events.jsonl"))
    assert result.exit_code == 0
    alerts = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["pattern"] for a in alerts] == ["first-response-sla", "staff-complaints", "product-returns", "staff-complaints"]
    assert alerts[2]["action"] == "停止销售 SKU-7,并上报质量部门:30天内退货3次,属质量问题"
    assert alerts[2]["events"] == ["r1", "r2", "r3"]
    assert result.stderr == ""


def test_fail_on_alert_exit_code():
    args = ["--playbook", str(DATA / "watch_en.yaml"), "--backend", "python", "--fail-on-alert"]
    assert invoke(*args, str(DATA / "events.jsonl")).exit_code == 1


def test_no_alerts_exit_zero_with_fail_on_alert(tmp_path):
    events = write_events(tmp_path / "e.jsonl", [{"id": "x", "kind": "note", "at": "2024-05-01T00:00:00Z"}])
    assert invoke("--playbook", str(DATA / "watch_en.yaml"), "--fail-on-alert", str(events)).exit_code == 0


def test_bad_json_line_names_the_line(tmp_path):
    src = (DATA / "events.jsonl").read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "events.jsonl"
    bad.write_text("\n".join(src[:3] + ['{"id": "x", "kind": '] + src[3:]) + "\n", encoding="utf-8")
    result = invoke("--playbook", str(DATA / "watch_en.yaml"), "--backend", "python", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:4:" in result.stderr and "line 4 is not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) == 2  # the alerts of lines 1-3 were printed


def test_non_object_line(tmp_path):
    bad = tmp_path / "events.jsonl"
    bad.write_text("[1, 2]\n", encoding="utf-8")
    result = invoke("--playbook", str(DATA / "watch_en.yaml"), str(bad))
    assert result.exit_code == 2 and f"{bad}:1:1:" in result.stderr and "expected an object" in result.stderr


def test_invalid_event_names_the_line(tmp_path):
    events = write_events(tmp_path / "e.jsonl", [
        {"id": "a", "kind": "returned", "at": "2024-05-01T00:00:00Z", "product": "P"},
        {"id": "b", "kind": "returned", "at": "not a time", "product": "P"},
    ])
    result = invoke("--playbook", str(DATA / "watch_en.yaml"), str(events))
    assert result.exit_code == 2
    assert f"{events}:2:1: error[watch-event-invalid]: event 'b': at:" in result.stderr


def test_schema_error_is_located(tmp_path):
    playbook = tmp_path / "pb.yaml"
    playbook.write_text("extends: standard:en\nwatch:\n  patterns:\n    - id: r\n      kind: count\n      event: returned\n"
                        "      key: product\n      window: 30d\n      threshold: 1\n      action: x\n", encoding="utf-8")
    result = invoke("--playbook", str(playbook), str(DATA / "events.jsonl"))
    assert result.exit_code == 2
    assert f"{playbook}:9:18: error[invalid-value]: threshold must be at least 2" in result.stderr


def test_missing_files(tmp_path):
    result = invoke("--playbook", str(tmp_path / "none.yaml"), str(DATA / "events.jsonl"))
    assert result.exit_code == 2 and "file not found" in result.stderr
    result = invoke("--playbook", str(DATA / "watch_en.yaml"), str(tmp_path / "none.jsonl"))
    assert result.exit_code == 2 and "cannot read events" in result.stderr


def test_usage_error_is_exit_two():
    assert CliRunner().invoke(watch_command, []).exit_code == 2
    assert CliRunner().invoke(watch_command, ["--backend", "fast", str(DATA / "events.jsonl")]).exit_code == 2


def test_the_standard_playbook_is_the_default():
    result = CliRunner().invoke(watch_command, ["--backend", "python", str(DATA / "events.jsonl")])
    assert result.exit_code == 0
    assert "停止销售 SKU-7" in result.stdout


def test_state_resumes_where_it_stopped(tmp_path, cli_backend):
    lines = (DATA / "events.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    whole = invoke("--playbook", str(DATA / "watch_en.yaml"), "--backend", cli_backend, "--format", "json",
                   str(DATA / "events.jsonl")).stdout
    state = tmp_path / "state.json"
    part = tmp_path / "events.jsonl"
    outputs = []
    for upto in (3, 5, len(lines)):
        part.write_text("".join(lines[:upto]), encoding="utf-8")  # the log grows; each run reads it all
        result = invoke("--playbook", str(DATA / "watch_en.yaml"), "--backend", cli_backend, "--format", "json",
                        "--state", str(state), str(part))
        assert result.exit_code == 0, result.stderr
        outputs.append(result.stdout)
    assert "".join(outputs) == whole
    again = invoke("--playbook", str(DATA / "watch_en.yaml"), "--state", str(state), str(part))
    assert again.exit_code == 0 and again.stdout == ""
    # Within the lateness (7d) replayed events are duplicates; older ones are skipped quietly.
    assert "0 alerts, 1 duplicates ignored, 6 late events skipped" in again.stderr
    assert "warning" not in again.stderr


def test_bad_line_saves_state_so_a_fixed_file_continues(tmp_path):
    good = (DATA / "events.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    events = tmp_path / "events.jsonl"
    events.write_text("".join(good[:4]) + "oops\n" + "".join(good[4:]), encoding="utf-8")
    state = tmp_path / "state.json"
    args = ["--playbook", str(DATA / "watch_en.yaml"), "--backend", "python", "--state", str(state)]
    first = invoke(*args, str(events))
    assert first.exit_code == 2 and ":5:" in first.stderr
    events.write_text("".join(good), encoding="utf-8")
    second = invoke(*args, str(events))
    assert second.exit_code == 0
    assert len(first.stdout.splitlines()) + len(second.stdout.splitlines()) == 4


def test_late_events_are_located_and_make_exit_2(tmp_path):
    events = write_events(tmp_path / "e.jsonl", [
        {"id": "a", "kind": "staff-complaint", "at": "2025-05-01T00:00:00Z", "staff": "X"},
        {"id": "b", "kind": "staff-complaint", "at": "2023-01-01T00:00:00Z", "staff": "X"},
    ])
    result = invoke("--playbook", str(DATA / "watch_en.yaml"), "--backend", "python", str(events))
    assert result.exit_code == 2
    assert f"{events}:2:1: error[watch-event-late]: event 'b'" in result.stderr
    assert "1 late events skipped" in result.stderr


def test_now_fires_pending_timers(tmp_path):
    events = write_events(tmp_path / "e.jsonl", [{"id": "c", "kind": "received", "at": "2024-05-01T00:00:00Z", "case_id": "K"}])
    args = ["--playbook", str(DATA / "watch_en.yaml"), "--backend", "python", str(events)]
    assert invoke(*args).stdout == ""
    result = invoke(*args, "--now", "2024-05-01T03:30:00Z")
    assert "first-response-sla  case_id=K" in result.stdout
    assert invoke(*args, "--now", "soon").exit_code == 2


def test_stdin(tmp_path):
    text = (DATA / "events.jsonl").read_text(encoding="utf-8")
    result = invoke("--playbook", str(DATA / "watch_en.yaml"), "--backend", "python", "-", input=text)
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 4


def test_corrupt_state_file(tmp_path):
    state = tmp_path / "state.json"
    state.write_text("[]", encoding="utf-8")
    result = invoke("--playbook", str(DATA / "watch_en.yaml"), "--state", str(state), str(DATA / "events.jsonl"))
    assert result.exit_code == 2 and "saved watch state is malformed" in result.stderr


def test_snippet_patterns_copy_into_a_playbook(tmp_path):
    """The snippet works as part of a larger YAML document."""
    target = tmp_path / "pb.yaml"
    shutil.copy(DATA / "watch_zh.yaml", target)
    with target.open("a", encoding="utf-8") as handle:
        handle.write("messages: {unit_day: days}\n")
    assert len(load_watch_section(str(target)).patterns) == 4
