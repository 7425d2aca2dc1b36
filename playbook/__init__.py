"""playbook: complaint-handling policy as declarative YAML, applied to customer cases.

The pipeline is visible in the package: :mod:`playbook.source` reads YAML with positions,
:mod:`playbook.model` validates it, :mod:`playbook.compile` turns it into immutable fast
objects, :mod:`playbook.engine` evaluates a :mod:`playbook.case` into a
:mod:`playbook.decision`. :class:`Playbook` ties them together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Case", "Decision", "Playbook", "__version__", "load"]

if TYPE_CHECKING:
    from playbook.api import Playbook, load
    from playbook.case import Case
    from playbook.decision import Decision


def __getattr__(name: str) -> Any:
    # Imported on first use so that `import playbook.errors` stays cheap for tools.
    if name in ("Playbook", "load"):
        from playbook import api

        return getattr(api, name)
    if name == "Case":
        from playbook.case import Case

        return Case
    if name == "Decision":
        from playbook.decision import Decision

        return Decision
    raise AttributeError(f"module 'playbook' has no attribute {name!r}")
