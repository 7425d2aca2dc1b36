"""The running totals of an audit: plain counters, JSON-serialisable, so a checkpoint can
carry them and a resumed run continues counting where it stopped."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .records import Outcome

COUNTERS = ("taboo", "rule", "phrase", "category", "channel", "severity", "agent", "team", "day",
            "escalation", "sla_breach", "reject_code", "agent_cases", "day_violations")


class Totals:
    """Counts over every outcome seen; ``to_json``/``from_json`` round-trip exactly."""

    def __init__(self) -> None:
        self.rows_in = 0
        self.rows_decided = 0
        self.rows_rejected = 0
        self.cases_decided = 0
        self.cases_rejected = 0
        self.cases_with_violations = 0
        self.violations = 0
        self.compensation_offers = 0
        self.compensation_over_cap = 0
        self.compensation_offered = 0.0
        self.compensation_cap = 0.0
        self.counts: dict[str, Counter[str]] = {name: Counter() for name in COUNTERS}
        self.examples: dict[str, list[dict[str, Any]]] = {}

    def add(self, outcome: Outcome) -> None:
        self.rows_in += outcome.rows
        if outcome.reject is not None:
            self.rows_rejected += outcome.rows
            self.cases_rejected += 1
            self.counts["reject_code"][outcome.reject["code"]] += 1
            return
        self.rows_decided += outcome.rows
        self.cases_decided += 1
        facts = outcome.facts
        counts = self.counts
        for name in ("category", "channel", "severity", "day"):
            counts[name][str(facts.get(name))] += 1
        if facts.get("agent") is not None:
            counts["agent_cases"][facts["agent"]] += 1
        if facts.get("violations"):
            self.cases_with_violations += 1
            self.violations += facts["violations"]
            counts["day_violations"][str(facts.get("day"))] += facts["violations"]
        if facts.get("escalation"):
            counts["escalation"][facts["escalation"]] += 1
        for clock in facts.get("sla_breaches", ()):
            counts["sla_breach"][clock] += 1
        compensation = facts.get("compensation")
        if compensation and compensation.get("proposal") is not None:
            self.compensation_offers += 1
            self.compensation_offered += compensation["proposal"]
            self.compensation_cap += compensation.get("cap") or 0.0
            self.compensation_over_cap += bool(compensation.get("exceeds_cap"))
        seen: set[int] = set()
        blamed: set[tuple[int, str]] = set()
        for row in outcome.violations:
            if row["violation"] not in seen:  # a violation with several pieces of evidence counts once
                seen.add(row["violation"])
                counts["taboo"][str(row.get("taboo"))] += 1
                counts["rule"][row["rule"]] += 1
                counts["team"][str(row.get("team"))] += 1
            agent = (row["violation"], str(row.get("agent")))
            if agent not in blamed:  # ... once for each agent whose messages hold its evidence
                blamed.add(agent)
                counts["agent"][agent[1]] += 1
            if row.get("phrase_id"):
                counts["phrase"][row["phrase_id"]] += 1
                examples = self.examples.setdefault(row["phrase_id"], [])
                if len(examples) < 3 and row.get("snippet"):
                    examples.append({"case": row["case"], "phrase": row.get("phrase"), "snippet": row["snippet"]})

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {k: v for k, v in vars(self).items() if k not in ("counts", "examples")}
        data["counts"] = {name: dict(counter) for name, counter in self.counts.items()}
        data["examples"] = self.examples
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Totals:
        totals = cls()
        for key, value in data.items():
            if key == "counts":
                totals.counts = {name: Counter(value.get(name, {})) for name in COUNTERS}
            elif key == "examples":
                totals.examples = value
            else:
                setattr(totals, key, value)
        return totals

    def summary(self) -> dict[str, Any]:
        """What ``summary.json`` says: the totals, the balance, and the top of each count."""
        per_100 = {agent: round(100 * self.counts["agent"][agent] / cases, 2)
                   for agent, cases in self.counts["agent_cases"].items() if cases}
        return {
            "rows": {"in": self.rows_in, "decided": self.rows_decided, "rejected": self.rows_rejected,
                     "balanced": self.rows_in == self.rows_decided + self.rows_rejected},
            "cases": {"decided": self.cases_decided, "rejected": self.cases_rejected,
                      "with_violations": self.cases_with_violations},
            "violations": self.violations,
            "compensation": {"offers": self.compensation_offers, "over_cap": self.compensation_over_cap,
                             "offered": round(self.compensation_offered, 2), "caps": round(self.compensation_cap, 2)},
            "by": {name: dict(counter.most_common()) for name, counter in self.counts.items()},
            "agents_violations_per_100_cases": dict(sorted(per_100.items(), key=lambda kv: -kv[1])),
            "examples": self.examples,
        }
