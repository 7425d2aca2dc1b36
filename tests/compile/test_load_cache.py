"""The load cache: products come back equal, corrupt or foreign files are ignored and rebuilt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from playbook import cache

ROOT = Path(__file__).resolve().parents[2]
CASE = {"id": "c1", "evaluated_at": "2026-03-02T12:00:00+08:00", "received_at": "2026-03-02T10:00:00+08:00",
        "transcript": [{"role": "customer", "text": "果干发霉了"},
                       {"role": "agent", "text": "這是公司的規定，不關我的事。"}]}


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_entries_round_trip_and_corruption_is_a_miss(folder: Path) -> None:
    builds: list[int] = []

    def build() -> bytes:
        builds.append(1)
        return b"product"

    def same(x: bytes) -> bytes:
        return x

    assert cache.cached("kind", "k", build, same, same) == b"product"
    assert cache.cached("kind", "k", build, same, same) == b"product"
    assert len(builds) == 1
    [stored] = (folder / cache.cache_root().name / "kind").glob("*.bin")  # type: ignore[union-attr]
    data = bytearray(stored.read_bytes())
    data[-1] ^= 0xFF  # one flipped bit in the payload
    stored.write_bytes(bytes(data))
    assert cache.read("kind", "k") is None and not stored.exists()  # refused and removed
    assert cache.cached("kind", "k", build, same, same) == b"product"
    assert len(builds) == 2 and stored.exists()
    stored.write_bytes(b"")  # truncated
    assert cache.cached("kind", "k", build, same, same) == b"product" and len(builds) == 3


def test_a_payload_the_reader_refuses_is_rebuilt(folder: Path) -> None:
    cache.write("kind", "k", b"garbage")

    def refuse(_: bytes) -> bytes:
        raise ValueError("not mine")

    assert cache.cached("kind", "k", lambda: b"fresh", lambda x: x, refuse) == b"fresh"


def test_another_version_is_never_read(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.write("kind", "k", b"old")
    monkeypatch.setattr(cache, "__version__", "999.0")
    assert cache.read("kind", "k") is None
    assert cache.cache_root() == folder / "999.0"


def test_off_and_unwritable_cost_only_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", "off")
    assert cache.cache_root() is None
    assert cache.cached("kind", "k", lambda: b"x", lambda x: x, lambda x: x) == b"x"
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(blocker))
    assert cache.cached("kind", "k", lambda: b"y", lambda x: x, lambda x: x) == b"y"


def _decide(cache_dir: str) -> str:
    """A fresh process loading standard:zh with the given cache folder; its decision as JSON."""
    probe = ("import json, sys\nfrom playbook import Playbook\n"
             "print(Playbook.standard('zh').evaluate(json.loads(sys.argv[1])).model_dump_json())\n")
    env = {"PLAYBOOK_CACHE_DIR": cache_dir, "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-c", probe, json.dumps(CASE, ensure_ascii=False)], env=env,
                          capture_output=True, text=True, check=True).stdout


def test_a_cached_load_decides_as_a_fresh_build(tmp_path: Path) -> None:
    uncached = _decide("off")
    assert _decide(str(tmp_path)) == uncached  # builds and stores
    stored = sorted(tmp_path.rglob("*.bin"))
    assert {p.parent.name for p in stored} >= {"fold-table", "t2s-table"}
    assert _decide(str(tmp_path)) == uncached  # reads back
    for path in stored:  # every file corrupted: every product rebuilt, same decision
        path.write_bytes(path.read_bytes()[:-7] + b"garbage")
    assert _decide(str(tmp_path)) == uncached
    assert json.loads(uncached)["violations"]  # the traditional-script phrases were found
