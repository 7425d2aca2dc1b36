"""``playbook lint``: discovery of playbooks under a folder, formats, --fail-on and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from playbook.cli.main import cli

from .copies import MINI, RULES


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["lint", *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_standard_playbooks_have_nothing_above_info() -> None:
    code, out, _ = run(str(RULES), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert sorted(Path(p["path"]).name for p in data["playbooks"]) == ["en", "zh"]
    assert all(f["severity"] == "info" for p in data["playbooks"] for f in p["findings"])


def test_findings_at_or_above_fail_on_exit_1() -> None:
    code, out, _ = run(str(MINI))
    assert code == 1 and "PB103 cap-fault-order" in out
    assert run(str(MINI), "--fail-on", "error")[0] == 0
    assert run(str(MINI), "--fail-on", "never")[0] == 0
    assert run(str(MINI), "--ignore", "PB103")[0] == 0
    assert run(str(MINI), "--select", "PB1")[0] == 1


def test_a_playbook_that_does_not_load_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("playbook: {id: x\n", encoding="utf-8")
    code, out, err = run(str(broken), "--format", "github")
    assert code == 2
    assert out.startswith("::error file=") and "could not be loaded" in err


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run()[0] == 2
    assert run(str(tmp_path / "missing"))[0] == 2
    assert run(str(MINI), "--select", "PB999")[0] == 2
    (tmp_path / "empty").mkdir()
    assert run(str(tmp_path / "empty"))[0] == 2


def test_list_rules_shows_every_code() -> None:
    code, out, _ = run("--list-rules")
    assert code == 0 and "PB101  compensation-gap" in out and "PB501  id-case" in out


def test_sarif_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "lint.sarif"
    code, out, _ = run(str(MINI), "--format", "sarif", "--output", str(target), "--fail-on", "never")
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
