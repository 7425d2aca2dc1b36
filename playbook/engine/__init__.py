"""Evaluate stage: a compiled playbook and a case in, a decision out.

:func:`evaluate` runs the stages in the order the handling process needs them: facts,
triage (category, severity, priority), SLA clocks, compensation, escalation, taboo checks,
then the action plan. Each stage reads what earlier ones decided from the per-call
:class:`~playbook.engine.state.Evaluation`; nothing is kept between calls.
"""

from .evaluate import evaluate

__all__ = ["evaluate"]
