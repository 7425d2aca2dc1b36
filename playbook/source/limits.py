"""Resource limits for reading untrusted YAML.

Playbooks come from many hands (and from CI on pull requests), so reading one must be
bounded in size, nesting and alias expansion: a 50 MB file or a "billion laughs" alias
bomb has to fail fast with a clear message instead of exhausting memory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace

from playbook.errors import Diagnostic, LoadError


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps applied while reading a playbook (each file, and all its files together).

    ``max_bytes`` is checked before parsing; ``max_nodes`` counts nodes *after* alias
    expansion, which is what a consumer would have to walk, and ``max_alias_values`` the
    part of them aliases added; ``max_depth`` bounds nesting
    (also after alias expansion). ``max_total_bytes`` and ``max_total_values`` bound the
    whole playbook: every file of a folder and of its ``extends`` together (values are
    the keys and items written, counted as read). ``max_case_bytes`` bounds one case:
    a case file, or one line of JSON Lines (so it is the line length too). ``max_messages``,
    ``max_message_chars`` and ``max_case_chars`` bound one case's transcript, checked
    before any text is scanned; ``max_violations`` and ``max_evidence`` bound what one
    decision lists, so the work of evaluating a case stays bounded too.

    The CLI sets them with ``playbook --limit NAME=VALUE`` (the ``PLAYBOOK_LIMITS``
    environment setting, ``NAME=VALUE,NAME=VALUE``); see :meth:`from_env`.
    """

    max_bytes: int = 5 * 1024 * 1024
    max_nodes: int = 1_000_000
    max_alias_values: int = 100_000
    """Values that aliases (``*name``) add to one file once expanded: what an alias bomb
    ("billion laughs") inflates. Values written out are bounded by ``max_nodes``, the file
    size and ``max_total_values`` instead, so a long phrase list is never taken for a bomb."""
    max_depth: int = 64
    max_total_bytes: int = 20 * 1024 * 1024
    max_total_values: int = 500_000
    max_case_bytes: int = 20 * 1024 * 1024
    max_extends_depth: int = 32
    """How many ``extends`` may be chained (a base of a base of …)."""
    max_messages: int = 10_000
    """Messages in one case's transcript."""
    max_message_chars: int = 100_000
    """Characters in one message of a transcript."""
    max_case_chars: int = 1_000_000
    """Characters in all the messages of one case together."""
    max_violations: int = 1_000
    """Violations listed in one decision; past it the checks stop and the decision's
    warnings say the list was cut."""
    max_evidence: int = 100
    """Evidence records listed for one violation (a refusal repeated 10,000 times is cited
    100 times), and keyword hits listed for a detected category beyond the first of each
    keyword; the decision's warnings say when some were left out (every hit still counts)."""
    confine_references: bool = True
    """Whether ``extends`` must stay inside the playbook's project root (see
    :func:`playbook.source.files.project_root`); the ``PLAYBOOK_ALLOW_OUTSIDE=1``
    environment setting (``playbook --allow-outside``) lifts it too."""


DEFAULT_LIMITS = Limits()

LIMITS_ENV = "PLAYBOOK_LIMITS"
_UNITS = {"k": 1000, "kb": 1000, "kib": 1024, "m": 1000**2, "mb": 1000**2, "mib": 1024**2,
          "g": 1000**3, "gb": 1000**3, "gib": 1024**3}


def limit_names() -> list[str]:
    """The limits that can be set by name (the integer ones)."""
    return [field.name for field in fields(Limits) if field.type in ("int", int)]


def parse_limits(text: str, base: Limits = DEFAULT_LIMITS) -> Limits:
    """``base`` with the ``NAME=VALUE`` settings of ``text`` (comma separated) applied.

    Values are whole numbers, with ``_`` allowed and an optional unit (``10MiB``, ``5MB``,
    ``200k``). Raises ValueError naming the setting that is wrong.
    """
    changes: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, equals, value = item.partition("=")
        name = name.strip().replace("-", "_")
        if not equals or name not in limit_names():
            raise ValueError(f"unknown limit '{name}': the limits are {', '.join(limit_names())}")
        changes[name] = _amount(name, value.strip())
    return replace(base, **changes)  # type: ignore[arg-type]


def _amount(name: str, value: str) -> int:
    digits = value.replace("_", "").lower()
    number = digits.rstrip("abcdefghijklmnopqrstuvwxyz")
    unit = digits[len(number):]
    if not number.isdigit() or (unit and unit not in _UNITS) or len(number) > 15:
        raise ValueError(f"limit {name}={value}: give a whole number, optionally with a unit such as MiB")
    amount = int(number) * _UNITS.get(unit, 1)
    if amount < 1:
        raise ValueError(f"limit {name}={value}: must be at least 1")
    return amount


def from_env(base: Limits = DEFAULT_LIMITS) -> Limits:
    """``base`` with the ``PLAYBOOK_LIMITS`` settings applied (how the CLI passes them on).

    A setting that is wrong is a :class:`~playbook.errors.LoadError` located at
    ``PLAYBOOK_LIMITS``: an API caller loading a playbook catches one error hierarchy,
    whatever the environment holds.
    """
    text = os.environ.get(LIMITS_ENV, "")
    if not text:
        return base
    try:
        return parse_limits(text, base)
    except ValueError as exc:
        raise LoadError(Diagnostic(
            code="limits-invalid", message=str(exc), path=(LIMITS_ENV,),
            hint=f"{LIMITS_ENV} is NAME=VALUE settings, comma separated, such as max_messages=5000,max_bytes=10MiB",
        )) from None
