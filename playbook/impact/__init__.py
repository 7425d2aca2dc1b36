"""Impact of a playbook change: which cases of a corpus get a different decision.

``playbook diff OLD NEW --cases cases.jsonl`` evaluates every case under both versions and
reports, counts first, the cases that gain or lose a violation, get a different cap or a
different escalation (and severity, priority or category) — what a policy writer needs to
see before a change is rolled out.
"""

from .compare import CaseChange, compare
from .outcome import Outcome
from .run import Impact, impact

__all__ = ["CaseChange", "Impact", "Outcome", "compare", "impact"]
