"""How expected and actual values are shown to people: compact, one value per cell."""

from __future__ import annotations

import json
from typing import Any

MAX_CHARS = 600


def show(value: Any) -> str:
    """Text for a value: strings as written, everything else as compact JSON (Chinese kept)."""
    if isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False, default=str)
    if len(text) > MAX_CHARS:
        text = text[: MAX_CHARS - 1] + "…"
    return text
