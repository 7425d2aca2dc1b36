"""Message templates that try Python's format-string escapes: refused at load, never rendered."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook import Playbook
from playbook.errors import CompileError
from playbook.messages import render
from playbook.template import fill, template_problems

ESCAPES = [
    "{cap.__class__.__mro__}",
    "{phrase.__class__}",
    "{phrase[0]}",
    "{phrase:200000000}",
    "{phrase:100000000000}",
    "{phrase!r}",
    "{0}",
    "{}",
    "lone { brace",
]


def overlay(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "overlay.yaml"
    path.write_text("extends: standard:en\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize("template", ESCAPES)
def test_an_escape_in_a_message_is_refused_at_load(tmp_path: Path, template: str) -> None:
    path = overlay(tmp_path, f"messages:\n  forbidden_phrase: {template!r}\n".replace("'", '"'))
    with pytest.raises(CompileError) as caught:
        Playbook.load(path)
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.code == "message-template"
    assert diagnostic.span is not None and diagnostic.span.line == 3


def test_a_check_message_width_is_refused_at_load(tmp_path: Path) -> None:
    source = Path(Playbook.standard("en").tree.sources[0]).parent / "taboos.yaml"  # type: ignore[union-attr]
    assert source.is_file()
    text = source.read_text(encoding="utf-8").replace("{proposal_remedy}", "{proposal_remedy:300000000}", 1)
    (tmp_path / "p").mkdir()
    for file in source.parent.glob("*.yaml"):
        (tmp_path / "p" / file.name).write_text(text if file.name == "taboos.yaml" else file.read_text("utf-8"), "utf-8")
    with pytest.raises(CompileError) as caught:
        Playbook.load(tmp_path / "p")
    assert {d.code for d in caught.value.diagnostics} == {"message-template"}


def test_an_unknown_placeholder_names_the_allowed_ones() -> None:
    (problem,) = template_problems("{phrse}", {"phrase", "text"})
    assert "did you mean {phrase}" in problem and "{text}" in problem


def test_rendering_never_reaches_into_objects() -> None:
    class Secret:
        def __str__(self) -> str:
            return "shown"

    text = fill("{x.__class__} {x:>9} {x} {{x}}", {"x": Secret()})
    assert text == "{x.__class__} {x:>9} shown {x}"
    assert render({}, "forbidden_phrase", {"phrase": "p", "taboo": "t"}) == "forbidden phrase 'p' (t)"
