"""JSON Schemas generated from the models: the one source of truth for editors and tools.

Four documents have a schema: a playbook, an overlay (a playbook that ``extends`` another
and so writes only what it changes), a playbook test file (``*.test.yaml``) and a case.
The playbook schema picks the overlay rules by itself when the document has an
``extends`` key, so one editor mapping serves both. The files under ``schema/`` in the
repository (and ``playbook/_schema`` in the wheel) are these, written by
``playbook schema --for NAME -o schema/NAME.schema.json`` and kept equal by a test.
"""

from __future__ import annotations

import re
from typing import Any

from playbook.case import Case
from playbook.model.playbook import PlaybookSource
from playbook.testing.model import TestFile

DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: Schema names, in the order ``playbook schema --for`` lists them.
NAMES = ("playbook", "overlay", "test", "case")

#: Definitions an overlay writes whole: a condition replaces the base's condition, so it
#: keeps every rule of the full schema.
_WHOLE = re.compile(r"^(AllOf|AnyOf|NotOf|FactTest|Condition.*)$")
#: Fields that name the base item an overlay item patches: they stay required.
_KEYS = ("id",)
_CELL_KEYS = ("fault", "tier")
_OVERLAY = "Overlay_"
_REF = "#/$defs/"

_REMOVE = {
    "type": "boolean",
    "description": "true deletes the base item with this id (or, in compensation limits, this fault × tier cell); "
    "nothing else may be written beside it.",
}


def _source_schema() -> dict[str, Any]:
    return PlaybookSource.model_json_schema(by_alias=True, mode="validation")


def _root(schema: dict[str, Any]) -> dict[str, Any]:
    """The root object of a generated schema, without its definitions."""
    root = {key: value for key, value in schema.items() if key != "$defs"}
    root.pop("required", None)  # a folder spreads the sections over files: none is required in one
    return root


def _relaxed(node: Any) -> Any:
    """A copy of a schema node as an overlay may write it: references point at overlay
    definitions, only identifying fields stay required, every variant of a union may
    match (a patch need not repeat the ``kind`` that tells variants apart)."""
    if isinstance(node, list):
        return [_relaxed(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str) and value.startswith(_REF):
            name = value[len(_REF):]
            out[key] = value if _WHOLE.match(name) else _REF + _OVERLAY + name
        elif key == "oneOf":
            out["anyOf"] = _relaxed(value)
        elif key == "discriminator":
            continue
        elif key == "required":
            kept = [field for field in value if field in _KEYS or field in _CELL_KEYS]
            if kept:
                out[key] = kept
        elif key == "default":
            continue  # an overlay that omits a field keeps the base's value, not the default
        else:
            out[key] = _relaxed(value)
    properties = out.get("properties")
    if isinstance(properties, dict) and (
        "id" in properties or all(field in properties for field in _CELL_KEYS)
    ):
        out["properties"] = {**properties, "remove": _REMOVE}
    return out


def _overlay_defs(defs: dict[str, Any]) -> dict[str, Any]:
    return {_OVERLAY + name: _relaxed(value) for name, value in defs.items() if not _WHOLE.match(name)}


def _overlay_root(root: dict[str, Any]) -> dict[str, Any]:
    overlay: dict[str, Any] = _relaxed(root)
    overlay["title"] = "playbook overlay"
    overlay["description"] = (
        "A playbook that extends another: every section is optional and an item names the base item it "
        "changes by its id (compensation limits by fault and tier). See the README for the merge rules."
    )
    return overlay


def playbook_schema() -> dict[str, Any]:
    """The JSON Schema of a playbook document (also valid for each file of a folder).

    With an ``extends`` key the overlay rules apply (:func:`overlay_schema`), so a valid
    overlay that leaves ``language``, ``currency`` or a label to its base shows no error.
    """
    generated = _source_schema()
    defs = generated.get("$defs", {})
    root = _root(generated)
    full = {key: value for key, value in root.items() if key not in ("title", "description")}
    return {
        "$schema": DIALECT,
        "title": "playbook",
        "description": (
            "A complaint-handling playbook. A folder playbook spreads these sections over several files, "
            "so the schema requires none of them at the top; `playbook validate` checks the whole. "
            "A document with `extends` is an overlay and writes only what it changes."
        ),
        "type": "object",
        "if": {"required": ["extends"]},
        "then": {"$ref": _REF + "Overlay"},
        "else": {"$ref": _REF + "Playbook"},
        "$defs": {
            **defs,
            **_overlay_defs(defs),
            "Playbook": full,
            "Overlay": _overlay_root(root),
        },
    }


def overlay_schema() -> dict[str, Any]:
    """The JSON Schema of an overlay file, for the files of a folder overlay that do not
    hold the ``extends`` key themselves (map them to this schema in the editor)."""
    generated = _source_schema()
    defs = generated.get("$defs", {})
    whole = {name: value for name, value in defs.items() if _WHOLE.match(name)}
    return {"$schema": DIALECT, **_overlay_root(_root(generated)), "$defs": {**whole, **_overlay_defs(defs)}}


def playbook_test_schema() -> dict[str, Any]:
    """The JSON Schema of a playbook test file (``*.test.yaml``)."""
    schema = TestFile.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = DIALECT
    schema["title"] = "playbook tests"
    schema["description"] = (
        "A *.test.yaml file: cases with the parts of the decision that matter, and playbooks that must fail "
        "to load. See the README's 'Playbook tests'."
    )
    return schema


def case_schema() -> dict[str, Any]:
    """The JSON Schema of a case (the input of ``playbook eval``)."""
    schema = Case.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = DIALECT
    return schema


def schema_for(name: str) -> dict[str, Any]:
    """The schema called ``name`` (one of :data:`NAMES`)."""
    builders = {"playbook": playbook_schema, "overlay": overlay_schema, "test": playbook_test_schema, "case": case_schema}
    return builders[name]()
