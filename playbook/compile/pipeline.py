"""The compiler: an ordered list of named stages, then assembly of the compiled playbook."""

from __future__ import annotations

from collections.abc import Callable

from playbook.calendar import BusinessCalendar
from playbook.errors import CompileError, Diagnostic
from playbook.model.playbook import PlaybookSource

from .compiled import (
    CompiledCategory,
    CompiledPlaybook,
    CompiledRecordField,
    frozen_map,
)
from .diagnostics import Locator, Reporter, no_location
from .phrases import build_phrase_index
from .references import check_unique_ids, resolve_references
from .run import CompileRun
from .tables import build_compensation, build_escalation, build_sla, build_triage
from .taboos import build_actions, build_taboos
from .templates import check_templates

Stage = Callable[[CompileRun], None]

STAGES: tuple[tuple[str, Stage], ...] = (
    ("unique-ids", check_unique_ids),
    ("references", resolve_references),
    ("phrases", build_phrase_index),
    ("triage", build_triage),
    ("compensation", build_compensation),
    ("escalation", build_escalation),
    ("sla", build_sla),
    ("taboos", build_taboos),
    ("actions", build_actions),
    ("templates", check_templates),
)
"""Each stage reads the source and earlier products and reports what is wrong; all run, so
one compile reports every problem it can find."""


def compile_source(
    source: PlaybookSource, locate: Locator = no_location, *, matcher_engine: str = "auto"
) -> tuple[CompiledPlaybook, list[Diagnostic]]:
    """Compile a validated playbook. Raises CompileError with every error found; returns the
    compiled playbook and the warnings."""
    run = CompileRun(source, Reporter(locate), matcher_engine)
    for _name, stage in STAGES:
        stage(run)
    if run.reporter.failed:
        raise CompileError(run.reporter.diagnostics)
    return _assemble(run), list(run.reporter.diagnostics)


def _assemble(run: CompileRun) -> CompiledPlaybook:
    s = run.source
    p = run.products
    apology = next((a.script for a in s.actions if str(a.kind) == "apologise" and a.script), None)
    return CompiledPlaybook(
        id=s.playbook.id,
        version=s.playbook.version,
        language=s.playbook.language,
        currency=s.playbook.currency,
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
        phrases=p["phrases"],
        severity_rules=p["severity_rules"],
        priorities=p["priorities"],
        limits=p["limits"],
        late_delivery_per_day=s.compensation.late_delivery_per_day if s.compensation else None,
        remedy_labels=frozen_map({r.id: r.label for r in s.compensation.remedies} if s.compensation else {}),
        levels=p["levels"],
        triggers=p["triggers"],
        sla_rules=p["sla_rules"],
        taboos=p["taboos"],
        actions=p["actions"],
        messages=frozen_map(dict(s.messages)),
        apology_script=apology,
    )
