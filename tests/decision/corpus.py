"""Every real case the project has: the example cases and every standard-playbook test case.

Each comes with the playbook it is meant for (a test file's playbook; for an example, each
standard playbook that counts money in the example's currency), so tests over "all cases"
decide them as a user would.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from playbook import Playbook
from playbook.case import Case
from playbook.errors import PlaybookError
from playbook.testing import discover
from playbook.testing.suite import prepare_case, read_suite

ROOT = Path(__file__).resolve().parents[2]


@cache
def _playbook(path: str) -> Playbook:
    return Playbook.standard(path.split(":", 1)[1]) if path.startswith("standard:") else Playbook.load(path)


def real_cases() -> Iterator[tuple[str, Playbook, Case]]:
    """(label, playbook, case) for every example case and every test case that loads."""
    examples = ROOT / "examples" / "cases"
    documents = [(file.name, json.loads(file.read_text(encoding="utf-8"))) for file in sorted(examples.glob("*.json"))]
    for file in sorted(examples.glob("*.jsonl")):  # the batch examples: one case a line
        lines = file.read_text(encoding="utf-8").splitlines()
        documents += [(f"{file.name}:{number}", json.loads(line)) for number, line in enumerate(lines, 1) if line.strip()]
    for name, document in documents:
        case = Case.model_validate(document)
        for language in ("zh", "en"):
            playbook = _playbook(f"standard:{language}")
            if case.customer.currency in (None, playbook.compiled.currency):
                yield f"{name}@{language}", playbook, case
    for file in discover([ROOT / "rules"]):
        suite = read_suite(file)
        for index, test in enumerate(suite.model.tests):
            try:
                prepared = prepare_case(suite, index)
                playbook = _playbook(str(suite.playbook_path()))
            except PlaybookError:
                continue  # a test about a broken case is not a case to decide
            yield f"{file.parent.parent.name}/{file.name}::{test.name}", playbook, prepared.case
