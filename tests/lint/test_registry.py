"""The lint registry: stable, unique codes, one module and one test module per rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from playbook.lint import RULES, select_rules
from playbook.lint.registry import rule_by_code

HERE = Path(__file__).parent


def test_codes_and_names_are_unique_and_well_formed() -> None:
    codes = [rule.code for rule in RULES]
    names = [rule.name for rule in RULES]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    assert all(re.fullmatch(r"PB\d{3}", code) for code in codes)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", name) for name in names)
    assert codes == sorted(codes)


def test_every_rule_has_its_own_test_module() -> None:
    tested = {path.name.split("_")[1].upper() for path in HERE.glob("test_pb*_*.py")}
    missing = {rule.code for rule in RULES} - tested - {"PB203"}  # PB203 is tested with PB202
    assert not missing


def test_selection_by_code_prefix_and_name() -> None:
    assert [r.code for r in select_rules(["PB1"])] == ["PB101", "PB102", "PB103", "PB104", "PB105", "PB106"]
    assert [r.code for r in select_rules(["id-case"])] == ["PB501"]
    assert "PB302" not in [r.code for r in select_rules(ignore=["phrase-redundant"])]
    assert rule_by_code("compensation-gap") is rule_by_code("PB101")
    with pytest.raises(ValueError):
        select_rules(["PB9"])
