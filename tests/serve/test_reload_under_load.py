"""Reloading while clients are deciding: every answer comes from one whole, tested version.

Eight clients call a real uvicorn while the playbook file is rewritten 100 times with good
versions, versions that do not load, and versions that load but fail the playbook's own
test. Each good version is told apart by its version string *and* by the 'instead' wording
of one taboo, so a decision mixing two versions (a hash from one, a wording from another)
is caught, not only one from a refused version.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from playbook.api import Playbook
from playbook.handle import PlaybookHandle
from playbook.serve import ServeSettings

from .live import live_server

ROOT = Path(__file__).resolve().parents[2]
MINI = (ROOT / "tests" / "fixtures" / "mini.yaml").read_text(encoding="utf-8")
INSTEAD = "instead: I will take care of this for you."
CASE = {"id": "c1", "fault": "company", "received_at": "2026-03-02T10:00:00+08:00",
        "evaluated_at": "2026-03-02T10:30:00+08:00",
        "transcript": [{"role": "customer", "text": "my parcel is late"}, {"role": "agent", "text": "不关我的事"}]}
OWN_TEST = """\
playbook: pb.yaml
tests:
  - name: blame is flagged
    case:
      received_at: 2026-03-02T10:00:00+08:00
      evaluated_at: 2026-03-02T10:30:00+08:00
      fault: company
      transcript: [{role: agent, text: 不关我的事}]
    expect: {taboos: [blame_shifting]}
"""
WRITES = 100
CLIENTS = 8


def good(n: int) -> str:
    return MINI.replace('version: "1.0"', f'version: "v{n}"', 1).replace(INSTEAD, f"{INSTEAD[:-1]} (v{n}).", 1)


def failing_its_test(n: int) -> str:
    """Loads and compiles, but no longer flags the phrase its own test expects."""
    return good(n).replace('version: "v', 'version: "t', 1).replace("text: 不关我的事", "text: 不关你的事", 1)


def not_loading(n: int) -> str:
    return good(n).replace("taboos:", "taboos: [", 1)


def version_for(n: int) -> Callable[[int], str]:
    return (good, not_loading, failing_its_test)[n % 3]


def replace_file(path: Path, text: str) -> None:
    """Write beside and rename over, as editors and deploy tools do."""
    scratch = path.with_name(f".{path.name}.tmp")
    scratch.write_text(text, encoding="utf-8")
    os.replace(scratch, path)


def content_hash(folder: Path, text: str) -> str:
    folder.mkdir()
    (folder / "pb.yaml").write_text(text, encoding="utf-8")
    return Playbook.load(folder / "pb.yaml").content_hash


def test_eight_clients_see_only_whole_tested_versions_while_the_file_is_rewritten(tmp_path: Path) -> None:
    served_dir = tmp_path / "served"
    served_dir.mkdir()
    playbook = served_dir / "pb.yaml"
    playbook.write_text(good(0), encoding="utf-8")
    (served_dir / "pb.test.yaml").write_text(OWN_TEST, encoding="utf-8")

    good_hashes = {content_hash(tmp_path / f"g{n}", good(n)): f"v{n}" for n in range(0, WRITES + 1, 3)}
    good_hashes[content_hash(tmp_path / "g-last", good(WRITES))] = f"v{WRITES}"
    refused_hashes = {content_hash(tmp_path / f"t{n}", failing_its_test(n)) for n in range(2, WRITES, 3)}
    assert len(good_hashes) == len(range(0, WRITES + 1, 3)) + 1 and not refused_hashes & good_hashes.keys()

    handle = PlaybookHandle(playbook)
    assert handle.current.tests_passed == 1
    settings = ServeSettings(watch=True, watch_debounce_ms=30)
    answers: list[tuple[str, str | None, str | None]] = []  # (version, hash, instead)
    failures: list[str] = []
    reload_reasons: list[str] = []
    stop = threading.Event()
    lock = threading.Lock()

    with live_server(handle, settings) as live:
        def client(number: int) -> None:
            with httpx.Client(base_url=live.url, timeout=60) as http:
                while not stop.is_set():
                    try:
                        if number == CLIENTS - 1:
                            seen = _batch(http)
                            reason = http.post("/v1/reload").json()["reason"]
                            with lock:
                                reload_reasons.append(reason)
                        else:
                            seen = [_single(http)]
                    except (AssertionError, httpx.HTTPError, KeyError, ValueError) as error:
                        with lock:
                            failures.append(f"client {number}: {type(error).__name__}: {error}")
                        continue
                    with lock:
                        answers.extend(seen)

        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for n in range(1, WRITES + 1):
            text = good(WRITES) if n == WRITES else version_for(n)(n)
            replace_file(playbook, text)
            time.sleep(0.4 if n % 10 == 0 else 0.02)  # some versions stay long enough to be reloaded
        deadline = time.monotonic() + 60
        final = next(h for h, v in good_hashes.items() if v == f"v{WRITES}")
        while handle.current.content_hash != final and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        metrics = httpx.get(live.url + "/metrics").text

    assert failures == []
    assert handle.current.content_hash == final, "the last good version was never served"
    assert len(answers) >= 100
    for version, hash_, instead in answers:
        assert hash_ in good_hashes, f"decision from a version that was never good: {version} {hash_}"
        assert good_hashes[hash_] == version
        assert instead == f"I will take care of this for you ({version})."
    assert len({hash_ for _, hash_, _ in answers}) >= 3, "the clients never saw a reload"
    assert handle.stats.accepted >= 3
    assert handle.stats.refused_by_reason.get("load-failed", 0) >= 1
    assert handle.stats.refused_by_reason.get("tests-failed", 0) >= 1
    assert {"load-failed", "tests-failed"} & set(reload_reasons)
    assert 'playbook_reloads_total{outcome="load-failed"}' in metrics
    assert 'status="5' not in metrics


def _instead(decision: dict[str, object]) -> str | None:
    violations = decision["violations"]
    assert isinstance(violations, list)
    found = [v["instead"] for v in violations if v["taboo"] == "blame_shifting"]
    assert len(found) == 1, decision
    return str(found[0])


def _single(http: httpx.Client) -> tuple[str, str | None, str | None]:
    response = http.post("/v1/evaluate", json=CASE)
    assert response.status_code == 200, response.text
    decision = response.json()
    return decision["playbook_version"], decision["playbook_hash"], _instead(decision)


def _batch(http: httpx.Client) -> list[tuple[str, str | None, str | None]]:
    response = http.post("/v1/evaluate/batch", json=[CASE] * 5)
    assert response.status_code == 200, response.text
    body = response.json()
    decisions = [item["decision"] for item in body["results"]]
    assert body["decided"] == 5 and len(decisions) == 5
    assert {d["playbook_hash"] for d in decisions} == {body["playbook"]["content_hash"]}, "a batch mixed versions"
    return [(d["playbook_version"], d["playbook_hash"], _instead(d)) for d in decisions]
