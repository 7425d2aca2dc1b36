"""``playbook serve`` as a user starts it: a real process on a free loopback port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
CASE = {"id": "c1", "fault": "company", "transcript": [{"role": "agent", "text": "不关我的事"}]}


def serve_args(*args: str) -> list[str]:
    return [sys.executable, "-m", "playbook.cli.main", "serve", *args]


@contextmanager
def serving(*args: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """Start ``playbook serve ARGS --port 0``, yield its URL (read from the first line it prints)."""
    process = subprocess.Popen(serve_args(*args, "--port", "0", "--log-level", "warning"), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            _, err = process.communicate(timeout=30)
            raise AssertionError(f"playbook serve did not start (exit {process.returncode}):\n{err}")
        assert " on http://127.0.0.1:" in line, line
        yield line.rsplit(" on ", 1)[1].strip(), process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(serve_args(*args), capture_output=True, text=True, timeout=120)


def test_serve_answers_on_a_free_port_with_a_token_and_stops_cleanly(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("s3cret-token\n", encoding="utf-8")
    with serving("--playbook", str(MINI), "--token-file", str(token), "--no-reload", "--max-batch", "2") as (url, proc):
        with httpx.Client(base_url=url, timeout=30) as client:
            assert client.get("/health").json()["playbook"]["id"] == "mini"  # open without a token
            refused = client.post("/v1/evaluate", json=CASE)
            assert refused.status_code == 401 and refused.json()["error"]["code"] == "token-missing"
            wrong = client.post("/v1/evaluate", json=CASE, headers={"authorization": "Bearer nope"})
            assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "token-invalid"
            auth = {"authorization": "Bearer s3cret-token"}
            decision = client.post("/v1/evaluate", json=CASE, headers=auth).json()
            assert decision["playbook"] == "mini"
            assert "blame_shifting" in {v["taboo"] for v in decision["violations"]}
            assert client.post("/v1/evaluate/batch", json=[CASE] * 3, headers=auth).status_code == 413
            assert client.get("/v1/playbook", headers=auth).json()["watching"] is False
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0


def test_a_port_in_use_is_a_usage_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = run("--playbook", str(MINI), "--port", str(port))
    assert result.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_broken_playbook_is_refused_before_listening(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINI.read_text(encoding="utf-8").replace("taboos:", "taboos: [", 1), encoding="utf-8")
    result = run("--playbook", str(broken), "--port", "0")
    assert result.returncode == 2
    assert f"{broken}:" in result.stderr and "error[" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "example.org"])
def test_a_host_others_can_reach_needs_allow_remote(host: str) -> None:
    result = run("--playbook", str(MINI), "--host", host, "--port", "0")
    assert result.returncode == 2
    assert "not a loopback address" in result.stderr and "--allow-remote" in result.stderr


@pytest.mark.parametrize(("content", "code"), [("\n  \n", "token-file-empty"), (None, "token-file-unreadable")])
def test_an_unusable_token_file_is_a_located_error(tmp_path: Path, content: str | None, code: str) -> None:
    token = tmp_path / "token"
    if content is not None:
        token.write_text(content, encoding="utf-8")
    result = run("--playbook", str(MINI), "--port", "0", "--token-file", str(token))
    assert result.returncode == 2
    assert f"{token}:1:1: error[{code}]" in result.stderr


def test_a_bad_size_is_a_usage_error() -> None:
    result = run("--playbook", str(MINI), "--port", "0", "--max-body", "lots")
    assert result.returncode == 2 and "--max-body" in result.stderr


def test_the_listening_socket_says_it_is_tcp_so_responses_are_not_held_back() -> None:
    """asyncio sets TCP_NODELAY on accepted sockets only when the listening socket's proto
    is IPPROTO_TCP; with proto 0 each response waited for the client's delayed ACK."""
    from playbook.cli.serve_cmd import bind

    sock = bind("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()
