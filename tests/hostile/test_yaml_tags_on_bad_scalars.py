"""Explicit YAML tags on text that does not fit them: located errors, in playbooks and cases."""

from __future__ import annotations

import pytest

from playbook.case.io import parse_case
from playbook.errors import CaseError, LoadError
from playbook.source import read_yaml

BAD = ["!!timestamp bad", '!!int ""', "!!int", '!!float ""', "!!bool maybe", "!!int 0x", "!!timestamp 2020-99-99",
       "!!int " + "9" * 5000]


@pytest.mark.parametrize("scalar", BAD)
def test_a_bad_tagged_scalar_in_a_playbook_is_located(scalar: str) -> None:
    with pytest.raises(LoadError) as caught:
        read_yaml(f"playbook:\n  id: {scalar}\n", "p.yaml")
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.code == "yaml-bad-value"
    assert diagnostic.span is not None and diagnostic.span.line == 2


@pytest.mark.parametrize("scalar", BAD)
def test_a_bad_tagged_scalar_in_a_yaml_case_is_a_case_or_load_error(scalar: str) -> None:
    with pytest.raises((CaseError, LoadError)) as caught:
        parse_case(f"id: c1\nreceived_at: {scalar}\n", "case.yaml")
    assert caught.value.diagnostics[0].span is not None
