"""playbook: complaint-handling policy as declarative YAML, applied to customer cases.

The pipeline is visible in the package: :mod:`playbook.source` reads YAML with positions,
:mod:`playbook.model` validates it, :mod:`playbook.compile` turns it into immutable fast
objects, :mod:`playbook.engine` evaluates a :mod:`playbook.case` into a
:mod:`playbook.decision`. :class:`Playbook` ties them together.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Case", "Decision", "Playbook", "__version__", "load"]

_LAZY = {"Playbook": "playbook.api", "load": "playbook.api", "Case": "playbook.case", "Decision": "playbook.decision"}
"""The public names imported on first use (``import playbook.errors`` stays cheap for tools),
and the module each lives in."""

if TYPE_CHECKING:
    from playbook.api import Playbook, load
    from playbook.case import Case
    from playbook.decision import Decision


def __getattr__(name: str) -> Any:
    """Import a lazy public name and bind it in this module, so that from then on it is an
    ordinary attribute: ``vars(playbook)``, ``inspect`` and documentation tools see it."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'playbook' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names including the lazy ones not imported yet (for completion in shells)."""
    return sorted({*globals(), *__all__})
