"""Reload on change for a folder playbook: an edited file and a new file are picked up."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import httpx

from playbook.handle import PlaybookHandle
from playbook.serve import ServeSettings

from .live import live_server

ROOT = Path(__file__).resolve().parents[2]
CASE = {"id": "w1", "fault": "company", "transcript": [{"role": "agent", "text": "Nothing to do with me, mate."}]}


def wait_for(http: httpx.Client, generation: int, seconds: float = 30) -> dict[str, object]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        info: dict[str, object] = http.get("/v1/playbook").json()
        if info["generation"] == generation:
            return info
        time.sleep(0.05)
    raise AssertionError(f"generation {generation} never served: {http.get('/v1/playbook').json()}")


def test_a_folder_playbook_reloads_when_a_file_changes_or_is_added(tmp_path: Path) -> None:
    folder = tmp_path / "en"
    shutil.copytree(ROOT / "rules" / "en", folder)
    handle = PlaybookHandle(folder)  # the folder's own tests run on every reload
    with live_server(handle, ServeSettings(watch=True, watch_debounce_ms=30)) as live, \
            httpx.Client(base_url=live.url, timeout=60) as http:
        meta = folder / "playbook.yaml"
        meta.write_text(meta.read_text(encoding="utf-8").replace('version: "', 'version: "9', 1), encoding="utf-8")
        info = wait_for(http, 2)
        assert str(info["version"]).startswith("9")
        before = {v["taboo"] for v in http.post("/v1/evaluate", json=CASE).json()["violations"]}
        (folder / "zz-extra.yaml").write_text(
            "phrase_sets:\n  - id: forbidden.blame_shifting\n    phrases: [mate]\n", encoding="utf-8")
        # a folder's files combine by top-level key: a second phrase_sets is refused, located, and the
        # old version keeps serving
        deadline = time.monotonic() + 30
        while handle.stats.refused == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert handle.stats.refused == 1 and http.get("/v1/playbook").json()["generation"] == 2
        refusal = http.get("/v1/playbook").json()["last_refusal"]
        assert any("zz-extra.yaml" in d["text"] for d in refusal["diagnostics"])
        (folder / "zz-extra.yaml").unlink()  # back to the version serving: reloaded as unchanged
        deadline = time.monotonic() + 30
        while handle.stats.unchanged == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert handle.stats.unchanged >= 1 and handle.current.generation == 2
        assert {v["taboo"] for v in http.post("/v1/evaluate", json=CASE).json()["violations"]} == before
