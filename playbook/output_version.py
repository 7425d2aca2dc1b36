"""The version of the shape of every JSON document the command line writes.

Tools that read ``playbook … --format json`` check ``version`` before anything else: it
changes only when a field is removed or changes meaning (new fields may appear within a
version). One number for all outputs, so a tool needs to know one rule, not one per command.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

OUTPUT_VERSION = "1"
"""The current JSON output version (a string, so ``"1.1"`` stays possible)."""


def versioned(document: Mapping[str, Any]) -> dict[str, Any]:
    """``document`` with ``"version"`` as its first key (a key of its own of that name is replaced)."""
    return {"version": OUTPUT_VERSION, **{k: v for k, v in document.items() if k != "version"}}


def versioned_json(object_text: str) -> str:
    """A JSON object already serialised (``model_dump_json``), with ``"version"`` first.

    Splices the text rather than parsing it again: ``eval`` writes one of these per case.
    ``object_text`` must be an object without a ``version`` key of its own.
    """
    if not object_text.startswith("{"):
        raise ValueError("expected a JSON object")
    head = '{"version":' + json.dumps(OUTPUT_VERSION)
    return head + ("}" if object_text.strip() == "{}" else "," + object_text[1:])
