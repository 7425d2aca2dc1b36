"""load_tree: single files, folders merged into one document, and extends overlays."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from playbook.errors import Diagnostic, LoadError
from playbook.source import Limits, load_tree

Write = Callable[[str, "str | bytes"], Path]


def load_errors(path: Path, **options: object) -> list[Diagnostic]:
    with pytest.raises(LoadError) as caught:
        load_tree(path, **options)  # type: ignore[arg-type]
    return list(caught.value.diagnostics)


# -- single files ----------------------------------------------------------------


def test_single_yaml_and_json_files(write: Write) -> None:
    assert load_tree(write("p.yaml", "id: p\n")).data == {"id": "p"}
    tree = load_tree(write("case.json", '{"id": "c", "score": 1e-05}'))
    assert tree.data == {"id": "c", "score": 1e-05}
    assert tree.sources == (str(tree.file),)


def test_missing_path(tmp_path: Path) -> None:
    [error] = load_errors(tmp_path / "absent.yaml")
    assert (error.code, error.message) == ("file-not-found", f"file not found: {tmp_path / 'absent.yaml'}")


def test_oversized_file_is_refused_by_size(write: Write) -> None:
    path = write("p.yaml", "id: p\nname: " + "x" * 200 + "\n")
    [error] = load_errors(path, limits=Limits(max_bytes=100))
    assert error.code == "file-too-large"
    assert error.message == "file is 213 bytes (213 bytes), larger than the limit of 100 bytes (100 bytes)"


# -- folders ---------------------------------------------------------------------


def test_folder_merges_lists_and_mappings_in_file_order(write: Write) -> None:
    write("pb/10-base.yaml", "id: p\ntaboos:\n  - id: t1\nsettings:\n  tz: Asia/Shanghai\n")
    write("pb/20-more.yml", "taboos:\n  - id: t2\n  - id: t3\nsettings:\n  locale: zh\n")
    write("pb/20-more.test.yaml", "cases: [broken\n")
    write("pb/tests/case.yaml", "not: [valid\n")
    write("pb/.draft.yaml", "id: other\n")
    write("pb/notes.txt", "not yaml: [\n")
    tree = load_tree(Path(write("pb/30-empty-lists.yaml", "taboos: []\n")).parent)
    assert tree.data == {
        "id": "p",
        "taboos": [{"id": "t1"}, {"id": "t2"}, {"id": "t3"}],
        "settings": {"tz": "Asia/Shanghai", "locale": "zh"},
    }
    folder = Path(str(tree.file))
    assert tree.sources == tuple(str(folder / name) for name in ("10-base.yaml", "20-more.yml", "30-empty-lists.yaml"))
    # Positions keep pointing at the file each value came from.
    assert str(tree.span_of(("taboos", 0))) == f"{folder / '10-base.yaml'}:3:5"
    assert str(tree.span_of(("taboos", 2, "id"))) == f"{folder / '20-more.yml'}:3:5"
    assert str(tree.span_of(("settings", "locale"))) == f"{folder / '20-more.yml'}:5:3"


def test_same_nested_key_in_two_files(write: Write) -> None:
    first = write("pb/a.yaml", "id: p\nsettings:\n  tz: UTC\n")
    second = write("pb/b.yaml", "settings:\n  locale: zh\n  tz: Asia/Shanghai\n")
    [error] = load_errors(first.parent)
    assert (error.code, str(error.span)) == ("duplicate-key", f"{second}:3:3")
    assert error.message == f"duplicate key 'settings.tz': it is already set in {first}:3:3"


def test_scalar_in_two_files(write: Write) -> None:
    first = write("pb/a.yaml", "id: p\n")
    second = write("pb/b.yaml", "name: x\nid: q\n")
    [error] = load_errors(first.parent)
    assert (error.code, str(error.span)) == ("duplicate-key", f"{second}:2:1")
    assert error.message == f"duplicate key 'id': it is already set in {first}:1:1"
    assert error.hint == "only lists and mappings can be split across the files of a folder; keep this key in one file"


def test_list_in_one_file_mapping_in_another(write: Write) -> None:
    write("pb/a.yaml", "taboos: [x]\n")
    second = write("pb/b.yaml", "taboos: {x: 1}\n")
    [error] = load_errors(second.parent)
    assert (error.code, str(error.span)) == ("duplicate-key", f"{second}:1:1")


def test_errors_of_all_files_are_collected(write: Write) -> None:
    first = write("pb/a.yaml", "id: p\nid: q\n")
    second = write("pb/b.yaml", "x: [1\n")
    errors = load_errors(first.parent)
    assert [(d.code, d.span.file if d.span else None) for d in errors] == [
        ("duplicate-key", str(first)),
        ("yaml-syntax", str(second)),
    ]


def test_empty_folder(tmp_path: Path, write: Write) -> None:
    write("pb/only.test.yaml", "cases: []\n")
    write("pb/tests/a.yaml", "id: p\n")
    [error] = load_errors(tmp_path / "pb")
    assert (error.code, error.message) == (
        "empty-folder",
        f"folder {tmp_path / 'pb'} holds no playbook files (*.yaml or *.yml)",
    )


# -- extends ----------------------------------------------------------------------

BASE = """
id: standard
name: Standard
settings:
  tz: Asia/Shanghai
  hours: {start: 9, end: 18}
