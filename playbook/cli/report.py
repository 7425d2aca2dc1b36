"""Readable decision reports for terminals (rich: tables, colours when a terminal)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from playbook.case import Case
from playbook.decision import Decision

_SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}


def _time(moment) -> str:  # type: ignore[no-untyped-def]
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "—"


def render_decision(console: Console, decision: Decision, case: Case | None = None) -> None:
    cat = decision.category
    category = f"{cat.label or cat.id or '—'} ({cat.source})"
    if cat.matched_keywords:
        category += ": " + ", ".join(sorted({k.keyword for k in cat.matched_keywords}))
    console.rule(f"[bold]case {escape(decision.case_id)}[/] · {decision.playbook} {decision.playbook_version}")
    console.print(
        f"category [bold]{escape(category)}[/]  severity "
        f"[{_SEVERITY_STYLE.get(decision.severity, '')}]{decision.severity}[/]  priority {decision.priority or '—'}"
    )
    esc = decision.escalation
    if esc.required:
        reasons = "; ".join(t.reason or t.id for t in esc.triggers)
        console.print(f"escalate to [bold]{escape(esc.level_label or esc.level)}[/] by {_time(esc.by)}: {escape(reasons)}")
    comp = decision.compensation
    if comp is not None:
        line = f"compensation cap {comp.cap if comp.cap is not None else '—'} ({escape(comp.cap_basis)})"
        if comp.proposal_amount is not None:
            state = "[red]exceeds the cap[/]" if comp.exceeds_cap else "within the cap"
            line += f"; proposal {comp.proposal_amount} {state}"
            if comp.approver:
                line += f", approver {comp.approver}"
        console.print(line)

    if decision.actions:
        table = Table(title="action plan", show_lines=False, expand=False)
        for column in ("#", "action", "detail", "due"):
            table.add_column(column)
        for item in decision.actions:
            detail = item.detail or item.script or ""
            table.add_row(str(item.order), escape(item.title), escape(detail), _time(item.due_by))
        console.print(table)

    if decision.sla:
        table = Table(title="SLA clocks")
        for column in ("clock", "target", "due", "done", "state"):
            table.add_column(column)
        for clock in decision.sla:
            state = f"[red]late {clock.overdue_seconds // 60} min[/]" if clock.breached else (clock.note or "ok")
            table.add_row(clock.clock, clock.target or "—", _time(clock.due_by), _time(clock.done_at), state)
        console.print(table)

    if decision.violations:
        table = Table(title=f"violations ({len(decision.violations)})")
        for column in ("taboo", "severity", "message", "evidence"):
            table.add_column(column)
        for violation in decision.violations:
            evidence = "; ".join(
                f"msg {e.message_index} [{e.start}:{e.end}] “{e.text}” ← {e.phrase_id}"
                + (f" ({e.source})" if e.source else "") for e in violation.evidence
            ) or ", ".join(f"{k}={v}" for k, v in violation.facts.items())
            style = _SEVERITY_STYLE.get(violation.severity, "")
            table.add_row(escape(violation.taboo or violation.rule), f"[{style}]{violation.severity}[/]",
                          escape(violation.message), escape(evidence))
        console.print(table)
    else:
        console.print("[green]no violations[/]")
    if decision.missing:
        console.print("to collect: " + escape(", ".join(m.label for m in decision.missing)))
    for warning in decision.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}")
