"""The interface both watch backends implement, and choosing between them.

A backend holds the correlation state — events waiting in count and ladder windows,
armed deadline timers — and answers one question per call: *given that it is now
``now`` and this observation arrived, which patterns completed?* Everything before
that question (duplicate ids, late events, keys, deadlines) is decided once by
:class:`playbook.watch.plan.Plan`, so the backends cannot disagree about it.

Semantics every backend implements, in this order for each step of :meth:`Backend.apply_many`:

1. *Advance to now.* Entries with ``at + window <= now`` leave their window (they
   are retracted, never counted again). Timers with ``alert_at <= now`` fire, ordered
   by (alert time, arrival, pattern), and are removed.
2. *Apply the observation's items* in pattern order:

   - ``add`` to a **count** pattern: the entry joins its key's group; when the group
     reaches the threshold it fires with exactly those entries, which are then
     consumed — the next alert for that key needs ``threshold`` new events.
   - ``add`` to a **ladder**: the occurrence fires with the key's held occurrences
     plus itself (the count selects the step; past the last step, the last step
     again); then it is held, keeping only the ``last step - 1`` most recent.
   - ``stop``: the key's armed timer, if any, is cancelled.
   - ``start``: any armed timer for the key is replaced; a timer already due fires
     at once.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Protocol

from playbook.errors import Diagnostic
from playbook.watch.errors import BackendUnavailableError
from playbook.watch.plan import Entry, Hit, Observation, Plan, Timer

#: Per pattern index: key -> held entries (count, ladder) or key -> armed timer (deadline).
PatternStates = dict[int, dict[str, "list[Entry] | Timer"]]

BACKENDS = ("rete", "python")


class Backend(Protocol):
    """What :class:`playbook.watch.Watch` needs from an engine."""

    name: str

    def apply_many(self, steps: Sequence[tuple[int, Observation | None]]) -> list[list[Hit]]:
        """For each step in order: advance to ``now`` (µs), then apply the observation
        (None: only advance). Returns what fired at each step."""

    def export(self) -> PatternStates:
        """The held entries and armed timers, backend-neutral, for saving."""

    def load(self, states: PatternStates) -> None:
        """Take over ``states`` (already normalised to this plan); only on a fresh backend."""

    def size(self) -> int:
        """Items held, bookkeeping included: what must stay bounded as windows slide."""

    def close(self) -> None:
        """Release everything; idempotent."""


def rete_unavailable_reason() -> str | None:
    """Why durable-rules cannot load here, or None when it can.

    Imported lazily and on demand: its compiled module does not load on every Python
    (on 3.13 it fails with ``undefined symbol: PyEval_CallObject``), and nothing else
    in playbook may depend on it.
    """
    try:
        importlib.import_module("durable.engine")
    except ImportError as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


#: The largest count threshold the rete backend is given. durable-rules 2.0.28 crashes the
#: process (SIGSEGV in its native ``handleDeleteMessage``) retracting a fired group of five
#: or more facts after some hundreds of events — measured on random streams of 3,000 events,
#: whether the group is joined as a chain of held facts or from a transient occurrence —
#: while thresholds up to this one ran clean on 96 streams of 4,000 events with the same
#: alerts as the python backend. A crash loses every alert not yet written, so a plan
#: beyond it runs on python (``auto``) or is refused (``rete``), never started.
RETE_MAX_THRESHOLD = 4


def rete_plan_reason(plan: Plan) -> tuple[str, tuple[str | int, ...]] | None:
    """Why the rete backend must not run ``plan`` (and where the pattern is), or None."""
    for index, pattern in enumerate(plan.patterns):
        threshold = getattr(pattern.source, "threshold", None)
        if pattern.kind == "count" and threshold is not None and threshold > RETE_MAX_THRESHOLD:
            return (
                f"pattern '{pattern.source.id}' counts {threshold} events, and durable-rules 2.0.28 "
                f"crashes on a count of more than {RETE_MAX_THRESHOLD}",
                ("watch", "patterns", index, "threshold"),
            )
    return None


def resolve_backend(requested: str, plan: Plan | None = None) -> str:
    """``auto`` becomes ``rete`` where durable-rules loads and can run ``plan``, else
    ``python``; an explicit ``rete`` that cannot load, or cannot run ``plan`` safely, is an
    error naming the alternative."""
    if requested not in ("auto", *BACKENDS):
        raise BackendUnavailableError.of(
            "watch-backend-unknown",
            f"unknown watch backend '{requested}'",
            hint="use 'auto', 'rete' or 'python'",
        )
    if requested == "python":
        return "python"
    unsafe = rete_plan_reason(plan) if plan is not None else None
    if unsafe is not None:
        if requested == "auto":
            return "python"
        message, path = unsafe
        raise BackendUnavailableError(Diagnostic(
            code="watch-backend-unsupported",
            message=f"the 'rete' watch backend cannot run this watch: {message}",
            hint="use backend 'python' (same patterns, same alerts) or 'auto', which chooses it here",
            path=path,
        ))
    reason = rete_unavailable_reason()
    if reason is None:
        return "rete"
    if requested == "auto":
        return "python"
    raise BackendUnavailableError.of(
        "watch-backend-unavailable",
        f"the 'rete' watch backend needs durable-rules, which cannot be loaded here ({reason})",
        hint="use backend 'python' (same patterns, same alerts) or 'auto'; "
        "durable-rules installs with pip install 'complaint-playbook[watch-rete]' on Python < 3.13",
    )


def create_backend(name: str, plan: Plan) -> Backend:
    """Instantiate the backend ``name`` (already resolved) for ``plan``."""
    if name == "python":
        from playbook.watch.python_backend import PythonBackend

        return PythonBackend(plan)
    if name == "rete":
        from playbook.watch.rete_backend import ReteBackend

        return ReteBackend(plan)
    raise BackendUnavailableError.of("watch-backend-unknown", f"unknown watch backend '{name}'")
