"""Limits bound the whole playbook, not only each file, and are set from the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook.errors import LoadError
from playbook.source.limits import DEFAULT_LIMITS, Limits, parse_limits
from playbook.source.loader import load_tree

from .conftest import assert_clean_exit, run_playbook


def big_folder(tmp_path: Path, files: int, items: int) -> Path:
    folder = tmp_path / "pb"
    folder.mkdir()
    for number in range(files):
        body = "".join(f"  - k{n}\n" for n in range(items))
        (folder / f"f{number:02}.yaml").write_text(f"part{number}:\n{body}", encoding="utf-8")
    return folder


def test_a_folder_of_files_each_under_the_file_caps_is_refused_as_a_whole(tmp_path: Path) -> None:
    folder = big_folder(tmp_path, files=30, items=2000)
    limits = Limits(max_total_values=20_000)
    with pytest.raises(LoadError) as caught:
        load_tree(folder, limits)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "playbook-too-large" and "20,000" in diagnostic.message
    assert diagnostic.span is not None and diagnostic.span.file is not None
    assert diagnostic.span.file.endswith("f09.yaml")  # stopped at the file that went over, not after all 30


def test_the_same_folder_loads_under_the_default_limits(tmp_path: Path) -> None:
    folder = big_folder(tmp_path, files=3, items=100)
    assert len(load_tree(folder, DEFAULT_LIMITS).data) == 3


@pytest.mark.parametrize(("text", "expected"), [
    ("max_bytes=10MiB", {"max_bytes": 10 * 1024 * 1024}),
    ("max_nodes=200_000, max_depth=16", {"max_nodes": 200_000, "max_depth": 16}),
    ("max-case-bytes=5MB", {"max_case_bytes": 5_000_000}),
])
def test_limits_are_written_by_name_with_units(text: str, expected: dict[str, int]) -> None:
    limits = parse_limits(text)
    assert {name: getattr(limits, name) for name in expected} == expected


@pytest.mark.parametrize("text", ["max_bites=1", "max_bytes=ten", "max_bytes=0", "max_bytes=5XB", "confine_references=0"])
def test_a_wrong_limit_is_refused_by_name(text: str) -> None:
    with pytest.raises(ValueError, match="limit"):
        parse_limits(text)


def test_the_cli_sets_a_limit_and_refuses_a_wrong_one(tmp_path: Path) -> None:
    folder = big_folder(tmp_path, files=2, items=50)
    err = assert_clean_exit(run_playbook(["--limit", "max_total_values=60", "show", str(folder)]), 1, 2)
    assert "playbook-too-large" in err
    err = assert_clean_exit(run_playbook(["--limit", "max_bites=60", "show", str(folder)]), 2)
    assert "unknown limit 'max_bites'" in err


@pytest.mark.parametrize("setting", ["garbage", "max_bytes=ten", "max_bytes=0"])
def test_a_wrong_limit_in_playbook_limits_is_a_usage_error(setting: str) -> None:
    import os

    result = run_playbook(["validate", "standard:en"], env={**os.environ, "PLAYBOOK_LIMITS": setting})
    err = assert_clean_exit(result, 2)
    assert "Invalid value for PLAYBOOK_LIMITS" in err and "limit" in err


@pytest.mark.parametrize("setting", ["garbage", "max_bytes=ten", "max_bytes=0", "max_messages=1e9"])
def test_a_wrong_limit_in_playbook_limits_is_a_load_error_through_the_api(
        setting: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from playbook import Playbook

    monkeypatch.setenv("PLAYBOOK_LIMITS", setting)
    with pytest.raises(LoadError) as caught:
        Playbook.standard("en")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "limits-invalid" and diagnostic.path == ("PLAYBOOK_LIMITS",)
    assert diagnostic.format().startswith("PLAYBOOK_LIMITS: error[limits-invalid]: "), diagnostic.format()
