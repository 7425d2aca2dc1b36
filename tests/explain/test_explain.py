"""``explain``: every rule evaluated in order, with its condition, facts, outcome and YAML line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook.api import Playbook
from playbook.case import Case
from playbook.cli.main import cli
from playbook.explain import Only, explain
from playbook.explain.render import render_text

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml"
CASE = {
    "id": "c1", "received_at": "2026-03-02T10:00:00+08:00", "fault": "company",
    "customer": {"tier": "A", "order_amount": "40"}, "harm": {"physical": True},
    "transcript": [
        {"role": "customer", "text": "东西发霉了", "at": "2026-03-02T10:00:00+08:00"},
        {"role": "agent", "text": "这是公司的规定", "at": "2026-03-02T10:05:00+08:00"},
    ],
}


@pytest.fixture(scope="module")
def mini() -> Playbook:
    return Playbook.load(MINI)


def test_all_steps_in_evaluation_order_with_their_source(mini: Playbook) -> None:
    result = explain(mini, Case.model_validate(CASE))
    stages = list(dict.fromkeys(step.event.stage for step in result.steps))
    assert stages == ["category", "severity", "priority", "sla", "compensation", "escalation", "taboos", "actions"]
    assert len(result.steps) == result.total_steps
    harm = next(s for s in result.steps if s.event.stage == "severity")
    assert harm.event.rule == "harm-critical" and harm.event.outcome == "fired"
    assert harm.condition == "harm.physical eq true" and harm.looks_at == ("harm.physical",)
    assert harm.event.facts == {"harm.physical": True}
    lines = MINI.read_text(encoding="utf-8").splitlines()
    line_number = int(harm.event.source.rsplit(":", 2)[1])
    assert harm.line == lines[line_number - 1].strip() == "- id: harm-critical"


def test_filters(mini: Playbook) -> None:
    case = Case.model_validate(CASE)
    fired = explain(mini, case, Only.FIRED)
    assert {s.event.outcome for s in fired.steps} <= {"fired", "failed"}
    failures = explain(mini, case, Only.FAILURES)
    assert [s.event.rule for s in failures.steps] == ["cold_attitude/no-apology", "formulaic_handling/refusal"]
    assert failures.steps[1].checks == "refusal: refusal_phrases [refusals]; alternative_phrases [alternatives]"
    escalation = explain(mini, case, Only.ALL, ["escalation"])
    assert [s.event.rule for s in escalation.steps] == ["physical-harm", "media", "over-authority"]
    assert [s.condition for s in escalation.steps][1] == "channel in [media, regulator]"


def test_text_names_what_each_outcome_means(mini: Playbook) -> None:
    import io

    out = io.StringIO()
    render_text(explain(mini, Case.model_validate(CASE), Only.ALL, ["priority", "taboos"]), out)
    text = out.getvalue()
    assert "+ P1: matched: this priority" in text
    assert "x formulaic_handling/refusal: VIOLATION" in text
    assert "- blame_shifting/phrases: ok" in text
    assert ". cold_attitude/no-apology: not checked" not in text  # fault company: it is checked
    assert "when any(customer.tier eq A, severity eq critical)" in text
    assert text.rstrip().splitlines()[-1].startswith("decision: severity critical, priority P1, cap ")


def test_cli_text_json_and_stdin(tmp_path: Path) -> None:
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(CASE), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["explain", "-p", str(MINI), str(case_file), "--only", "failures"])
    assert result.exit_code == 0 and "VIOLATION" in result.stdout and "mini.yaml:" in result.stdout
    result = runner.invoke(cli, ["explain", "-p", str(MINI), "-", "--format", "json", "--stage", "severity"],
                           input=json.dumps(CASE))
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["steps"][0]["condition"] == "harm.physical eq true"
    assert data["decision"]["severity"] == "critical" and "trace" not in data["decision"]
    two = json.dumps(CASE) + "\n" + json.dumps({**CASE, "id": "c2"}) + "\n"
    result = runner.invoke(cli, ["explain", "-p", str(MINI), "--format", "json", "--only", "failures"], input=two)
    assert [json.loads(line)["case_id"] for line in result.stdout.splitlines()] == ["c1", "c2"]


def test_cli_bad_input_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x", "transcript": [{"role": "robot", "text": "hi"}]}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["explain", "-p", str(MINI), str(bad)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_each_step_line_is_read_from_its_rule_span(standard_zh: Playbook) -> None:
    """Compiled rules keep their place as a span (file, line) and explain reads the line
    from it: every step of a conditional rule shows that rule's ``- id:`` line."""
    from playbook.errors import Span

    case = Case.model_validate(CASE | {"customer": {"tier": standard_zh.compiled.tiers[0], "order_amount": "40"}})
    result = explain(standard_zh, case)
    ruled = [s for s in result.steps if s.event.stage in {"severity", "priority", "sla", "escalation", "actions"}]
    assert ruled
    for step in ruled:
        assert step.line == f"- id: {step.event.rule}", step
    head = standard_zh.compiled.taboos[0].checks[0].head
    assert isinstance(head.origin.span, Span) and head.origin.span.file.endswith("taboos.yaml")  # type: ignore[union-attr]
    assert head.origin.source == f"{head.origin.span.file}:{head.origin.span.line}:{head.origin.span.column}"  # type: ignore[union-attr]
