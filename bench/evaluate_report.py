"""Printing the benchmark's tables, checking the baselines agree, and the grown playbooks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evaluate_timing import Stats, once_ns


@dataclass(frozen=True)
class Row:
    """One line of a table; ``floor`` is this row's own floor when it differs from the table's."""

    label: str
    stats: Stats
    note: str = ""
    floor: Stats | None = None


def _us(ns: float) -> str:
    us = ns / 1e3
    return f"{us:,.1f}" if us < 100 else f"{us:,.0f}"


def print_table(title: str, rows: list[Row], floor: Stats | None) -> None:
    """Median, p99, throughput and the ratio to the floor (the table's, or each row's own)."""
    own = floor is None
    print(title)
    head = f"  {'':38} {'median µs':>10} {'p99 µs':>10} {'cases/s':>10} {'× floor':>8}"
    if own:
        head += f" {'floor µs':>9}"
    print(head + "  notes")
    for row in rows:
        base = row.floor if own else floor
        ratio = f"{row.stats.median_ns / base.median_ns:.1f}" if base else "-"
        line = (f"  {row.label:38} {_us(row.stats.median_ns):>10} {_us(row.stats.p99_ns):>10} "
                f"{row.stats.per_second:>10,.0f} {ratio:>8}")
        if own:
            line += f" {_us(base.median_ns) if base else '-':>9}"
        print(line + f"  {row.note}")
    print()


def project(decision: Any) -> tuple:
    """A Decision in the baselines' plain-tuple shape, for comparison."""
    comp = decision.compensation
    return (
        decision.category.id,
        decision.severity,
        decision.priority,
        sorted((c.clock, c.due_by, c.breached) for c in decision.sla if c.due_by is not None),
        (comp.fault, comp.tier, comp.cap, comp.exceeds_cap, comp.approver) if comp else None,
        (decision.escalation.level, decision.escalation.by, sorted(t.id for t in decision.escalation.triggers)),
        sorted({v.rule for v in decision.violations}),
    )


def _plain(result: tuple) -> tuple:
    category, severity, priority, clocks, comp, esc, violations = result
    return (category, severity, priority, sorted(clocks), comp, (esc[0], esc[1], sorted(esc[2])),
            sorted({v[0] for v in violations}))


FIELDS = ("category", "severity", "priority", "sla", "compensation", "escalation", "violated rules")


def agreement(decision: Any, results: dict[str, tuple]) -> str:
    """One line per baseline: does it reach the engine's decision on the benchmark case?"""
    want = project(decision)
    lines = []
    for name, result in results.items():
        got = _plain(result)
        differ = [f"{field}: engine {w!r} vs {g!r}" for field, w, g in zip(FIELDS, want, got) if w != g]
        lines.append(f"{name} agrees with the engine" if not differ else f"{name} differs — " + "; ".join(differ))
    return "\n".join(lines)


def build_with_phrases(playbook: Any, phrases: list[str]) -> tuple[int, Any]:
    """The playbook plus a forbidden set of ``phrases`` checked under blame shifting, built with
    ``Playbook.from_source``; returns the build time and the playbook."""
    from playbook import Playbook
    from playbook.model.serialize import to_data

    data = to_data(playbook.source)
    data["phrase_sets"] = list(data["phrase_sets"]) + [{
        "id": "forbidden.synthetic", "kind": "forbidden", "taboo": "blame_shifting", "severity": "low",
        "phrases": phrases,
    }]
    for taboo in data["taboos"]:
        if taboo["id"] == "blame_shifting":
            for check in taboo["checks"]:
                if check.get("kind") == "phrases":
                    check["phrase_sets"] = list(check["phrase_sets"]) + ["forbidden.synthetic"]
    built: list[Any] = []
    elapsed = once_ns(lambda: built.append(Playbook.from_source(data)))
    return elapsed, built[0]
