"""Writing a playbook model back to YAML, the way a policy writer would have written it."""

from __future__ import annotations

from typing import Any

import yaml

from .playbook import PlaybookSource


def to_data(source: PlaybookSource) -> dict[str, Any]:
    """Plain data holding exactly what was set (defaults left out, aliases as written)."""
    return source.model_dump(mode="json", by_alias=True, exclude_unset=True)


def dump_yaml(source: PlaybookSource) -> str:
    """YAML text that loads back into an equal model."""
    return yaml.safe_dump(to_data(source), allow_unicode=True, sort_keys=False, width=100)
