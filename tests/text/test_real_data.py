"""Both engines and both normalising paths agree on real agent replies (JDDC sample, if present)."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook.text import PhraseMatcher, PhraseSpec, normalize
from playbook.text.normalize import normalize_by_table

from .conftest import FORBIDDEN, HAS_HYPERSCAN, JDDC

RULES = Path(__file__).resolve().parents[2] / "rules" / "zh" / "phrases.yaml"


@pytest.fixture(scope="module")
def replies() -> list[str]:
    if not JDDC.is_file():
        pytest.skip("the JDDC sample is not beside this checkout")
    lines = JDDC.read_text(encoding="utf-8").splitlines()
    return [fields[-1] for fields in (line.split("\t") for line in lines) if len(fields) >= 7 and fields[2] == "1"]


def _phrases() -> list[str]:
    phrases = list(FORBIDDEN)
    if RULES.is_file():
        import yaml

        for phrase_set in yaml.safe_load(RULES.read_text(encoding="utf-8"))["phrase_sets"]:
            # text phrases only: a phrase of terms (terms: + at_least:) has no text to match alone
            phrases += [p if isinstance(p, str) else p["text"] for p in phrase_set["phrases"]
                        if isinstance(p, str) or "text" in p]
    return phrases


def test_engines_agree_on_real_replies(replies: list[str]) -> None:
    specs = [PhraseSpec(key, text) for key, text in enumerate(_phrases())]
    reference = PhraseMatcher.build(specs, engine="reference")
    sample = replies[:3000]
    for engine in ("portable", "hyperscan") if HAS_HYPERSCAN else ("portable",):
        fast = PhraseMatcher.build(specs, engine=engine)
        assert fast.scan_many(sample) == reference.scan_many(sample), engine
        assert fast.scan_many(sample[:40]) == tuple(reference.scan(reply) for reply in sample[:40]), engine
    assert sum(bool(hits) for hits in reference.scan_many(sample)) > 0


def test_normalising_paths_agree_on_real_replies(replies: list[str]) -> None:
    for reply in replies[:3000]:
        fast, table = normalize(reply), normalize_by_table(reply)
        assert fast.text == table.text and fast.origin == table.origin, reply
