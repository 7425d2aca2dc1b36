"""Phrases beyond what a matcher can compile: refused at their line when the playbook loads.

A phrase over the pattern limit of hyperscan (16,000 bytes) used to end in an internal
error, and one of 1,000,000 characters killed the process (SIGSEGV).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook import Playbook
from playbook.errors import SchemaError
from playbook.model.phrases import MAX_PHRASE_CHARS

from .conftest import assert_clean_exit, run_playbook


def overlay(tmp_path: Path, phrase: str, where: str = "phrase") -> Path:
    entry = f"      - {phrase}\n" if where == "phrase" else (
        f"      - id: long\n        text: short\n        exceptions: {{contexts: [{phrase}]}}\n")
    path = tmp_path / "p.yaml"
    path.write_text(
        "extends: standard:en\nphrase_sets:\n  - id: long_phrases\n    kind: signal\n    phrases:\n" + entry,
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("length", [16_001, 1_000_000])
def test_a_phrase_longer_than_the_limit_is_refused_at_its_line(tmp_path: Path, length: int) -> None:
    with pytest.raises(SchemaError) as caught:
        Playbook.load(overlay(tmp_path, "a" * length))
    (diagnostic,) = caught.value.diagnostics
    assert f"at most {MAX_PHRASE_CHARS} characters" in diagnostic.message
    assert diagnostic.span is not None and diagnostic.span.line == 6


def test_an_exception_context_longer_than_the_limit_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SchemaError) as caught:
        Playbook.load(overlay(tmp_path, "b" * (MAX_PHRASE_CHARS + 1), where="context"))
    assert any(f"at most {MAX_PHRASE_CHARS}" in d.message for d in caught.value.diagnostics)


def test_a_phrase_at_the_limit_compiles_and_matches(tmp_path: Path) -> None:
    playbook = Playbook.load(overlay(tmp_path, "很好" * (MAX_PHRASE_CHARS // 2)))
    assert playbook.id


def test_a_million_character_phrase_does_not_kill_the_cli(tmp_path: Path) -> None:
    err = assert_clean_exit(run_playbook(["validate", str(overlay(tmp_path, "x" * 1_000_000))]), 1, 2)
    assert "at most" in err
