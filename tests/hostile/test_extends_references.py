"""Hostile ``extends``: diamonds, deep chains, impossible paths, special files, files outside.

Each ends in a located ``LoadError`` at the ``extends`` line, or a load that reads every
file once; none in ``RecursionError``, ``OSError``, a hang, or an error quoting a file
that is not a playbook.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from playbook.errors import LoadError
from playbook.source.limits import DEFAULT_LIMITS
from playbook.source.loader import ALLOW_OUTSIDE_ENV, load_tree

from .conftest import assert_clean_exit, run_playbook


def project(tmp_path: Path) -> Path:
    """A project folder (it holds ``.git``), so references are confined to it."""
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    return root


def only_error(path: Path) -> tuple[str, str, int | None]:
    with pytest.raises(LoadError) as caught:
        load_tree(path)
    (diagnostic,) = caught.value.diagnostics
    return diagnostic.code, diagnostic.message, diagnostic.span.line if diagnostic.span else None


def test_a_diamond_of_two_to_the_sixteen_paths_reads_each_file_once(tmp_path: Path) -> None:
    levels = 17
    for level in range(levels):
        for side in "ab":
            bases = [] if level == levels - 1 else [f"{s}{level + 1}.yaml" for s in "ab"]
            body = f"extends: {bases}\n" if bases else ""
            (tmp_path / f"{side}{level}.yaml").write_text(f"{body}id: p{side}{level}\n", encoding="utf-8")
    tree = load_tree(tmp_path / "a0.yaml")
    assert tree.data["id"] == "pa0"
    assert len(tree.sources) == 2 * levels - 1  # each file listed once


def test_a_chain_a_thousand_deep_is_refused_at_the_extends_line(tmp_path: Path) -> None:
    for level in range(1000):
        (tmp_path / f"p{level}.yaml").write_text(f"id: p\nextends: p{level + 1}.yaml\n", encoding="utf-8")
    (tmp_path / "p1000.yaml").write_text("id: p\n", encoding="utf-8")
    code, message, line = only_error(tmp_path / "p0.yaml")
    assert code == "extends-too-deep" and str(DEFAULT_LIMITS.max_extends_depth) in message and line == 2


@pytest.mark.parametrize("reference", ["x" * 300 + ".yaml", "a/" * 2500 + "b.yaml"])
def test_a_path_too_long_to_exist_is_refused_at_the_extends_line(tmp_path: Path, reference: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(f"id: p\nextends: {reference}\n", encoding="utf-8")
    code, message, line = only_error(path)
    assert code == "extends-invalid" and "bytes long" in message and line == 2
    assert len(message) < 300


@pytest.mark.parametrize(("target", "words"), [
    ("/dev/urandom", "a character device"), ("/dev/null", "a character device"),
])
def test_a_device_is_refused_by_what_it_is(tmp_path: Path, target: str, words: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(f"id: p\nextends: {target}\n", encoding="utf-8")
    code, message, line = only_error(path)
    assert code == "extends-invalid" and words in message and line == 2


def test_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "base.yaml")
    path = tmp_path / "p.yaml"
    path.write_text("id: p\nextends: base.yaml\n", encoding="utf-8")
    code, message, line = only_error(path)
    assert code == "extends-invalid" and "FIFO" in message and line == 2


def test_a_dangling_symlink_is_named_as_one(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").symlink_to(tmp_path / "gone.yaml")
    path = tmp_path / "p.yaml"
    path.write_text("id: p\nextends: base.yaml\n", encoding="utf-8")
    code, message, line = only_error(path)
    assert code == "extends-invalid"
    assert "dangling symbolic link" in message and line == 2


def test_a_dangling_symlink_in_a_playbook_folder_is_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("id: p\n", encoding="utf-8")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "gone.yaml")
    with pytest.raises(LoadError) as caught:
        load_tree(tmp_path)
    (found,) = [d for d in caught.value.diagnostics if "dangling symbolic link" in d.message]
    assert found.span is not None and (found.span.file, found.span.line) == (str(tmp_path / "b.yaml"), 1)


def test_a_base_that_is_not_a_playbook_file_is_never_read_or_quoted(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("root:$6$hash-of-a-password:19000\n", encoding="utf-8")
    path = tmp_path / "p.yaml"
    for target in ("secret.txt", "/etc/passwd", "/etc/shadow"):
        path.write_text(f"id: p\nextends: {target}\n", encoding="utf-8")
        code, message, line = only_error(path)
        assert code == "extends-invalid" and "not a playbook file" in message and line == 2
        assert "root:" not in message


def test_a_base_outside_the_project_root_is_refused_unless_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    (tmp_path / "outside.yaml").write_text("id: outside\nmeta: {owner: someone-else}\n", encoding="utf-8")
    path = root / "p.yaml"
    path.write_text("id: p\nextends: ../outside.yaml\n", encoding="utf-8")
    code, message, line = only_error(path)
    assert code == "extends-outside" and str(root) in message and line == 2
    monkeypatch.setenv(ALLOW_OUTSIDE_ENV, "1")
    assert load_tree(path).data["id"] == "p"


def test_a_symlink_inside_the_project_to_a_file_outside_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path)
    (tmp_path / "outside.yaml").write_text("id: outside\n", encoding="utf-8")
    (root / "base.yaml").symlink_to(tmp_path / "outside.yaml")
    path = root / "p.yaml"
    path.write_text("id: p\nextends: base.yaml\n", encoding="utf-8")
    code, _message, line = only_error(path)
    assert code == "extends-outside" and line == 2


def test_a_base_inside_the_project_above_the_playbook_is_allowed(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "base.yaml").write_text("id: base\n", encoding="utf-8")
    (root / "team").mkdir()
    path = root / "team" / "p.yaml"
    path.write_text("id: p\nextends: ../base.yaml\n", encoding="utf-8")
    assert load_tree(path).data["id"] == "p"


def test_the_cli_refuses_an_outside_base_and_allow_outside_lifts_it(tmp_path: Path) -> None:
    root = project(tmp_path)
    (tmp_path / "outside.yaml").write_text("extends: standard:en\n", encoding="utf-8")
    path = root / "p.yaml"
    path.write_text("extends: ../outside.yaml\n", encoding="utf-8")
    err = assert_clean_exit(run_playbook(["validate", str(path)]), 1, 2)
    assert "extends-outside" in err and "p.yaml:1" in err
    assert_clean_exit(run_playbook(["--allow-outside", "validate", str(path)]), 0)


@pytest.mark.parametrize("command", ["validate", "lint", "test", "show", "eval -p"])
@pytest.mark.parametrize("kind", ["fifo", "dangling-symlink", "device"])
def test_a_command_given_a_special_file_says_what_it_is(tmp_path: Path, command: str, kind: str) -> None:
    target, words = {"fifo": ("pipe.yaml", "FIFO"), "dangling-symlink": ("link.yaml", "dangling symbolic link"),
                     "device": ("/dev/null", "character device")}[kind]
    if kind == "fifo":
        os.mkfifo(tmp_path / target)
    elif kind == "dangling-symlink":
        (tmp_path / target).symlink_to(tmp_path / "gone.yaml")
    err = assert_clean_exit(run_playbook([*command.split(), target], cwd=tmp_path), 1, 2)
    assert words in err and "no such file" not in err and "not found" not in err, err


def test_a_playbook_root_marker_confines_a_folder_that_is_no_repository(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (tmp_path / "outside.yaml").write_text("id: outside\n", encoding="utf-8")
    path = root / "p.yaml"
    path.write_text("id: p\nextends: ../outside.yaml\n", encoding="utf-8")
    assert load_tree(path).data["id"] == "p"  # no root above: references are not confined (README)
    (root / ".playbook-root").write_text("", encoding="utf-8")
    code, _message, line = only_error(path)
    assert code == "extends-outside" and line == 2


@pytest.mark.parametrize("extends, unknown", [("standard:xx", "xx"), ("[standard:en, standard:de]", "de")])
def test_extends_of_an_unknown_standard_playbook_is_located_at_its_reference(
        tmp_path: Path, extends: str, unknown: str) -> None:
    path = project(tmp_path) / "pb.yaml"
    path.write_text(f"extends: {extends}\n", encoding="utf-8")
    from playbook import Playbook

    with pytest.raises(LoadError) as caught:
        Playbook.load(path)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "extends-not-found" and diagnostic.span is not None and diagnostic.span.line == 1
    assert f"there is no standard playbook '{unknown}'" in diagnostic.message
    err = assert_clean_exit(run_playbook(["validate", str(path)]), 1)
    assert f"{path}:1:" in err and "standard:zh, standard:en" in err, err
