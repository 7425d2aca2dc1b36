"""Stage: run every taboo check whose gate condition holds; collect the violations."""

from __future__ import annotations

from playbook.decision import Violation

from .state import Evaluation


def check_taboos(ev: Evaluation) -> list[Violation]:
    """Every violation, in check order, at most ``ev.max_violations`` of them: once the
    limit is reached the remaining checks are not run and a warning says the list was cut."""
    violations = _checked(ev)
    if len(violations) > ev.max_violations:
        del violations[ev.max_violations:]
        ev.warnings.append(ev.say("violations_cut", limit=f"{ev.max_violations:,}"))
    if ev.evidence_cut:
        ev.warnings.append(ev.say("evidence_cut", limit=f"{ev.max_evidence:,}"))
    return violations


def _checked(ev: Evaluation) -> list[Violation]:
    violations: list[Violation] = []
    if ev.trace is None:
        return _compiled(ev)
    for taboo in ev.playbook.taboos:
        for check in taboo.checks:
            if len(violations) > ev.max_violations:
                return violations  # one more than may be listed: the list is cut
            ev.violation_room = ev.max_violations - len(violations)
            head = check.head
            if not ev.holds(head.predicate):
                ev.note("taboos", head.rule, "skipped", head.origin, "condition does not hold",
                        predicate=head.predicate)
                continue
            found = check.run(ev)
            violations.extend(found)
            ev.note("taboos", head.rule, "failed" if found else "passed", head.origin,
                    "; ".join(map(_described, found)) or None, predicate=head.predicate)
    return violations


def _compiled(ev: Evaluation) -> list[Violation]:
    """The same, untraced: only the checks whose gate holds (the playbook's compiled plan)."""
    violations: list[Violation] = []
    limit = ev.max_violations
    for check in ev.playbook.plan.checks(ev.facts):
        if len(violations) > limit:
            return violations  # one more than may be listed: the list is cut
        ev.violation_room = limit - len(violations)
        violations.extend(check.run(ev))
    return violations


def _described(violation: Violation) -> str:
    """A violation's message for the trace, naming the phrase that fired when there is one."""
    phrase = violation.facts.get("phrase")
    return f"{violation.message} [{phrase}]" if phrase else violation.message
