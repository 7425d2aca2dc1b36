"""Any valid playbook model survives a trip through YAML unchanged."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from playbook.model.playbook import PlaybookSource
from playbook.model.serialize import dump_yaml, to_data
from playbook.source.validate import validate
from playbook.source.yaml_reader import read_yaml

from .strategies import documents


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_model_round_trips_through_yaml(document: dict) -> None:
    model = PlaybookSource.model_validate(document)
    text = dump_yaml(model)
    tree = read_yaml(text, "roundtrip.yaml")
    again, diagnostics = validate(PlaybookSource, tree)
    assert diagnostics == [] and again is not None
    assert again == model
    assert to_data(again) == to_data(model)
