"""Every real case the project has: the example cases and every standard-playbook test case.

Examples are every case file in ``examples/cases`` (``*.json`` and each line of ``*.jsonl``)
and every session of the example archive that the audit decides (``examples/archive``, read
through its mapping as ``playbook audit`` reads it). Each comes with the playbook it is meant
for (a test file's playbook; for an example, each standard playbook that counts money in the
example's currency), so tests over "all cases" decide them as a user would.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from playbook import Playbook
from playbook.audit.mapping import RowError, load_mapping
from playbook.audit.readers import Unit, read_rows
from playbook.audit.sessions import session_case
from playbook.case import Case
from playbook.errors import PlaybookError
from playbook.testing import discover
from playbook.testing.suite import prepare_case, read_suite

ROOT = Path(__file__).resolve().parents[2]


@cache
def _playbook(path: str) -> Playbook:
    return Playbook.standard(path.split(":", 1)[1]) if path.startswith("standard:") else Playbook.load(path)


def example_documents() -> Iterator[tuple[str, dict[str, Any]]]:
    """(label, case document) for every example case: each ``examples/cases/*.json``, each
    line of ``examples/cases/*.jsonl``, and each session of the example archive whose rows
    are all readable (the archive's README names the sessions that are rejected instead)."""
    cases = ROOT / "examples" / "cases"
    for file in sorted(cases.glob("*.json")):
        yield file.name, json.loads(file.read_text(encoding="utf-8"))
    for file in sorted(cases.glob("*.jsonl")):
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                yield f"{file.name}:{number}", json.loads(line)
    archive = ROOT / "examples" / "archive"
    mapping = load_mapping(archive / "mapping.yaml")
    sessions: dict[Any, list[tuple[str, Mapping[str, Any]]]] = {}
    for row_line, row in read_rows(str(archive / "messages.csv"), mapping):
        if isinstance(row, Unit):
            continue  # an unreadable row belongs to no session
        session = row.get(mapping.session or "")
        if session:
            sessions.setdefault(session, []).append((f"line {row_line}", row))
    for session, rows in sessions.items():
        try:
            document = session_case(session, rows, mapping)
        except RowError:
            continue  # a session with a bad row is rejected by the audit, not decided
        yield f"messages.csv#{session}", document


def real_cases() -> Iterator[tuple[str, Playbook, Case]]:
    """(label, playbook, case) for every example case and every test case that loads."""
    for label, document in example_documents():
        try:
            case = Case.model_validate(document)
        except ValidationError:
            continue  # a session the audit rejects (a bad sender code, a broken time)
        for language in ("zh", "en"):
            playbook = _playbook(f"standard:{language}")
            if case.customer.currency in (None, playbook.compiled.currency):
                yield f"{label}@{language}", playbook, case
    for file in discover([ROOT / "rules"]):
        suite = read_suite(file)
        for index, test in enumerate(suite.model.tests):
            try:
                prepared = prepare_case(suite, index)
                playbook = _playbook(str(suite.playbook_path()))
            except PlaybookError:
                continue  # a test about a broken case is not a case to decide
            yield f"{file.parent.parent.name}/{file.name}::{test.name}", playbook, prepared.case
