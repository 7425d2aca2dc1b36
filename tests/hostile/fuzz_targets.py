"""Fuzz targets: the YAML loader, the case parser and evaluate, each fed arbitrary input.

Each target takes what a fuzzer produces and returns normally when the library answered
with a result or with one of its own located errors (:class:`playbook.errors.PlaybookError`);
any other exception is a bug and propagates. The same targets are driven by hypothesis in
``test_fuzz.py`` (a fixed example budget, in every test run) and by atheris in ``fuzz.py``
(coverage-guided, for as long as one wants to run it).
"""

from __future__ import annotations

import contextlib
import io
from functools import cache
from typing import Any

from playbook import Playbook
from playbook.case.io import parse_case, read_cases
from playbook.errors import PlaybookError
from playbook.model.playbook import PlaybookSource
from playbook.source.limits import Limits
from playbook.source.validate import validate
from playbook.source.yaml_reader import read_yaml

SMALL = Limits(max_bytes=256 * 1024, max_nodes=20_000, max_alias_values=20_000, max_case_bytes=256 * 1024,
               max_messages=200, max_message_chars=20_000, max_case_chars=100_000)
"""Limits that keep one fuzz input cheap (the defaults are for real playbooks and cases)."""

YAML_NAMES = ("fuzz.yaml", "fuzz.json")
CASE_NAMES = ("case.json", "case.yaml", "cases.jsonl", "<stdin>")


@cache
def standard(language: str) -> Playbook:
    return Playbook.standard(language, limits=SMALL)


def yaml_loader(data: bytes, name: str = "fuzz.yaml") -> None:
    """Read ``data`` as a playbook file and validate it against the playbook model."""
    try:
        tree = read_yaml(data, name, SMALL)
    except PlaybookError:
        return
    validate(PlaybookSource, tree)


def case_parser(data: bytes, name: str = "case.json") -> list[Any]:
    """Read ``data`` as one case document and as a stream of cases; the cases read."""
    cases: list[Any] = []
    with contextlib.suppress(PlaybookError):
        cases.append(parse_case(data, name))
    rejected: list[PlaybookError] = []
    cases.extend(read_cases(io.BytesIO(data), name, rejected.append, limits=SMALL))
    return cases


def evaluate(case: Any, language: str = "zh") -> None:
    """Evaluate ``case`` (a mapping, or a parsed case) with a standard playbook."""
    playbook = standard(language)
    try:
        decision = playbook.evaluate(case)
    except PlaybookError:
        return
    decision.to_json()  # what every output writes


def parse_and_evaluate(data: bytes) -> None:
    """The case parser and evaluate together: every case ``data`` holds, in both languages."""
    for case in case_parser(data, "cases.jsonl"):
        for language in ("zh", "en"):
            evaluate(case, language)
