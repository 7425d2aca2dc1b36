"""Every kind of playbook error, with a real broken playbook: exact location, code and message."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from playbook.api import Playbook
from playbook.errors import CompileError, LoadError, PlaybookError, SchemaError

MINI = (Path(__file__).parent.parent / "fixtures" / "mini.yaml").read_text(encoding="utf-8")


def broken(tmp_path: Path, old: str, new: str, name: str = "broken.yaml") -> Path:
    assert old in MINI, f"fixture no longer contains {old!r}"
    path = tmp_path / name
    path.write_text(MINI.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [i + 1 for i, line in enumerate(lines) if needle in line]
    return found[nth - 1]


def errors_of(path: Path, kind: type[PlaybookError]) -> list:
    with pytest.raises(kind) as info:
        Playbook.load(path)
    return list(info.value.diagnostics)


def test_misspelt_key_is_located_with_suggestion(tmp_path: Path) -> None:
    path = broken(tmp_path, "phrase_sets:\n", "phrse_sets:\n")
    [d] = [d for d in errors_of(path, SchemaError) if d.code == "unknown-field"]
    assert (d.span.file, d.span.line, d.span.column) == (str(path), line_of(path, "phrse_sets:"), 1)
    assert "phrse_sets" in d.message and d.hint == "did you mean 'phrase_sets'?"


def test_wrong_type_names_expected_and_got(tmp_path: Path) -> None:
    path = broken(tmp_path, "max_handoffs: 2}", "max_handoffs: two}")
    [d] = errors_of(path, SchemaError)
    line = line_of(path, "max_handoffs: two")
    assert d.span.line == line and d.span.column == path.read_text().splitlines()[line - 1].index("two") + 1
    assert "whole number" in d.message or "integer" in d.message
    assert "two" in d.message


def test_unknown_phrase_set_reference(tmp_path: Path) -> None:
    path = broken(tmp_path, "phrase_sets: [blame]}", "phrase_sets: [blaem]}")
    [d] = errors_of(path, CompileError)
    assert d.code == "unknown-phrase-set"
    assert d.message == "unknown phrase set 'blaem'"
    assert d.hint == "did you mean 'blame'?"
    line = line_of(path, "[blaem]")
    assert (d.span.line, d.span.column) == (line, path.read_text().splitlines()[line - 1].index("blaem") + 1)


def test_unknown_fact_and_bad_value_in_condition(tmp_path: Path) -> None:
    path = broken(tmp_path, "when: {fact: harm.physical, eq: true}\n      level: manager",
                  "when: {fact: harm.physicl, eq: true}\n      level: manager")
    [d] = errors_of(path, CompileError)
    assert d.code == "unknown-fact" and d.hint == "did you mean 'harm.physical'?"
    assert d.span.line == line_of(path, "harm.physicl")
    path2 = broken(tmp_path, "when: {fact: fault, in: [company]}\n", "when: {fact: fault, in: [compnay]}\n", "b2.yaml")
    [d2] = errors_of(path2, CompileError)
    assert d2.code == "unknown-fault" and d2.hint == "did you mean 'company'?"


def test_errors_are_collected_not_stopped_at_first(tmp_path: Path) -> None:
    text = MINI.replace("phrase_sets: [blame]}", "phrase_sets: [blaem]}").replace("level: manager\n", "level: manajer\n", 1)
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    codes = sorted(d.code for d in errors_of(path, CompileError))
    assert codes == ["unknown-level", "unknown-phrase-set"]


def test_duplicate_key_and_duplicate_id(tmp_path: Path) -> None:
    path = broken(tmp_path, "  id: mini\n", "  id: mini\n  id: again\n")
    [d] = errors_of(path, LoadError)
    assert d.code == "duplicate-key" and d.span.line == line_of(path, "id: again")
    path2 = broken(tmp_path, "{id: B, label: Key}", "{id: A, label: Key}", "dup.yaml")
    diagnostics = errors_of(path2, CompileError)
    [d2] = [d for d in diagnostics if d.code == "duplicate-id"]
    assert d2.span.line == line_of(path2, "{id: A, label: Key}") and "first at tiers[0]" in d2.message
    # the references to the tier that no longer exists are reported too, each at its place
    assert {d.code for d in diagnostics} == {"duplicate-id", "unknown-tier"}


def test_yaml_syntax_error_location(tmp_path: Path) -> None:
    path = broken(tmp_path, "  version: \"1.0\"\n", "  version: \"1.0\n")
    [d] = errors_of(path, LoadError)
    assert d.code == "yaml-syntax" and d.span.file == str(path) and d.span.line >= line_of(path, 'version: "1.0')


def test_python_tag_is_refused(tmp_path: Path) -> None:
    path = broken(tmp_path, "  version: \"1.0\"\n", "  version: !!python/object/apply:os.system [\"echo pwned\"]\n")
    [d] = errors_of(path, LoadError)
    assert d.code == "yaml-tag" and d.span.line == line_of(path, "python/object")


def test_alias_bomb_fails_fast(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i-1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    [d] = errors_of(path, LoadError)
    assert d.code == "yaml-too-large"
    assert time.perf_counter() - started < 5


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("w") as handle:
        handle.write("playbook:\n  description: '")
        handle.write("x" * (50 * 1024 * 1024))
        handle.write("'\n")
    started = time.perf_counter()
    [d] = errors_of(path, LoadError)
    assert d.code == "file-too-large" and "50" in d.message
    assert time.perf_counter() - started < 2


def test_extends_cycle_names_the_chain(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: c.yaml\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("extends: a.yaml\n", encoding="utf-8")
    [d] = errors_of(tmp_path / "a.yaml", LoadError)
    assert d.code == "extends-cycle"
    assert "a.yaml → b.yaml → c.yaml → a.yaml" in d.message.replace(str(tmp_path) + "/", "")


def test_extends_overrides_a_cap_by_position(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(MINI, encoding="utf-8")
    (tmp_path / "region.yaml").write_text(
        "extends: base.yaml\nplaybook: {id: mini-region, version: '1.1', language: en, currency: USD}\n"
        "escalation:\n  levels:\n    - {id: agent, label: Agent, authority: 50}\n",
        encoding="utf-8",
    )
    pb = Playbook.load(tmp_path / "region.yaml")
    assert pb.id == "mini-region"
    assert [str(level.authority) for level in pb.compiled.levels][:2] == ["50", "300"]


def test_missing_required_section_points_at_document(tmp_path: Path) -> None:
    text = MINI[: MINI.index("sla:\n")] + MINI[MINI.index("triage:\n"):]
    path = tmp_path / "nosla.yaml"
    path.write_text(text, encoding="utf-8")
    [d] = errors_of(path, SchemaError)
    assert d.code == "missing-field" and "'sla'" in d.message


def test_standard_playbooks_validate_clean() -> None:
    for language in ("zh", "en"):
        pb = Playbook.standard(language)
        assert [d for d in pb.diagnostics if d.severity.value == "error"] == []


def test_an_overlay_replaces_a_condition_whole(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(MINI, encoding="utf-8")
    (tmp_path / "region.yaml").write_text(
        "extends: base.yaml\n"
        "triage:\n  priorities:\n    - {id: P1, when: {fact: customer.tier, in: [A, B]}}\n",
        encoding="utf-8",
    )
    pb = Playbook.load(tmp_path / "region.yaml")
    [p1] = [rule for rule in pb.source.triage.priorities if rule.id == "P1"]
    assert p1.when.model_dump(by_alias=True, exclude_unset=True) == {"fact": "customer.tier", "in": ["A", "B"]}
    base_case = {"id": "c", "customer": {"tier": "B"}, "evaluated_at": "2026-03-02T10:00:00+08:00"}
    assert pb.evaluate(base_case).priority == "P1"
