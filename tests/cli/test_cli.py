"""The command line: exit codes, output formats, streams — driven through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from playbook.cli.main import cli
from playbook.source.loader import load_tree

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"

CASE = {
    "id": "cli-1",
    "fault": "company",
    "customer": {"tier": "B", "order_amount": "20"},
    "received_at": "2026-03-02T10:00:00+08:00",
    "transcript": [
        {"role": "customer", "text": "东西发霉了", "at": "2026-03-02T10:00:00+08:00"},
        {"role": "agent", "text": "抱歉，这是公司的规定。", "at": "2026-03-02T10:03:00+08:00"},
    ],
}


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_validate_valid_and_invalid(runner: CliRunner, tmp_path: Path) -> None:
    ok = runner.invoke(cli, ["validate", str(MINI)])
    assert ok.exit_code == 0, ok.output
    assert "valid (mini 1.0)" in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text(encoding="utf-8").replace("phrase_sets: [blame]}", "phrase_sets: [blaem]}"))
    result = runner.invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:" in result.stderr and "unknown phrase set 'blaem'" in result.stderr
    assert "Traceback" not in result.output


def test_validate_json_format(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("playbook: [\n")
    result = runner.invoke(cli, ["validate", "--format", "json", str(MINI), str(bad)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [r["valid"] for r in data["results"]] == [True, False]
    assert data["results"][1]["diagnostics"][0]["code"] == "yaml-syntax"
    assert data["results"][1]["diagnostics"][0]["location"]["file"] == str(bad)


def test_validate_usage_errors_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["validate"]).exit_code == 2
    assert runner.invoke(cli, ["validate", "no/such/dir"]).exit_code == 2
    assert runner.invoke(cli, ["validate", "--format", "xml", str(MINI)]).exit_code == 2


def test_schema_checks_the_standard_playbooks(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    validator = jsonschema.Draft202012Validator(schema)
    for language in ("zh", "en"):
        tree = load_tree(ROOT / "rules" / language)
        as_editors_see_it = json.loads(json.dumps(tree.data, default=str))  # YAML dates are strings to them
        errors = list(validator.iter_errors(as_editors_see_it))
        assert errors == [], errors[:3]
    bad = {"playbook": {"id": "x", "version": "1", "language": "zh", "currency": "CNY"}, "tiers": "A"}
    assert list(validator.iter_errors(bad))


def test_committed_schema_is_up_to_date(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["schema"])
    committed = (ROOT / "schema" / "playbook.schema.json").read_text(encoding="utf-8")
    assert json.loads(committed) == json.loads(result.stdout), "run: playbook schema -o schema/playbook.schema.json"


def test_eval_json_from_file_and_stdin(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(cli, ["eval", "--playbook", str(MINI), "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    decision = json.loads(result.stdout)
    assert decision["case_id"] == "cli-1"
    assert [v["taboo"] for v in decision["violations"]] == ["formulaic_handling"]
    piped = runner.invoke(cli, ["eval", "-p", str(MINI), "-f", "json"], input=json.dumps(CASE))
    assert json.loads(piped.stdout)["case_id"] == "cli-1"


def test_eval_json_lines_and_fail_on_violation(runner: CliRunner, tmp_path: Path) -> None:
    second = dict(CASE, id="cli-2", transcript=[{"role": "agent", "text": "非常抱歉，我们今天为您退款。"}])
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in (CASE, second)) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["eval", "-p", str(MINI), "-f", "json", "--fail-on-violation", str(path)])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["case_id"] for d in lines] == ["cli-1", "cli-2"]
    assert lines[1]["violations"] == []


def test_eval_text_report(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(cli, ["eval", "-p", str(MINI), str(path)])
    assert result.exit_code == 0
    assert "case cli-1" in result.stdout and "这是公司的规定" in result.stdout


def test_eval_bad_case_is_located_not_a_traceback(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text('{\n  "id": "x",\n  "transcript": [{"role": "robot", "text": "hi"}]\n}\n')
    result = runner.invoke(cli, ["eval", "-p", str(MINI), str(path)])
    assert result.exit_code == 2
    assert f"{path}:3:" in result.stderr and "robot" in result.stderr
    assert "Traceback" not in result.output
    broken = tmp_path / "broken.jsonl"
    broken.write_text(json.dumps(CASE) + "\n{not json\n")
    result = runner.invoke(cli, ["eval", "-p", str(MINI), str(broken)])
    assert result.exit_code == 2 and f"{broken}:2:" in result.stderr


def test_eval_defaults_to_the_standard_chinese_playbook(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["eval", "-f", "json"], input=json.dumps(CASE))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["playbook"] != "mini"


def test_validate_a_folder_of_playbooks(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["validate", str(ROOT / "rules")])
    assert result.exit_code == 0, result.output
    assert "rules/en: valid" in result.stdout and "rules/zh: valid" in result.stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(cli, ["validate", str(empty)])
    assert result.exit_code == 1 and "no playbook in" in result.stderr


def test_json_lines_stream_and_an_oversized_document_is_refused_not_cut(runner: CliRunner, tmp_path: Path) -> None:
    from playbook.case import io as case_io

    many = tmp_path / "many.jsonl"
    many.write_text("".join(json.dumps(dict(CASE, id=f"c{i}"), ensure_ascii=False) + "\n" for i in range(300)))
    result = runner.invoke(cli, ["eval", "-p", str(MINI), "-f", "json", str(many)])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 300
    big = tmp_path / "big.json"
    big.write_text(json.dumps(dict(CASE, transcript=[{"role": "agent", "text": "x" * 1000}] * 22000)))
    assert big.stat().st_size > case_io.MAX_CASE_BYTES
    result = runner.invoke(cli, ["eval", "-p", str(MINI), str(big)])
    assert result.exit_code == 2 and "larger than 20 MiB" in result.stderr and "JSON Lines" in result.stderr
