"""Decisions are built without validation and written by orjson, yet read and write as before."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import jsonschema
import pydantic
import pytest
from click.testing import CliRunner

from playbook.cli.main import cli
from playbook.decision import ClockResult, Decision, EscalationResult, MissingFact
from playbook.decision.json import decision_json

from .corpus import real_cases

CASES = list(real_cases())


def test_the_corpus_is_real() -> None:
    assert len(CASES) > 200
    assert any(label.startswith("zh/") for label, _, _ in CASES)


@pytest.mark.parametrize("trace", [False, True])
def test_json_bytes_are_pydantics_on_every_real_case(trace: bool) -> None:
    for label, playbook, case in CASES:
        produced = playbook.evaluate(case, trace=trace)
        validated = Decision.model_validate(produced.model_dump())  # how a decision was built before
        assert produced == validated, label
        assert decision_json(produced) == validated.model_dump_json().encode("utf-8"), label
        assert produced.to_json() == produced.model_dump_json().encode("utf-8"), label


def test_parsing_still_validates_every_field() -> None:
    _label, playbook, case = CASES[0]
    good = playbook.evaluate(case).model_dump(mode="json")
    assert Decision.model_validate_json(Decision.model_validate(good).to_json()) == Decision.model_validate(good)
    with pytest.raises(pydantic.ValidationError):
        Decision.model_validate({**good, "evaluated_at": "not a time"})
    with pytest.raises(pydantic.ValidationError):
        Decision.model_validate({**good, "unexpected": 1})
    parsed = Decision.model_validate(good)
    assert isinstance(parsed.evaluated_at, datetime)
    assert isinstance(parsed.escalation, EscalationResult)


def test_construction_fills_defaults_and_refuses_wrong_names() -> None:
    clock = ClockResult(clock="resolution", target="24h")
    assert clock.breached is False and clock.overdue_seconds == 0 and clock.due_by is None
    assert clock.model_fields_set == {"clock", "target"}
    first, second = EscalationResult(required=False, level="L1"), EscalationResult(required=False, level="L1")
    assert first.triggers == [] and first.triggers is not second.triggers  # a fresh list each
    with pytest.raises(TypeError, match="unknown field"):
        MissingFact(field="x", label="y", colour="red")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="missing field 'label'"):
        MissingFact(field="x")  # type: ignore[call-arg]
    with pytest.raises(pydantic.ValidationError):
        clock.breached = True  # type: ignore[misc]  # still frozen


def test_values_orjson_cannot_write_fall_back_to_pydantic() -> None:
    decision = next(d for d in (p.evaluate(c) for _, p, c in CASES) if d.violations)
    odd = decision.model_copy(update={"warnings": [*decision.warnings], "escalation": EscalationResult(
        required=True, level="L2", by=datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc),
        triggers=[])})
    assert decision_json(odd) == odd.model_dump_json().encode()  # UTC written as Z, as pydantic does
    huge = odd.model_copy(update={"violations": [v.model_copy(update={"facts": {"n": 2**70, "d": Decimal("NaN")}})
                                                  for v in odd.violations]})
    assert b"1180591620717411303424" in decision_json(huge)  # an int past 64 bits, as pydantic writes it
    assert decision_json(huge) == huge.model_dump_json().encode()


@pytest.mark.parametrize("trace", [False, True])
def test_written_json_validates_against_the_decisions_public_schema(trace: bool) -> None:
    """The JSON Schema of :class:`Decision` (what a reader of ``eval --format json`` is
    promised) holds for the bytes orjson writes, on every real case, traced or not."""
    validator = jsonschema.Draft202012Validator(Decision.model_json_schema(mode="serialization"))
    for label, playbook, case in CASES:
        written = json.loads(playbook.evaluate(case, trace=trace).to_json())
        assert list(validator.iter_errors(written)) == [], label
    broken = {**written, "severity": 3, "actions": "call back"}
    assert {tuple(e.path) for e in validator.iter_errors(broken)} >= {("severity",), ("actions",)}


def test_eval_rows_validate_against_the_decisions_public_schema() -> None:
    """``playbook eval --format json`` writes the decision with ``version`` first."""
    root = Path(__file__).resolve().parents[2]
    result = CliRunner().invoke(cli, ["eval", str(root / "examples" / "cases" / "batch.jsonl"), "--format", "json",
                                      "--jobs", "1"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 9 and all(row.pop("version") == "1" for row in rows)
    validator = jsonschema.Draft202012Validator(Decision.model_json_schema(mode="serialization"))
    assert [list(validator.iter_errors(row)) for row in rows] == [[]] * 9


def test_produce_makes_what_the_constructor_makes() -> None:
    """The engine's dict displays name every field in the model's order: the objects are the
    constructor's, down to the order of their fields and the fields set."""
    from playbook.decision import ActionItem, Evidence, KeywordHit, TriggerHit

    seen = 0
    for _label, playbook, case in CASES[:60]:
        decision = playbook.evaluate(case)
        made = [*decision.actions, *decision.missing, *decision.category.matched_keywords,
                *decision.escalation.triggers, *(e for v in decision.violations for e in v.evidence)]
        for item in made:
            if item.model_fields_set != set(type(item).model_fields):
                continue  # built by keywords, some left to their defaults
            again = type(item)(**item.__dict__)
            assert list(item.__dict__) == list(type(item).model_fields), type(item).__name__
            assert item == again and item.model_fields_set == again.model_fields_set
            seen += 1
    assert seen > 100
    kinds = {type(item) for _l, p, c in CASES[:60] for d in [p.evaluate(c)] for item in
             [*d.actions, *d.missing, *d.category.matched_keywords, *d.escalation.triggers,
              *(e for v in d.violations for e in v.evidence)]}
    assert kinds == {ActionItem, Evidence, KeywordHit, TriggerHit, MissingFact}
