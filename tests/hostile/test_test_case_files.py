"""Hostile ``case_file:`` in a playbook test: located at the ``case_file`` line, exit 2 or 1, never 3.

Never a hang on a FIFO, never an endless read of a device, never the content of a file
that is not a case quoted in the output, never a file outside the project.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import assert_clean_exit, run_playbook

SECRET = "root:$6$hash-of-a-password:19000:0:99999:7:::"


def suite(folder: Path, case_file: str) -> Path:
    path = folder / "t.test.yaml"
    path.write_text(
        "playbook: standard:zh\ntests:\n  - name: from a file\n"
        f"    case_file: {case_file}\n    expect: {{violations: []}}\n",
        encoding="utf-8",
    )
    return path


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    return root


@pytest.mark.parametrize(("make", "words"), [
    ("missing", "not found"), ("folder", "a folder"), ("invalid-utf8", "UTF-8"),
    ("urandom", "character device"), ("fifo", "FIFO"), ("dangling-symlink", "a dangling symbolic link"),
])
def test_a_bad_case_file_is_located_at_its_line(tmp_path: Path, make: str, words: str) -> None:
    root = project(tmp_path)
    target = {"missing": "gone.json", "folder": "cases.json", "invalid-utf8": "bad.json",
              "urandom": "/dev/urandom", "fifo": "pipe.json", "dangling-symlink": "link.json"}[make]
    if make == "folder":
        (root / "cases.json").mkdir()
    elif make == "invalid-utf8":
        (root / "bad.json").write_bytes(b'{"id": "c-1", "fault": "\xff"}')
    elif make == "fifo":
        os.mkfifo(root / "pipe.json")
    elif make == "dangling-symlink":
        (root / "link.json").symlink_to(root / "gone.json")
    path = suite(root, target)
    # a device lies outside the project, refused as that unless outside files are allowed
    result = run_playbook([*(["--allow-outside"] if make == "urandom" else []), "test", str(path)])
    out = assert_clean_exit(result, 2) + result.stdout.decode("utf-8", "replace")
    where = f"{root / target}:1:" if make == "invalid-utf8" else f"{path}:4:"  # located in the case file itself
    assert where in out and words in out


@pytest.mark.parametrize("target", ["secret.txt", "/etc/passwd", "../outside.json"])
def test_a_case_file_that_is_no_case_or_lies_outside_is_never_read(tmp_path: Path, target: str) -> None:
    root = project(tmp_path)
    (root / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    (tmp_path / "outside.json").write_text('{"id": "' + SECRET + '"}', encoding="utf-8")
    path = suite(root, target)
    result = run_playbook(["test", str(path)])
    out = assert_clean_exit(result, 2) + result.stdout.decode("utf-8", "replace")
    assert f"{path}:4:" in out and "root:" not in out and "$6$" not in out
