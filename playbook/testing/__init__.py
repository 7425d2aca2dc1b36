"""Playbook tests: ``*.test.yaml`` files of cases with expected decisions, and broken
playbooks with expected load errors. See :mod:`playbook.testing.model` for the format.

>>> from playbook.testing import Runner, discover
>>> report = Runner().run_files(discover(["rules/"]))      # doctest: +SKIP
>>> report.summary()                                        # doctest: +SKIP
'120 passed, 0 failed'
"""

from .coverage import Coverage, coverage, forbidden_phrase_ids
from .discover import discover
from .model import CaseTest, Expect, LoadErrorTest, MessageExpect, TestFile
from .results import Mismatch, Outcome, RunReport, TestResult
from .runner import Runner, name_selected
from .suite import Suite, read_suite

__all__ = [
    "CaseTest", "Coverage", "Expect", "LoadErrorTest", "MessageExpect", "Mismatch", "Outcome", "RunReport",
    "Runner", "Suite", "TestFile", "TestResult", "coverage", "discover", "forbidden_phrase_ids",
    "name_selected", "read_suite",
]
