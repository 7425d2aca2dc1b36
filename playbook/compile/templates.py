"""Stage: every message template of the playbook is plain named substitution.

Templates are data from the playbook, filled with values at evaluation time; checking them
here (names each may use, no attribute access, no format specs: see
:mod:`playbook.template`) makes a typo or an escape attempt a located error at load
instead of a surprise in a decision.
"""

from __future__ import annotations

from playbook.checks import kind_of
from playbook.facts import CATALOGUE, DYNAMIC_PREFIXES
from playbook.messages import DEFAULT_MESSAGES, MESSAGE_FIELDS, check_message_fields
from playbook.template import template_problems

from .run import CompileRun

_HINT = "write placeholders as {name}, one of the names listed; '{{' and '}}' are literal braces"


class _FactFields(frozenset[str]):
    """Names a ``fact`` check's message may use: catalogue facts and dynamic ones, as ``a_b``."""

    def __contains__(self, name: object) -> bool:
        if frozenset.__contains__(self, name):
            return True
        return isinstance(name, str) and any(
            name.startswith(prefix.replace(".", "_")) and len(name) > len(prefix) for prefix in DYNAMIC_PREFIXES
        )


def check_templates(run: CompileRun) -> None:
    """Report each template that is not plain substitution of names it may use."""
    reporter = run.reporter
    for key, text in run.source.messages.items():
        path = ("messages", key)
        if key not in DEFAULT_MESSAGES:
            reporter.warning(
                "unknown-message-key", f"no engine message is called '{key}'; this text is never used", path,
                "see the keys with 'playbook schema' (messages)",
            )
            allowed: frozenset[str] | None = None
        else:
            allowed = MESSAGE_FIELDS[key]
        for problem in template_problems(text, allowed):
            reporter.error("message-template", f"message '{key}': {problem}", path, _HINT)
    for t_index, taboo in enumerate(run.source.taboos):
        for c_index, check in enumerate(taboo.checks):
            if not check.message:
                continue
            names_facts = kind_of(check).message_names_facts
            fields = check_message_fields(check.kind, CATALOGUE if names_facts else ())
            if names_facts:
                fields = _FactFields(fields)
            check_path = ("taboos", t_index, "checks", c_index, "message")
            for problem in template_problems(check.message, fields):
                reporter.error("message-template", f"check '{check.id}': {problem}", check_path, _HINT)
