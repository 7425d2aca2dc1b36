"""The compiler: stages in a fixed order, each returning its typed product, then assembly.

Every stage reads the source (and what earlier stages returned) and reports what is wrong;
all run, so one compile reports every problem it can find. A stage that cannot build its
product (the phrase matcher) returns None after reporting why, and the compile fails.
"""

from __future__ import annotations

from collections.abc import Mapping

from playbook.calendar import BusinessCalendar
from playbook.errors import CompileError, Diagnostic
from playbook.messages import MessageTable
from playbook.model.playbook import PlaybookSource

from .compiled import (
    CompiledAction,
    CompiledCategory,
    CompiledLimit,
    CompiledPlaybook,
    CompiledRecordField,
    CompiledSlaRule,
    CompiledTaboo,
    PhraseIndex,
    frozen_map,
)
from .diagnostics import Locator, Reporter, no_location
from .phrases import build_phrase_index
from .plan import build_plan
from .references import check_unique_ids, resolve_references
from .run import CompileRun
from .tables import Escalation, Triage, build_compensation, build_escalation, build_sla, build_triage
from .taboos import build_actions, build_taboos
from .templates import check_templates


def compile_source(
    source: PlaybookSource, locate: Locator = no_location, *, matcher_engine: str = "auto"
) -> tuple[CompiledPlaybook, list[Diagnostic]]:
    """Compile a validated playbook. Raises CompileError with every error found; returns the
    compiled playbook and the warnings."""
    run = CompileRun(source, Reporter(locate), matcher_engine)
    check_unique_ids(run)
    resolve_references(run)
    phrases = build_phrase_index(run)
    triage = build_triage(run)
    limits = build_compensation(run)
    escalation = build_escalation(run)
    sla_rules = build_sla(run)
    taboos = build_taboos(run, phrases) if phrases is not None else ()
    actions = build_actions(run)
    check_templates(run)
    if run.reporter.failed or phrases is None:
        raise CompileError(run.reporter.diagnostics)
    compiled = _assemble(source, phrases, triage, limits, escalation, sla_rules, taboos, actions)
    return compiled, list(run.reporter.diagnostics)


def _assemble(
    s: PlaybookSource,
    phrases: PhraseIndex,
    triage: Triage,
    limits: Mapping[tuple[str, str], CompiledLimit],
    escalation: Escalation,
    sla_rules: tuple[CompiledSlaRule, ...],
    taboos: tuple[CompiledTaboo, ...],
    actions: tuple[CompiledAction, ...],
) -> CompiledPlaybook:
    apology = next((a.script for a in s.actions if str(a.kind) == "apologise" and a.script), None)
    return CompiledPlaybook(
        id=s.playbook.id,
        version=s.playbook.version,
        language=s.playbook.language,
        currency=s.playbook.currency,
        rates=frozen_map(dict(s.playbook.rates)),
        calendar=BusinessCalendar.from_section(s.calendar),
        tiers=tuple(t.id for t in s.tiers),
        tier_labels=frozen_map({t.id: t.label for t in s.tiers}),
        faults=tuple(f.id for f in s.faults),
        fault_labels=frozen_map({f.id: f.label for f in s.faults}),
        apology_faults=frozenset(f.id for f in s.faults if f.apology_required),
        record_fields=tuple(CompiledRecordField(r.id, r.label, r.required, r.question) for r in s.record),
        categories=frozen_map(
            {c.id: CompiledCategory(c.id, c.label, str(c.severity), c.team) for c in s.categories}
        ),
        phrases=phrases,
        severity_rules=triage.severity_rules,
        priorities=triage.priorities,
        limits=limits,
        late_delivery_per_day=s.compensation.late_delivery_per_day if s.compensation else None,
        remedy_labels=frozen_map({r.id: r.label for r in s.compensation.remedies} if s.compensation else {}),
        levels=escalation.levels,
        triggers=escalation.triggers,
        sla_rules=sla_rules,
        taboos=taboos,
        actions=actions,
        messages=frozen_map(dict(s.messages)),
        apology_script=apology,
        texts=MessageTable(s.messages),
        plan=build_plan(triage.severity_rules, triage.priorities, sla_rules, escalation.triggers, taboos, actions),
    )
