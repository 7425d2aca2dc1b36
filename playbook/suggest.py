""""Did you mean …?" for misspelt keys and ids."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def nearest(name: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The valid name closest to ``name``, or None when nothing is close.

    Case differences alone always count as close (``Quality`` → ``quality``).
    """
    pool = [c for c in candidates if isinstance(c, str)]
    lowered = {c.lower(): c for c in pool}
    if name.lower() in lowered:
        return lowered[name.lower()]
    found = difflib.get_close_matches(name, pool, n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """A hint sentence for ``name``, or None when no candidate is close."""
    pool = sorted({c for c in candidates if isinstance(c, str)})
    best = nearest(name, pool)
    if best is not None:
        return f"did you mean '{best}'?"
    if pool and len(pool) <= 12:
        return "expected one of: " + ", ".join(f"'{c}'" for c in pool)
    return None
