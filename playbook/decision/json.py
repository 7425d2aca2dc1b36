"""Decisions as JSON bytes, written straight from the objects with orjson.

Why not ``model_dump_json``: pydantic walks the schema of every field; orjson writes the
dicts, lists, strings and datetimes natively and asks back only for the models and
decimals, about twice as fast on a real decision. The bytes are the same as
``model_dump_json()`` writes (``tests/decision/test_json.py`` holds it to that on every
example and standard-playbook test case); a value orjson cannot write falls back to
pydantic, so nothing is ever written differently, only sometimes slower.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import orjson
from pydantic import BaseModel

from .model import Decision

_OPTIONS = orjson.OPT_UTC_Z


def _default(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.__dict__
    if isinstance(value, Decimal) and value.is_finite():
        return str(value)
    raise TypeError  # let pydantic write the whole decision


def decision_json(decision: Decision) -> bytes:
    """The decision as UTF-8 JSON, every field included, as ``model_dump_json()`` writes it."""
    try:
        return orjson.dumps(decision, default=_default, option=_OPTIONS)
    except TypeError:
        return decision.model_dump_json().encode("utf-8")
