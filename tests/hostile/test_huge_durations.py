"""Durations far beyond any service target: refused at load with a located error."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook import Playbook
from playbook.errors import SchemaError
from playbook.model.duration import MAX_DURATION_DAYS, Duration


@pytest.mark.parametrize("text", ["999999999d", "99999999bd", "3661d", "600w", "999999999999m"])
def test_a_duration_beyond_ten_years_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="longest duration"):
        Duration.parse(text)


def test_ten_years_is_still_a_duration() -> None:
    assert Duration.parse(f"{MAX_DURATION_DAYS}d").amount == MAX_DURATION_DAYS


def test_a_huge_sla_target_in_a_playbook_is_located(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "extends: standard:en\nsla:\n  rules:\n    - {id: forever, first_response: 999999999d}\n", encoding="utf-8"
    )
    with pytest.raises(SchemaError) as caught:
        Playbook.load(path)
    (diagnostic,) = [d for d in caught.value.diagnostics if "999999999d" in d.message]
    assert diagnostic.span is not None and diagnostic.span.line == 4
