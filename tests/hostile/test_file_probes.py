"""A playbook test file or a command line that names files which are no playbook: never
read, never quoted, and (outside the project root) never told apart by whether they exist."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import assert_clean_exit, run_playbook

PROBES = ["/etc/passwd", "/etc/no-such-file-here", "../../../../../../etc/hostname", "/etc", "/dev/zero"]


def probing_tests(root: Path, targets: list[str]) -> Path:
    body = "".join(f"  - name: probe {n}\n    playbook: {target}\n    expect_error: {{code: file-not-found}}\n"
                   for n, target in enumerate(targets))
    path = root / "probe.test.yaml"
    path.write_text(f"playbook: standard:en\nload_errors:\n{body}", encoding="utf-8")
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    (folder / ".git").mkdir(parents=True)
    return folder


def test_load_errors_cannot_probe_whether_a_path_outside_the_project_exists(root: Path) -> None:
    result = run_playbook(["test", str(probing_tests(root, PROBES))], cwd=root)
    err = assert_clean_exit(result, 1, 2)
    out = result.stdout.decode()
    assert out.count("error[file-outside]") == len(PROBES), out
    assert "root:x:" not in out + err and "does not exist" not in out


def test_load_errors_never_read_a_file_that_is_no_playbook(root: Path) -> None:
    (root / "secret.txt").write_text("root:$6$hash-of-a-password:19000\n", encoding="utf-8")
    result = run_playbook(["--allow-outside", "test", str(probing_tests(root, ["secret.txt", "/etc/passwd"]))],
                          cwd=root)
    out = result.stdout.decode() + assert_clean_exit(result, 1, 2)
    assert "hash-of-a-password" not in out and "root:x:" not in out
    assert out.count("is not a playbook file") == 2


@pytest.mark.parametrize("command", ["validate", "show", "lint"])
def test_a_command_given_a_file_that_is_no_playbook_never_quotes_it(tmp_path: Path, command: str) -> None:
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$hash-of-a-password:19000\n", encoding="utf-8")
    for target in (str(secret), "/etc/passwd"):
        err = assert_clean_exit(run_playbook([command, target]), 1, 2)
        assert "hash-of-a-password" not in err and "root:x:" not in err
        assert command == "lint" or "not a playbook file" in err


@pytest.mark.parametrize("target", PROBES + ["/etc/no-such-base.yaml"])
def test_extends_cannot_probe_whether_a_path_outside_the_project_exists(root: Path, target: str) -> None:
    playbook = root / "playbook.yaml"
    playbook.write_text(f"extends: {target}\n", encoding="utf-8")
    err = assert_clean_exit(run_playbook(["validate", str(playbook)], cwd=root), 1, 2)
    assert f"{playbook}:1:10: error[extends-outside]" in err, err
    assert "not found" not in err and "not a playbook file" not in err and "device" not in err


def test_a_load_errors_test_cannot_probe_through_extends(root: Path) -> None:
    for name, target in (("there", "/etc/passwd"), ("absent", "/etc/no-such-file-here")):
        (root / f"{name}.yaml").write_text(f"extends: {target}\n", encoding="utf-8")
    tests = root / "probe.test.yaml"
    tests.write_text("playbook: standard:en\nload_errors:\n"
                     "  - {name: there, playbook: there.yaml, expect_error: {code: extends-not-found}}\n"
                     "  - {name: absent, playbook: absent.yaml, expect_error: {code: extends-not-found}}\n",
                     encoding="utf-8")
    result = run_playbook(["test", str(tests)], cwd=root)
    out = result.stdout.decode() + assert_clean_exit(result, 1, 2)
    assert out.count("extends-outside") >= 2 and "extends-invalid" not in out, out


def test_a_case_file_cannot_probe_whether_a_path_outside_the_project_exists(root: Path) -> None:
    targets = [*PROBES, "/etc/no-such-case.json"]
    body = "".join(f"  - name: probe {n}\n    case_file: {target}\n    expect: {{violations: []}}\n"
                   for n, target in enumerate(targets))
    tests = root / "probe.test.yaml"
    tests.write_text(f"playbook: standard:en\ntests:\n{body}", encoding="utf-8")
    result = run_playbook(["test", str(tests)], cwd=root)
    out = result.stdout.decode() + assert_clean_exit(result, 1, 2)
    assert out.count("error[case-file-outside]") == len(targets), out
    assert "not found" not in out and "not a case file" not in out and "device" not in out


def test_a_link_in_a_playbook_folder_to_a_file_outside_the_project_is_never_read(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "shadow.yaml"
    outside.write_text("root:$6$hash-of-a-password:19000\n", encoding="utf-8")
    folder = root / "rules"
    folder.mkdir()
    (folder / "playbook.yaml").write_text("id: mine\n", encoding="utf-8")
    (folder / "stolen.yaml").symlink_to(outside)
    err = assert_clean_exit(run_playbook(["validate", str(folder)], cwd=root), 1, 2)
    assert f"{folder / 'stolen.yaml'}:1:1: error[file-outside]" in err, err
    assert "hash-of-a-password" not in err
    allowed = assert_clean_exit(run_playbook(["--allow-outside", "validate", str(folder)], cwd=root), 1, 2)
    assert "file-outside" not in allowed


@pytest.mark.parametrize("command", [["show"], ["lint"], ["eval", "-p"]])
def test_a_device_named_as_the_playbook_is_located_at_it_by_every_command(command: list[str]) -> None:
    args = [*command, "/dev/null"] + (["-"] if command[0] == "eval" else [])
    err = assert_clean_exit(run_playbook(args), 1, 2)
    assert "/dev/null:1:1: error[file-unreadable]: cannot read /dev/null: it is a character device" in err, err
