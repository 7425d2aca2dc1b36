"""JSON Schemas generated from the models: the one source of truth for editors and tools."""

from __future__ import annotations

from typing import Any

from playbook.case import Case
from playbook.model.playbook import PlaybookSource


def playbook_schema() -> dict[str, Any]:
    """The JSON Schema of a playbook document (also valid for each file of a folder)."""
    schema = PlaybookSource.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "playbook"
    schema["description"] = (
        "A complaint-handling playbook. A folder playbook spreads these sections over several files, "
        "so the schema requires none of them at the top; `playbook validate` checks the whole."
    )
    schema.pop("required", None)
    return schema


def case_schema() -> dict[str, Any]:
    schema = Case.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
