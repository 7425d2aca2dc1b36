"""Resource limits for reading untrusted YAML.

Playbooks come from many hands (and from CI on pull requests), so reading one must be
bounded in size, nesting and alias expansion: a 50 MB file or a "billion laughs" alias
bomb has to fail fast with a clear message instead of exhausting memory.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps applied while reading one file.

    ``max_bytes`` is checked before parsing; ``max_nodes`` counts nodes *after* alias
    expansion, which is what a consumer would have to walk; ``max_depth`` bounds nesting
    (also after alias expansion).
    """

    max_bytes: int = 5 * 1024 * 1024
    max_nodes: int = 100_000
    max_depth: int = 64
    max_extends_depth: int = 32
    """How many ``extends`` may be chained (a base of a base of …)."""
    confine_references: bool = True
    """Whether ``extends`` must stay inside the playbook's project root (see
    :func:`playbook.source.files.project_root`); the ``PLAYBOOK_ALLOW_OUTSIDE=1``
    environment setting (``playbook --allow-outside``) lifts it too."""


DEFAULT_LIMITS = Limits()