channels: [phone, mail]
taboos:
  - id: rude
    cap: 3
    checks: [{kind: phrase, phrase_sets: [rude]}]
  - id: threats
    cap: 1
  - id: delays
    cap: 5
"""


def test_overlay_changes_a_cap_by_id_and_removes_an_item(write: Write) -> None:
    base = write("base.yaml", BASE)
    overlay = write(
        "shop/playbook.yaml",
        """
        extends: ../base.yaml
        name: Shop
        settings:
          hours: {end: 20}
        channels: [chat]
        taboos:
          - id: rude
            cap: 5
          - id: threats
            remove: true
          - id: spam
            cap: 2
        """,
    )
    tree = load_tree(overlay)
    assert tree.data == {
        "id": "standard",
        "name": "Shop",
        "settings": {"tz": "Asia/Shanghai", "hours": {"start": 9, "end": 20}},
        "channels": ["chat"],
        "taboos": [
            {"id": "rude", "cap": 5, "checks": [{"kind": "phrase", "phrase_sets": ["rude"]}]},
            {"id": "delays", "cap": 5},
            {"id": "spam", "cap": 2},
        ],
    }
    assert "extends" not in tree.data and tree.node_span(("extends",)) is None
    assert tree.sources == (str(base), str(overlay).replace("shop/../", ""))
    assert tree.file == str(overlay)
    # Each value points at the file that wrote it.
    assert str(tree.span_of(("taboos", 0, "cap"))) == f"{overlay}:8:5"
    assert str(tree.span_of(("taboos", 0, "checks"))) == f"{base}:10:5"
    assert str(tree.span_of(("taboos", 1, "cap"), prefer="value")) == f"{base}:14:10"
    assert str(tree.span_of(("settings", "hours", "start"))) == f"{base}:5:11"
    assert str(tree.span_of(("settings", "hours", "end"))) == f"{overlay}:4:11"


def test_empty_overlay_list_replaces(write: Write) -> None:
    write("base.yaml", BASE)
    tree = load_tree(write("o.yaml", "extends: base.yaml\ntaboos: []\n"))
    assert tree.data["taboos"] == []


def test_several_bases_apply_left_to_right(write: Write) -> None:
    write("a.yaml", "id: a\nname: A\ntaboos: [{id: x, cap: 1}]\n")
    write("b.yaml", "name: B\ntaboos: [{id: x, cap: 2}, {id: y}]\n")
    tree = load_tree(write("c.yaml", "extends: [a.yaml, b.yaml]\ntaboos: [{id: y, cap: 9}]\n"))
    assert tree.data == {"id": "a", "name": "B", "taboos": [{"id": "x", "cap": 2}, {"id": "y", "cap": 9}]}


def test_chain_of_bases_and_folder_bases(write: Write) -> None:
    write("std/a.yaml", "id: std\ntaboos: [{id: t1, cap: 1}]\n")
    write("std/b.yaml", "taboos: [{id: t2, cap: 1}]\n")
    write("mid.yaml", "extends: std\ntaboos: [{id: t1, cap: 2}]\n")
    tree = load_tree(write("top.yaml", "extends: mid.yaml\ntaboos: [{id: t2, remove: true}]\n"))
    assert tree.data == {"id": "std", "taboos": [{"id": "t1", "cap": 2}]}


def test_extends_cycle_of_three_files_names_the_chain(write: Write) -> None:
    a = write("a.yaml", "extends: b.yaml\nid: a\n")
    write("b.yaml", "extends: c.yaml\n")
    c = write("c.yaml", "extends: [a.yaml]\n")
    [error] = load_errors(a)
    assert (error.code, str(error.span)) == ("extends-cycle", f"{c}:1:11")
    assert error.message == "playbooks extend each other in a cycle: a.yaml → b.yaml → c.yaml → a.yaml"


def test_extends_itself(write: Write) -> None:
    a = write("a.yaml", "extends: ./a.yaml\n")
    [error] = load_errors(a)
    assert error.message == "playbooks extend each other in a cycle: a.yaml → a.yaml"


def test_diamond_is_not_a_cycle(write: Write) -> None:
    write("root.yaml", "id: r\nlevels: {x: 1}\n")
    write("left.yaml", "extends: root.yaml\nlevels: {l: 1}\n")
    write("right.yaml", "extends: root.yaml\nlevels: {r: 1}\n")
    tree = load_tree(write("top.yaml", "extends: [left.yaml, right.yaml]\n"))
    assert tree.data == {"id": "r", "levels": {"x": 1, "l": 1, "r": 1}}


def test_missing_base_names_the_resolved_path(write: Write, tmp_path: Path) -> None:
    path = write("shop/p.yaml", "id: p\nextends: ../std/base.yaml\n")
    [error] = load_errors(path)
    assert (error.code, str(error.span)) == ("extends-not-found", f"{path}:2:10")
    assert error.message == f"base playbook '../std/base.yaml' not found: {tmp_path / 'std' / 'base.yaml'}"


def test_missing_base_in_a_list(write: Write) -> None:
    write("ok.yaml", "id: ok\n")
    path = write("p.yaml", "extends:\n  - ok.yaml\n  - gone.yaml\n")
    [error] = load_errors(path)
    assert (error.code, str(error.span)) == ("extends-not-found", f"{path}:3:5")


def test_errors_in_a_base_are_reported_in_the_base(write: Write) -> None:
    base = write("base.yaml", "id: b\nid: c\n")
    [error] = load_errors(write("p.yaml", "extends: base.yaml\n"))
    assert (error.code, str(error.span)) == ("duplicate-key", f"{base}:2:1")


def test_builtin_bases_resolve_through_the_callable(write: Write) -> None:
    standard = write("builtin/zh.yaml", "id: standard-zh\ntaboos: [{id: rude, cap: 3}]\n")
    seen: list[str] = []

    def resolve(name: str) -> Path:
        seen.append(name)
        if name != "standard:zh":
            raise KeyError(f"no built-in playbook named '{name}'")
        return standard

    tree = load_tree(write("p.yaml", "extends: standard:zh\ntaboos: [{id: rude, cap: 1}]\n"), resolve_builtin=resolve)
    assert tree.data == {"id": "standard-zh", "taboos": [{"id": "rude", "cap": 1}]}
    assert seen == ["standard:zh"]
    path = write("q.yaml", "extends: standard:fr\n")
    [error] = load_errors(path, resolve_builtin=resolve)
    assert (error.code, str(error.span)) == ("extends-not-found", f"{path}:1:10")
    assert error.message == "built-in playbook 'standard:fr' not found: \"no built-in playbook named 'standard:fr'\""


def test_builtin_without_resolver(write: Write) -> None:
    [error] = load_errors(write("p.yaml", "extends: standard:en\n"))
    assert error.message == "built-in playbook 'standard:en' not found: no built-in playbooks are available here"


def test_remove_of_an_unknown_id(write: Write) -> None:
    write("base.yaml", BASE)
    path = write("p.yaml", "extends: base.yaml\ntaboos:\n  - id: thraets\n    remove: true\n")
    [error] = load_errors(path)
    assert (error.code, str(error.span), error.message, error.hint) == (
        "extends-unknown-id",
        f"{path}:3:9",
        "cannot remove 'thraets': the base has no item with that id",
        "did you mean 'threats'?",
    )


def test_remove_with_other_fields(write: Write) -> None:
    write("base.yaml", BASE)
    path = write("p.yaml", "extends: base.yaml\ntaboos:\n  - id: rude\n    remove: true\n    cap: 2\n")
    [error] = load_errors(path)
    assert (error.code, str(error.span)) == ("extends-invalid", f"{path}:5:5")


@pytest.mark.parametrize("value", ["3", "[]", "{a: b}", "[base.yaml, 3]"])
def test_extends_must_name_paths(write: Write, value: str) -> None:
    write("base.yaml", "id: b\n")
    [error] = load_errors(write("p.yaml", f"extends: {value}\n"))
    assert error.code == "extends-invalid"
    assert error.message == "'extends' takes a path or a list of paths to base playbooks"


def test_extends_in_two_files_of_a_folder(write: Write) -> None:
    write("base.yaml", "id: b\n")
    write("pb/a.yaml", "extends: ../base.yaml\n")
    second = write("pb/b.yaml", "extends: ../base.yaml\n")
    [error] = load_errors(second.parent)
    assert (error.code, str(error.span)) == ("duplicate-key", f"{second}:1:1")


def test_extends_in_a_folder_is_relative_to_its_file(write: Write) -> None:
    write("std/base.yaml", "id: b\ntaboos: [{id: t, cap: 1}]\n")
    write("pb/a.yaml", "name: shop\n")
    write("pb/b.yaml", "extends: ../std/base.yaml\ntaboos: [{id: t, cap: 4}]\n")
    tree = load_tree(write("pb/c.yaml", "channels: [phone]\n").parent)
    assert tree.data == {"id": "b", "taboos": [{"id": "t", "cap": 4}], "name": "shop", "channels": ["phone"]}
