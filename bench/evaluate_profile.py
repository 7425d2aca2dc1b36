"""Where one evaluation spends its time: cProfile over many evaluations, grouped by layer.

The groups answer the questions that decide what to optimise: the engine's stages, the
taboo checks, the phrase matcher, the business calendar, and pydantic building the
Decision (its validating ``__init__`` runs for every nested result object).
"""

from __future__ import annotations

import cProfile
import pstats
import time
from typing import Any

GROUPS = (
    ("matcher (playbook/text)", "playbook/text/"),
    ("taboo checks (playbook/checks)", "playbook/checks/"),
    ("calendar (playbook/calendar)", "playbook/calendar/"),
    ("conditions (compile/conditions)", "playbook/compile/conditions"),
    ("engine stages (playbook/engine)", "playbook/engine/"),
    ("messages (render)", "playbook/messages"),
    ("pydantic", "pydantic"),
    ("zoneinfo / datetime", "zoneinfo"),
)


PARTS = (
    ("matcher scan (all messages)", "playbook/text/matcher.py", "scan"),
    ("  normalise text", "playbook/text/normalize.py", "normalize"),
    ("facts of the case", "playbook/engine/facts.py", "case_facts"),
    ("category", "playbook/engine/triage.py", "decide_category"),
    ("severity", "playbook/engine/triage.py", "decide_severity"),
    ("priority", "playbook/engine/triage.py", "decide_priority"),
    ("SLA clocks", "playbook/engine/clocks.py", "compute_clocks"),
    ("compensation", "playbook/engine/compensation.py", "decide_compensation"),
    ("escalation", "playbook/engine/escalation.py", "decide_escalation"),
    ("taboo checks", "playbook/engine/taboos.py", "check_taboos"),
    ("missing facts", "playbook/engine/evaluate.py", "_missing"),
    ("action plan", "playbook/engine/actions.py", "plan_actions"),
    ("calendar add (deadlines)", "playbook/calendar/business.py", "add"),
    ("calendar coverage warning", "playbook/calendar/business.py", "coverage_warning"),
    ("message templates (render)", "playbook/messages.py", "render"),
    ("pydantic model __init__ (all results)", "pydantic/main.py", "__init__"),
    ("predicate tests", "playbook/compile/conditions.py", "test"),
)
"""Functions whose cumulative time answers "how much does this part cost"."""


def _group(filename: str, name: str) -> str:
    where = filename.replace("\\", "/")
    for label, needle in GROUPS:
        if needle in where or needle in name:
            return label
    if where == "~":
        if "pydantic" in name or "validate" in name or "BaseModel" in name:
            return "pydantic"
        return "builtins (C)"
    return "other Python"


def profile_evaluation(playbook: Any, case: Any, budget_s: float = 5.0, top: int = 25) -> None:
    """Profile evaluations for about ``budget_s``; print self time by group and the top functions."""
    start = time.perf_counter()
    for _ in range(100):
        playbook.evaluate(case)
    per_call = (time.perf_counter() - start) / 100
    runs = max(50, min(20_000, int(budget_s / (per_call * 3))))  # cProfile roughly triples the cost
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        playbook.evaluate(case)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = sum(row[2] for row in stats.stats.values())  # type: ignore[attr-defined]
    groups: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        label = _group(filename, name)
        groups[label] = groups.get(label, 0.0) + tottime
    print(f"Profile: {runs} evaluations, {total / runs * 1e6:.1f} µs each under cProfile (profiling inflates it)")
    print("  self time by layer:")
    for label, seconds in sorted(groups.items(), key=lambda item: -item[1]):
        print(f"    {label:34} {seconds / runs * 1e6:8.1f} µs  {seconds / total:6.1%}")
    print("  cumulative time of the parts (µs per evaluation; parts nest, so they do not add up):")
    for label, where, function in PARTS:
        found = [(row[3], row[1]) for (filename, _l, name), row in stats.stats.items()  # type: ignore[attr-defined]
                 if name == function and filename.replace("\\", "/").endswith(where)]
        if found:
            cum = sum(c for c, _ in found)
            calls = sum(n for _, n in found)
            print(f"    {label:44} {cum / runs * 1e6:8.1f} µs  {calls / runs:5.1f} calls")
    print(f"  top {top} functions by self time (µs per evaluation, calls per evaluation):")
    rows = sorted(stats.stats.items(), key=lambda item: -item[1][2])[:top]  # type: ignore[attr-defined]
    for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in rows:
        short = filename.split("site-packages/")[-1].split("/work/main/")[-1]
        print(f"    {tottime / runs * 1e6:7.2f} self {cumtime / runs * 1e6:8.2f} cum {calls / runs:6.1f}x  {short}:{line} {name}")
    print()
