"""Every command speaks the same language: standard:zh|en wherever a playbook is taken, '-'
wherever cases are read, clean exit 2 for output folders and case files that do not exist;
``show`` prints the merged playbook with where each item came from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from playbook import Playbook
from playbook.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "examples" / "cases" / "company-rule-no-alternative.json"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("command", [["lint"], ["test"], ["show"], ["validate"]])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_commands_take_a_standard_playbook(runner: CliRunner, command: list[str], language: str) -> None:
    result = runner.invoke(cli, [*command, f"standard:{language}"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", [["eval"], ["explain"]])
def test_case_commands_read_stdin_and_take_a_standard_playbook(runner: CliRunner, command: list[str]) -> None:
    text = CASE.read_text(encoding="utf-8")
    piped = runner.invoke(cli, [*command, "-p", "standard:zh", "-f", "json", "-"], input=text)
    assert piped.exit_code == 0, piped.output
    from_file = runner.invoke(cli, [*command, "-p", "standard:zh", "-f", "json", str(CASE)])
    assert json.loads(piped.stdout) == json.loads(from_file.stdout)


def test_diff_reads_cases_from_stdin(runner: CliRunner) -> None:
    text = (ROOT / "examples" / "cases" / "batch.jsonl").read_text(encoding="utf-8")
    piped = runner.invoke(cli, ["diff", "standard:zh", "standard:zh", "--cases", "-", "-f", "json"], input=text)
    assert piped.exit_code == 0, piped.output
    report = json.loads(piped.stdout)
    assert report["summary"]["cases"] == len([line for line in text.splitlines() if line.strip()])
    assert report["summary"]["changed"] == 0


@pytest.mark.parametrize(
    "command",
    [["lint", "standard:en"], ["test", "standard:en", "-f", "junit"], ["show", "standard:en"], ["schema"]],
)
def test_output_into_a_missing_folder_is_a_usage_error(runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    target = tmp_path / "no" / "such" / "report.txt"
    result = runner.invoke(cli, [*command, "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert "does not exist" in result.output and "Traceback" not in result.output
    assert not target.parent.exists()


def test_a_missing_case_file_in_a_test_is_located(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "playbook.yaml").write_text("extends: standard:en\n", encoding="utf-8")
    test_file = tmp_path / "tests" / "a.test.yaml"
    test_file.write_text("tests:\n  - name: gone\n    case_file: gone.json\n    expect: {violations: []}\n",
                         encoding="utf-8")
    result = runner.invoke(cli, ["test", str(test_file)])
    assert result.exit_code == 2, result.output
    assert f"{test_file}:3:5: error[case-file-not-found]" in result.output


# -- show ------------------------------------------------------------------------------


def write_overlay(folder: Path) -> Path:
    path = folder / "shop.yaml"
    path.write_text(
        "extends: standard:en\n"
        "playbook:\n  id: shop\n  version: '7'\n"
        "taboos:\n  - id: blame_shifting\n    label: Blaming others (shop)\n",
        encoding="utf-8",
    )
    return path


def test_show_yaml_is_the_merged_document_with_origins(runner: CliRunner, tmp_path: Path) -> None:
    overlay = write_overlay(tmp_path)
    result = runner.invoke(cli, ["show", str(overlay)])
    assert result.exit_code == 0, result.output
    merged = Playbook.load(overlay).tree
    assert merged is not None
    assert yaml.safe_load(result.stdout) == merged.data  # comments aside, it is the document itself
    lines = result.stdout.splitlines()
    [label] = [line for line in lines if "Blaming others (shop)" in line]
    [item] = [line for line in lines if line.strip().startswith("- id: blame_shifting")]
    assert item.endswith(f"{overlay}:6")  # the overlay wrote the item…
    assert not label.rstrip().endswith("en/taboos.yaml")  # …and its label
    [number] = [line for line in lines[lines.index(item):] if line.strip().startswith("number:")][:1]
    assert "rules/en/taboos.yaml:" in number  # a field the overlay inherited points at the base


def test_show_json_has_a_version_and_origins_by_pointer(runner: CliRunner, tmp_path: Path) -> None:
    overlay = write_overlay(tmp_path)
    result = runner.invoke(cli, ["show", str(overlay), "--format", "json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["version"] == "1"
    assert shown["playbook"]["playbook"]["id"] == "shop"
    index = [t["id"] for t in shown["playbook"]["taboos"]].index("blame_shifting")
    assert shown["origins"][f"/taboos/{index}/label"] == f"{overlay}:7"
    assert "rules/en/taboos.yaml:" in shown["origins"][f"/taboos/{index}/number"]
    assert shown["sources"][-1] == str(overlay)


def test_show_of_a_broken_playbook_is_a_located_error(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("extends: standard:en\ntaboos:\n  - id: x\n    labl: y\n", encoding="utf-8")
    result = runner.invoke(cli, ["show", str(path)])
    assert result.exit_code == 2
    assert f"{path}:4:5" in result.output


# -- lint on overlays ------------------------------------------------------------------


def test_lint_reports_the_overlay_s_own_files_unless_asked_for_the_base(runner: CliRunner, tmp_path: Path) -> None:
    overlay = tmp_path / "shop.yaml"
    overlay.write_text(
        "extends: standard:zh\nphrase_sets:\n  - id: shop.unused\n    kind: signal\n    phrases: [没人用]\n",
        encoding="utf-8",
    )
    own = runner.invoke(cli, ["lint", str(overlay), "--fail-on", "info", "-f", "json"])
    with_base = runner.invoke(cli, ["lint", str(overlay), "--fail-on", "info", "-f", "json", "--include-base"])
    assert own.exit_code == 1 and with_base.exit_code == 1

    def files(output: str) -> set[str]:
        report = json.loads(output)
        return {f["location"]["file"] for r in report["playbooks"] for f in r["findings"] if f.get("location")}

    assert files(own.stdout) == {str(overlay)}
    assert str(overlay) in files(with_base.stdout)
    assert any("rules/zh" in file for file in files(with_base.stdout))
