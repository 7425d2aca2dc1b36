"""The served API against a real uvicorn on a loopback port."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from playbook.handle import PlaybookHandle
from playbook.serve import ServeSettings

from .live import live_server

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"


def test_endpoints_answer_with_decisions_and_located_errors() -> None:
    handle = PlaybookHandle(MINI)
    with live_server(handle, ServeSettings(watch=False, max_batch_items=3)) as live:
        client = httpx.Client(base_url=live.url, timeout=30)
        case = {"id": "c1", "fault": "company", "transcript": [{"role": "agent", "text": "不关我的事"}]}
        decision = client.post("/v1/evaluate", json=case).json()
        assert decision["playbook"] == "mini"
        assert any(v["taboo"] == "blame_shifting" for v in decision["violations"])
        bad = client.post("/v1/evaluate", content=b'{"id": 3}')
        assert bad.status_code == 422 and bad.json()["error"]["diagnostics"][0]["path"] == "id"
        batch = client.post("/v1/evaluate/batch", content=json.dumps(case).encode() + b"\nnot json\n").json()
        assert [item["ok"] for item in batch["results"]] == [True, False]
        assert client.post("/v1/evaluate/batch", json=[case] * 4).status_code == 413
        assert client.post("/v1/validate", content=MINI.read_bytes()).json()["valid"] is True
        assert client.post("/v1/validate", content=b"playbook: {id: x}\n").json()["valid"] is False
        assert client.get("/v1/playbook").json()["id"] == "mini"
        assert client.post("/v1/reload").json()["reason"] == "unchanged"
        assert "playbook_http_requests_total" in client.get("/metrics").text
        assert client.get("/nope").json()["error"]["code"] == "not-found"


def test_check_reply_names_what_a_draft_adds_with_the_instead_wording() -> None:
    handle = PlaybookHandle(MINI)
    case = {"id": "c2", "fault": "company", "transcript": [{"role": "customer", "text": "my parcel is late"}]}
    with live_server(handle, ServeSettings(watch=False)) as live:
        client = httpx.Client(base_url=live.url, timeout=30)
        bad = client.post("/v1/check-reply", json={"case": case, "reply": "不关我的事"}).json()
        assert bad["clean"] is False and bad["message_index"] == 1
        blame = [s for s in bad["suggestions"] if s["taboo"] == "blame_shifting"]
        assert blame == [{**blame[0], "text": ["不关我的事"], "spans": [[0, 5]],
                          "instead": "I will take care of this for you."}]
        assert bad["playbook_hash"] == handle.current.content_hash
        good = client.post("/v1/check-reply", json={"case": case, "reply": "Sorry, we can offer a refund."}).json()
        assert "blame_shifting" not in {v["taboo"] for v in good["adds"]}
        old = client.post("/v1/check-reply", json={"case": case, "reply": "ok", "at": "1364-02-02T01:42:54Z"})
        assert old.status_code == 422 and old.json()["error"]["diagnostics"][0]["path"] == "at"
