"""The watch section and event models: what is accepted, what is refused and how."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from pydantic import ValidationError

from playbook.errors import SchemaError
from playbook.watch import Event, Watch, WatchSection
from tests.watch.builders import (
    count_pattern,
    deadline_pattern,
    ladder_pattern,
    section,
)


def refused(data: dict) -> str:
    with pytest.raises(ValidationError) as info:
        WatchSection.model_validate(data)
    return str(info.value)


def test_standard_kinds_validate():
    sec = WatchSection.model_validate(section(count_pattern(), ladder_pattern(), deadline_pattern()))
    assert [p.kind for p in sec.patterns] == ["count", "ladder", "deadline"]
    assert sec.backend == "auto"
    assert sec.patterns[0].window.seconds == 30 * 86400


@pytest.mark.parametrize("threshold", [0, 1])
def test_threshold_must_be_at_least_two(threshold):
    assert "threshold must be at least 2" in refused(section(count_pattern(threshold=threshold)))


def test_threshold_has_a_ceiling():
    assert "at most 20" in refused(section(count_pattern(threshold=21)))


def test_ladder_steps_strictly_increasing():
    steps = [{"at": 1, "action": "a"}, {"at": 3, "action": "b"}, {"at": 3, "action": "c"}]
    assert "strictly increasing: steps[2].at is 3 after 3" in refused(section(ladder_pattern(steps=steps)))


def test_ladder_needs_a_step():
    assert "at least 1 item" in refused(section(ladder_pattern(steps=[])))


def test_duplicate_pattern_ids():
    message = refused(section(count_pattern(), ladder_pattern(id="returns")))
    assert "duplicate pattern id 'returns' (patterns[0] and patterns[1])" in message


def test_unknown_field_forbidden():
    assert "Extra inputs are not permitted" in refused(section(count_pattern(thresold=3)))


def test_business_time_windows_refused():
    assert "uses business time" in refused(section(count_pattern(window="5bd")))


def test_action_placeholders_checked():
    message = refused(section(count_pattern(action="stop sale of {sku}")))
    assert "unknown placeholder {sku}" in message and "{key}" in message
    assert "did you mean {key}?" in refused(section(count_pattern(action="stop {kye}")))


def test_deadline_needs_exactly_one_source():
    assert "exactly one of" in refused(section(deadline_pattern(within=None)))
    assert "exactly one of" in refused(section(deadline_pattern(deadline_field="due")))


def test_alert_before_shorter_than_within():
    assert "must be shorter than within" in refused(section(deadline_pattern(within="1h", alert_before="1h")))


def test_start_event_is_not_a_stop_event():
    assert "cannot also be a stop event" in refused(section(deadline_pattern(stop_events=["received"])))


def test_pattern_id_shape():
    assert "must start with a letter or digit" in refused(section(count_pattern(id="two words")))


def test_watch_reports_schema_errors_with_paths():
    with pytest.raises(SchemaError) as info:
        Watch(section(count_pattern(threshold=1)), backend="python")
    assert "patterns[0].count.threshold" in str(info.value)


def test_json_schema_generates():
    schema = WatchSection.model_json_schema()
    assert set(schema["$defs"]) >= {"CountPattern", "LadderPattern", "DeadlinePattern", "LadderStep"}


# -- located errors from YAML -----------------------------------------------------------

YAML = """\
extends: standard:en
watch:
  patterns:
    - id: returns
      kind: count
      event: returned
      key: product
      window: 30d
      thresold: 3
      action: stop sale
    - id: sla
      kind: dedline
"""


def test_yaml_errors_are_located_with_hints(tmp_path):
    from playbook.api import Playbook

    path = tmp_path / "pb.yaml"
    path.write_text(YAML, encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        Playbook.load(path)
    lines = [d.format() for d in info.value.diagnostics]
    assert any(line.startswith(f"{path}:9:7: error[unknown-field]: unknown field 'thresold'")
               and "did you mean 'threshold'?" in line for line in lines), lines
    assert any(line.startswith(f"{path}:4:7:") and "threshold" in line and "missing" in line for line in lines), lines
    assert any(line.startswith(f"{path}:12:13:") and "dedline" in line and "did you mean 'deadline'?" in line
               for line in lines), lines


# -- events -----------------------------------------------------------------------------


def test_naive_time_is_utc_and_aware_time_converted():
    naive = Event.model_validate({"id": "e", "kind": "k", "at": "2024-05-01T10:00:00"})
    shifted = Event.model_validate({"id": "e", "kind": "k", "at": "2024-05-01T18:00:00+08:00"})
    assert naive.at == shifted.at == datetime(2024, 5, 1, 10, tzinfo=timezone.utc)
    assert naive.at.tzinfo is timezone.utc


def test_extra_json_keys_go_to_attrs():
    event = Event.model_validate({"id": 7, "kind": "returned", "at": "2024-05-01T10:00:00Z",
                                  "store": "S1", "attrs": {"channel": "web"}})
    assert event.id == "7"
    assert event.attrs == {"channel": "web", "store": "S1"}
    assert event.get("store") == "S1" and event.get("product") is None


def test_event_requires_id_kind_at():
    with pytest.raises(ValidationError):
        Event.model_validate({"kind": "returned", "at": "2024-05-01T10:00:00Z"})
