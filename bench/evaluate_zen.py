"""Baseline (c): the playbook's decision tables as a zen-engine JSON decision model (JDM).

Two decisions, because the SLA breach between them needs working-day arithmetic zen does
not have: ``stage1`` (severity → priority and SLA targets, and the compensation cap by
fault × tier) and ``stage2`` (escalation triggers and taboo gates). Conditions become table
rows in sum-of-products form; each row's cells are zen unary expressions on ``$``.
Evaluated with ``ZenEngine.evaluate(key, context)``, the loader serving the JSON built here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import evaluate_glue as glue
from evaluate_logic import Leaf, dnf, nnf
from evaluate_scan import Scanner

from playbook.api import Playbook
from playbook.case import Case
from playbook.model.common import SEVERITY_ORDER


def _json(value: Any) -> str:
    return json.dumps(float(value) if isinstance(value, Decimal) else value, ensure_ascii=False)


def cell(leaves: list[Leaf]) -> str:
    """One table cell: the tests on one fact, as a unary expression."""
    parts = []
    for _fact, op, operand in leaves:
        if op == "eq":
            parts.append(f"$ == {_json(operand)}")
        elif op == "ne":
            parts.append(f"$ != {_json(operand)}")
        elif op == "in":
            parts.append(f"$ in [{', '.join(_json(v) for v in operand)}]")
        elif op == "not_in":
            parts.append(f"not ($ in [{', '.join(_json(v) for v in operand)}])")
        elif op == "exists":
            parts.append("$ != null" if operand else "$ == null")
        else:
            symbol = {"gt": ">", "ge": ">=", "lt": "<", "le": "<="}[op]
            parts.append(f"$ != null and $ {symbol} {float(operand)}")
    return " and ".join(parts)


class _Table:
    """A decision table node under construction."""

    def __init__(self, node_id: str, hit_policy: str, outputs: list[str], **options: Any):
        self.id = node_id
        self.hit_policy = hit_policy
        self.outputs = outputs
        self.options = options
        self.rows: list[tuple[list[Leaf], list[str]]] = []

    def add(self, condition: list[Leaf], outputs: list[str]) -> None:
        self.rows.append((condition, outputs))

    def add_predicate(self, predicate: Any, outputs: list[str]) -> None:
        for product in dnf(nnf(predicate)):
            self.add(product, outputs)

    def node(self) -> dict[str, Any]:
        """The JDM node; every cell is checked with zen's own parser, because a table row
        whose cell does not parse silently never matches."""
        import zen

        facts = sorted({leaf[0] for condition, _ in self.rows for leaf in condition})
        inputs = [{"id": f"{self.id}-in-{i}", "name": f, "field": glue.flat(f), "type": "expression"}
                  for i, f in enumerate(facts)]
        outputs = [{"id": f"{self.id}-out-{i}", "name": f, "field": f, "type": "expression"}
                   for i, f in enumerate(self.outputs)]
        rules = []
        for number, (condition, values) in enumerate(self.rows):
            row: dict[str, Any] = {"_id": f"{self.id}-rule-{number}"}
            for column, fact in zip(inputs, facts):
                text = cell([leaf for leaf in condition if leaf[0] == fact])
                problem = zen.validate_unary_expression(text) if text else None
                if problem:
                    raise ValueError(f"zen cannot parse {text!r} in {self.id}: {problem}")
                row[column["id"]] = text
            for column, value in zip(outputs, values):
                row[column["id"]] = value
            rules.append(row)
        content = {"hitPolicy": self.hit_policy, "inputs": inputs, "outputs": outputs, "rules": rules, **self.options}
        return {"id": self.id, "type": "decisionTableNode", "name": self.id, "position": {"x": 0, "y": 0},
                "content": content}


def _graph(nodes: list[dict[str, Any]], edges: list[tuple[str, str]]) -> dict[str, Any]:
    io = [{"id": "input", "type": "inputNode", "name": "input", "position": {"x": 0, "y": 0}},
          {"id": "output", "type": "outputNode", "name": "output", "position": {"x": 0, "y": 0}}]
    return {
        "contentType": "application/vnd.gorules.decision",
        "nodes": io + nodes,
        "edges": [{"id": f"edge-{i}", "sourceId": s, "targetId": t, "type": "edge"} for i, (s, t) in enumerate(edges)],
    }


def build_models(playbook: Playbook) -> dict[str, dict[str, Any]]:
    """The two JDM documents for ``playbook``."""
    pb = playbook.compiled
    names = {rank: name for name, rank in SEVERITY_ORDER.items()}
    severity = _Table("severity-rules", "first", ["sev_rank"], passThrough=True)
    for rule in sorted(pb.severity_rules, key=lambda r: -SEVERITY_ORDER[r.value]):
        severity.add_predicate(rule.predicate, [str(SEVERITY_ORDER[rule.value])])
    severity.add([], ["0"])
    raise_node = {"id": "raise", "type": "expressionNode", "name": "raise", "position": {"x": 0, "y": 0},
                  "content": {"passThrough": True, "expressions": [
                      {"id": "raise-0", "key": "severity_rank", "value": "max([category_rank, sev_rank])"}]}}
    naming = _Table("severity-name", "first", ["severity"], passThrough=True)
    for rank, name in names.items():
        naming.add([("severity_rank", "eq", rank)], [_json(name)])
    priority = _Table("priorities", "first", ["priority_index"], outputPath="priority", passThrough=True)
    for index, rule in enumerate(pb.priorities):
        priority.add_predicate(rule.predicate, [str(index)])
    sla = _Table("sla-targets", "collect", ["rule"], outputPath="sla")
    for index, sla_rule in enumerate(pb.sla_rules):
        sla.add_predicate(sla_rule.predicate, [str(index)])
    cap = _Table("compensation-cap", "first", ["amount", "multiple", "approver"], outputPath="cap")
    for (fault, tier), limit in pb.limits.items():
        cap.add([("fault_cell", "eq", fault), ("tier_cell", "eq", tier)],
                [_json(limit.amount), _json(limit.order_multiple), _json(limit.approver)])
    stage1 = _graph(
        [severity.node(), raise_node, naming.node(), priority.node(), sla.node(), cap.node()],
        [("input", "severity-rules"), ("severity-rules", "raise"), ("raise", "severity-name"),
         ("severity-name", "priorities"), ("severity-name", "sla-targets"), ("input", "compensation-cap"),
         ("priorities", "output"), ("sla-targets", "output"), ("compensation-cap", "output")],
    )
    triggers = _Table("escalation-triggers", "collect", ["trigger"], outputPath="triggers")
    for index, trigger in enumerate(pb.triggers):
        triggers.add_predicate(trigger.predicate, [str(index)])
    gates = _Table("taboo-gates", "collect", ["gate"], outputPath="gates")
    for taboo in pb.taboos:
        for check in taboo.checks:
            gates.add_predicate(check.head.predicate, [_json(check.head.rule)])
    stage2 = _graph([triggers.node(), gates.node()],
                    [("input", "escalation-triggers"), ("input", "taboo-gates"),
                     ("escalation-triggers", "output"), ("taboo-gates", "output")])
    return {"stage1": stage1, "stage2": stage2}


class ZenBaseline:
    """The tables in zen-engine, with the shared Python glue around them."""

    def __init__(self, playbook: Playbook, scan: Scanner, text_checks: Callable[..., list]):
        import zen

        self.pb = playbook.compiled
        self.scan = scan
        self.text_checks = text_checks
        self.models = build_models(playbook)
        pb = self.pb
        predicates = [r.predicate for r in pb.severity_rules + pb.priorities + pb.sla_rules + pb.triggers]
        predicates += [c.head.predicate for t in pb.taboos for c in t.checks]
        self._used = {glue.flat(fact) for p in predicates for fact in p.facts_used()}
        documents = {key: json.dumps(model, ensure_ascii=False) for key, model in self.models.items()}
        self.engine = zen.ZenEngine({"loader": lambda key: documents[key]})

    def __call__(self, case: Case) -> tuple:
        pb = self.pb
        hits = self.scan([msg.text for msg in case.transcript])
        now = glue.now_of(case)
        facts = glue.base_facts(pb, case, now, hits)
        category = glue.detect_category(pb, case, hits)
        facts["category"] = category
        used = self._used
        context = {name: value for name, value in glue.jsonable(facts).items() if name in used}
        known = pb.categories.get(category or "")
        context["category_rank"] = SEVERITY_ORDER[known.severity] if known else SEVERITY_ORDER["medium"]
        context["fault_cell"] = case.fault if case.fault in pb.faults else ("unknown" if "unknown" in pb.faults else pb.faults[-1])
        context["tier_cell"] = case.customer.tier if case.customer.tier in pb.tiers else pb.tiers[-1]
        first = self.engine.evaluate("stage1", context)["result"]
        severity = first["severity"]
        priority_hit = first.get("priority") or {}
        priority = pb.priorities[int(priority_hit["priority_index"])].value if priority_hit else None
        targets: dict[str, Any] = {}
        for index in sorted({int(row["rule"]) for row in first.get("sla", [])}):
            sla_rule = pb.sla_rules[index]
            for name in glue.CLOCKS:
                if getattr(sla_rule, name) is not None:
                    targets.setdefault(name, getattr(sla_rule, name))
        clocks = glue.clocks(pb, case, targets, now)
        cap_row = first.get("cap") or {}
        cell_value = (cap_row["amount"], cap_row["multiple"], cap_row["approver"]) if cap_row else None
        compensation = glue.compensation(pb, case, cell_value)
        amount = case.proposal.amount if case.proposal else None
        front = pb.levels[0].authority
        context.update({
            "severity": severity, "priority": priority,
            "sla_breached": any(late for _n, _d, late in clocks),
            "proposal_exceeds_cap": compensation[3],
            "proposal_over_authority": amount is not None and front is not None and amount > front,
        })
        for name, _due, late in clocks:
            context[f"sla_{name}_breached"] = late
        second = self.engine.evaluate("stage2", context)["result"]
        fired = []
        for index in sorted({int(row["trigger"]) for row in second.get("triggers", [])}):
            trigger = pb.triggers[index]
            fired.append((trigger.id, trigger.level, trigger.within))
        escalation = glue.escalation(pb, case, fired, now)
        gates = {row["gate"] for row in second.get("gates", [])}
        violations = self.text_checks(case, hits, gates, compensation[3], amount, now, clocks,
                                      facts["transcript.agent_messages"])
        return (category, severity, priority, clocks, compensation, escalation, violations)
