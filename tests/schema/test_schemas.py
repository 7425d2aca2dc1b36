"""The JSON Schemas editors use: generated from the models, equal to the stored copies, and
right about real documents (no false errors on valid files, errors on broken ones)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from playbook.cli.main import cli
from playbook.schema import NAMES, schema_for
from playbook.source.loader import folder_files, read_file

ROOT = Path(__file__).resolve().parents[2]


def as_editors_see_it(path: Path) -> Any:
    """A YAML file as the editor's JSON view of it (dates are strings there)."""
    return json.loads(json.dumps(read_file(path).data, default=str))


def errors(name: str, document: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema_for(name))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


@pytest.mark.parametrize("name", NAMES)
def test_stored_schema_is_the_generated_one(name: str) -> None:
    result = CliRunner().invoke(cli, ["schema", "--for", name])
    assert result.exit_code == 0, result.output
    stored = json.loads((ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert stored == json.loads(result.stdout), f"run: playbook schema --for {name} -o schema/{name}.schema.json"


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_a_valid_json_schema(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema_for(name))


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_file_of_the_standard_playbooks_validates(language: str) -> None:
    for file in folder_files(ROOT / "rules" / language):
        assert errors("playbook", as_editors_see_it(file)) == [], file


OVERLAY = """
extends: standard:zh
playbook: {id: shop, version: "2026.2"}
tiers:
  - {id: A, handled_first: false}
taboos:
  - id: blame_shifting
    checks:
      - {id: phrases, phrase_sets: [forbidden.blame_shifting]}
  - {id: delay, remove: true}
phrase_sets:
  - id: forbidden.blame_shifting
    phrases: [这归仓库管, {id: warehouse, text: 找仓库去}]
compensation:
  limits:
    - {fault: company, tier: C, cap: {amount: 123}}
    - {fault: customer, tier: A, remove: true}
escalation:
  triggers:
    - {id: media, when: {fact: channel, in: [media]}}
"""


def test_a_valid_overlay_shows_no_error() -> None:
    document = yaml.safe_load(OVERLAY)
    assert errors("playbook", document) == []
    without_extends = {key: value for key, value in document.items() if key != "extends"}
    assert errors("overlay", without_extends) == []
    # the same text without `extends` is a (broken) full playbook: the schema says so
    assert errors("playbook", without_extends)


def test_an_overlay_still_gets_real_errors() -> None:
    misspelt = yaml.safe_load(OVERLAY.replace("handled_first", "handled_frist"))
    assert any("handled_frist" in message for message in errors("playbook", misspelt))
    bad_condition = yaml.safe_load(OVERLAY.replace("{fact: channel, in: [media]}", "{in: [media]}"))
    assert errors("playbook", bad_condition)  # a condition is written whole, so it is checked whole
    no_id = yaml.safe_load(OVERLAY.replace("- id: blame_shifting\n", "- label: x\n"))
    assert errors("playbook", no_id)


def test_standard_test_files_validate_and_broken_ones_do_not() -> None:
    files = sorted((ROOT / "rules").rglob("*.test.yaml"))
    assert files
    for file in files:
        assert errors("test", as_editors_see_it(file)) == [], file
    assert errors("test", {"tests": [{"name": "x", "expect": {"taboo": ["blame_shifting"]}}]})


def test_editors_know_scopes_and_terms() -> None:
    """The schema comes from the models, so an editor completes scope and terms and flags a
    wrong role, unit or count where it is written (the cross-field rules are load errors)."""
    scopes = yaml.safe_load((ROOT / "tests" / "fixtures" / "playbooks" / "scopes_zh.yaml").read_text(encoding="utf-8"))
    assert errors("playbook", scopes) == []
    phrase = scopes["phrase_sets"][0]["phrases"][0]
    for field, value in (("at_least", 0), ("terms", "退款")):
        broken = yaml.safe_load(yaml.safe_dump(scopes, allow_unicode=True))
        broken["phrase_sets"][0]["phrases"][0] = {**phrase, field: value}
        assert any(field in message or "phrases/0" in message for message in errors("playbook", broken)), field
    for scope in ({"role": "somebody"}, {"unit": "paragraph"}, {"first": 0}, {"where": "end"}):
        broken = yaml.safe_load(yaml.safe_dump(scopes, allow_unicode=True))
        broken["phrase_sets"][3]["scope"] = scope
        assert errors("playbook", broken), scope
