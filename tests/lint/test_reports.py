"""Lint output formats: text with the source line, JSON, GitHub workflow commands, SARIF 2.1.0."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from playbook.errors import Diagnostic, Severity, Span
from playbook.lint.report import render_github, render_json, render_sarif, render_text
from playbook.lint.report.github import command
from playbook.lint.run import PlaybookLint

SCHEMA = json.loads((Path(__file__).parent / "sarif-2.1.0-subset.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def results(tmp_path: Path) -> list[PlaybookLint]:
    file = tmp_path / "compensation.yaml"
    file.write_text("compensation:\n  limits:\n    - {fault: company, tier: A}\n", encoding="utf-8")
    return [
        PlaybookLint(str(tmp_path), (
            Diagnostic("PB101", "fault 'company' has no compensation limit for tier 'B'", Severity.WARNING,
                       Span(str(file), 3, 7, 3, 40), ("compensation", "limits", 0), "add a row, 50% more: a,b"),
            Diagnostic("PB302", "phrase redundant", Severity.INFO, Span(str(file), 1, 1)),
            Diagnostic("unknown-message", "unknown message key 'x'", Severity.WARNING, None, ("messages", "x")),
        )),
        PlaybookLint("broken.yaml", (Diagnostic("duplicate-key", "duplicate key 'a'", Severity.ERROR,
                                                Span("broken.yaml", 2, 1)),), loaded=False),
    ]


def test_text_shows_code_name_location_source_line_and_fix(results: list[PlaybookLint]) -> None:
    out = io.StringIO()
    render_text(results, out)
    text = out.getvalue()
    assert "compensation.yaml:3:7: warning[PB101 compensation-gap]: fault 'company'" in text
    assert "  |     - {fault: company, tier: A}\n  |       ^\n" in text
    assert "  hint: add a row" in text
    assert "broken.yaml: could not be loaded" in text
    assert text.rstrip().endswith("4 findings in 2 playbooks (1 error, 2 warnings, 1 info)")


def test_json_keeps_every_field(results: list[PlaybookLint]) -> None:
    out = io.StringIO()
    render_json(results, out)
    data = json.loads(out.getvalue())
    first = data["playbooks"][0]["findings"][0]
    assert first["code"] == "PB101" and first["rule"] == "PB101 compensation-gap"
    assert first["location"]["line"] == 3 and first["path"] == "compensation.limits[0]"
    assert data["playbooks"][1]["loaded"] is False


def test_github_commands_escape_data_and_properties(results: list[PlaybookLint]) -> None:
    line = command(results[0].findings[0])
    assert line.startswith("::warning file=")
    assert ",line=3,col=7,title=PB101 compensation-gap::" in line
    assert line.endswith("%0Ahint: add a row, 50%25 more: a,b")
    assert command(results[0].findings[1]).startswith("::notice ")
    assert command(results[0].findings[2]) == (
        "::warning title=unknown-message::unknown message key 'x'")
    out = io.StringIO()
    render_github(results, out)
    assert out.getvalue().count("\n") == 4 and "::error file=broken.yaml,line=2,col=1," in out.getvalue()


def test_sarif_fits_the_schema_and_names_every_rule(results: list[PlaybookLint], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    render_sarif(results, out)
    log = json.loads(out.getvalue())
    jsonschema.validate(log, SCHEMA, format_checker=jsonschema.FormatChecker())
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["informationUri"].startswith("https://") and driver["version"]
    rules = driver["rules"]
    assert all(rule["helpUri"].startswith(driver["informationUri"]) for rule in rules)
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids)) and {"PB101", "unknown-message", "duplicate-key"} <= set(ids)
    first = run["results"][0]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"] == "PB101"
    assert first["level"] == "warning" and run["results"][1]["level"] == "note"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "compensation.yaml"  # relative to the current folder
    assert location["region"] == {"startLine": 3, "startColumn": 7, "endLine": 3, "endColumn": 40}
    assert "locations" not in run["results"][2]


def test_the_schema_rejects_what_sarif_forbids() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}, SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
            {"message": {"text": "m"}, "level": "info"}]}]}, SCHEMA)
