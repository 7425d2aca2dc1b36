"""The clients in examples/serve (curl, Node, Java) against a real server, as documented."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from playbook.handle import PlaybookHandle
from playbook.serve import ServeSettings

from .live import live_server

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "serve"
CASE = ROOT / "examples" / "cases" / "passing-the-ball.json"
TOKEN = "example-token"


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    handle = PlaybookHandle.open("standard:zh", run_tests=False)
    with live_server(handle, ServeSettings(watch=False, token=TOKEN)) as live:
        yield live.url


def run(url: str, *command: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed")
    env = {**os.environ, "PLAYBOOK_URL": url, "PLAYBOOK_TOKEN": TOKEN}
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)


def test_the_curl_script_calls_every_endpoint(url: str) -> None:
    result = run(url, "sh", str(EXAMPLES / "curl.sh"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert '"playbook":"standard-zh"' in out.replace(" ", "")
    assert '"clean":false' in out.replace(" ", "")
    assert "<request>:1:" in out            # the bad case's located diagnostic
    assert '"reason":"unchanged"' in out.replace(" ", "")
    assert "playbook_decisions_total" in out


def test_the_node_client_prints_violations_and_checks_a_draft(url: str) -> None:
    result = run(url, "node", str(EXAMPLES / "client.mjs"), str(CASE), "不关我的事")
    assert result.returncode == 0, result.stderr
    assert "passing_the_ball" in result.stdout and "instead:" in result.stdout
    assert "draft adds: blame_shifting" in result.stdout


def test_the_java_client_posts_a_case_file(url: str) -> None:
    result = run(url, "java", str(EXAMPLES / "Client.java"), str(CASE))
    assert result.returncode == 0, result.stderr
    assert '"playbook":"standard-zh"' in result.stdout.replace(" ", "")
