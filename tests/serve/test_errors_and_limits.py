"""Every error and limit of the served API, against a real uvicorn on a loopback port.

Each refusal is JSON of one shape (``{"error": {"code", "message", "diagnostics"}}``) with
the located diagnostics the CLI prints, never a traceback and never a 5xx except the
documented 503 of the time limit.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from playbook.api import Playbook
from playbook.decision import Decision
from playbook.handle import PlaybookHandle
from playbook.serve import ServeSettings

from .live import Live, live_server

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
CASE = {"id": "c1", "fault": "company", "transcript": [{"role": "agent", "text": "不关我的事"}]}
TOKEN = "t0ken-for-tests"
AUTH = {"authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def live() -> Iterator[Live]:
    settings = ServeSettings(watch=False, token=TOKEN, max_body_bytes=20_000, max_batch_items=5)
    with live_server(PlaybookHandle(MINI), settings) as served:
        yield served


@pytest.fixture(scope="module")
def client(live: Live) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=30, headers=AUTH) as http:
        yield http


def error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    detail: dict[str, Any] = response.json()["error"]
    assert detail["code"] == code, detail
    return detail


def test_the_token_guards_every_api_path_but_the_open_ones(live: Live) -> None:
    with httpx.Client(base_url=live.url, timeout=30) as anonymous:
        for method, path in [("POST", "/v1/evaluate"), ("POST", "/v1/evaluate/batch"), ("POST", "/v1/check-reply"),
                             ("POST", "/v1/validate"), ("POST", "/v1/evaluate/overlay"), ("GET", "/v1/playbook"),
                             ("POST", "/v1/reload"), ("GET", "/metrics")]:
            response = anonymous.request(method, path, json=CASE)
            error(response, 401, "token-missing")
            assert response.headers["www-authenticate"].startswith("Bearer")
        error(anonymous.get("/v1/playbook", headers={"authorization": f"Bearer {TOKEN}x"}), 401, "token-invalid")
        error(anonymous.get("/v1/playbook", headers={"authorization": TOKEN}), 401, "token-invalid")
        for path in ["/", "/health", "/openapi.json", "/static/playground.js", "/static/examples.json"]:
            assert anonymous.get(path).status_code == 200, path
        document = anonymous.get("/openapi.json").json()
        assert document["security"] == [{"bearer": []}] and "/v1/evaluate/overlay" in document["paths"]


def test_bodies_that_do_not_parse_or_validate_are_located(client: httpx.Client) -> None:
    syntax = error(client.post("/v1/evaluate", content=b'{"id": "c1", "transcript": [}'), 400, "yaml-syntax")
    assert syntax["phase"] == "load" and syntax["diagnostics"][0]["text"].startswith("<request>:1:29:")
    role = client.post("/v1/evaluate", json={**CASE, "transcript": [{"role": "robot", "text": "hi"}]})
    assert role.status_code == 422 and role.json()["error"]["phase"] == "case"
    assert role.json()["error"]["diagnostics"][0]["path"] == "transcript[0].role"
    unknown = client.post("/v1/evaluate", json={**CASE, "colour": "red"})
    assert unknown.status_code == 422 and unknown.json()["error"]["diagnostics"][0]["path"] == "colour"
    error(client.post("/v1/check-reply", content=b"[1, 2"), 400, "json-syntax")
    assert client.post("/v1/check-reply", json={"reply": "hi"}).json()["error"]["diagnostics"][0]["path"] == "case"


def test_a_case_in_yaml_and_the_trace(client: httpx.Client) -> None:
    yaml_case = "id: y1\nfault: company\ntranscript:\n  - {role: agent, text: 不关我的事}\n".encode()
    decision = client.post("/v1/evaluate", content=yaml_case, headers={"content-type": "application/yaml"}).json()
    assert decision["case_id"] == "y1" and not decision["trace"]
    traced = client.post("/v1/evaluate", params={"trace": "true"}, json=CASE).json()
    assert traced["trace"] and {"stage", "rule", "outcome"} <= set(traced["trace"][0])
    Decision.model_validate(traced)


def test_batches_decide_or_reject_every_item_and_are_bounded(client: httpx.Client) -> None:
    lines = "\n".join([json.dumps(CASE), '{"id": 3}', "", "{nope", json.dumps({**CASE, "id": "c2"})]).encode()
    body = client.post("/v1/evaluate/batch", content=lines, headers={"content-type": "application/x-ndjson"}).json()
    assert body["count"] == 4 and body["decided"] == 2 and body["rejected"] == 2
    assert [(r["index"], r["line"], r["ok"]) for r in body["results"]] == [
        (0, 1, True), (1, 2, False), (2, 4, False), (3, 5, True)]
    assert body["results"][1]["error"]["diagnostics"][0]["text"].startswith("<request>:2:8: error[wrong-type]")
    assert body["results"][2]["error"]["code"] == "json-syntax"
    array = client.post("/v1/evaluate/batch", json=[CASE, {"id": 3}]).json()
    assert [r["ok"] for r in array["results"]] == [True, False]
    assert array["results"][1]["error"]["diagnostics"][0]["path"] == "[1].id"
    too_many = error(client.post("/v1/evaluate/batch", json=[CASE] * 6), 413, "batch-too-large")
    assert "at most 5" in too_many["message"]
    one_line = client.post("/v1/evaluate/batch", json={"not": "a case"}).json()  # read as one JSON line
    assert one_line["rejected"] == 1 and one_line["results"][0]["error"]["code"] in ("missing-field", "unknown-field")
    error(client.post("/v1/evaluate/batch", content=b"[1, 2"), 400, "json-syntax")


def test_the_body_limit_holds_with_and_without_a_content_length(client: httpx.Client) -> None:
    big = json.dumps({**CASE, "transcript": [{"role": "agent", "text": "x" * 30_000}]}).encode()
    error(client.post("/v1/evaluate", content=big), 413, "body-too-large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked transfer
        for start in range(0, len(big), 4096):
            yield big[start:start + 4096]

    error(client.post("/v1/evaluate", content=chunks()), 413, "body-too-large")
    assert client.post("/v1/evaluate", json=CASE).status_code == 200  # the server is fine after it


def test_validate_reads_no_file_and_unknown_routes_are_json(client: httpx.Client) -> None:
    result = client.post("/v1/validate", content=b"extends: /etc/passwd\nplaybook: {id: x}\n").json()
    assert result["valid"] is False and result["diagnostics"][0]["code"] == "extends-not-followed"
    broken = client.post("/v1/validate", content=b"playbook: [\n").json()
    assert broken["valid"] is False and broken["diagnostics"][0]["text"].startswith("<request>:")
    error(client.get("/v1/nothing"), 404, "not-found")
    error(client.get("/v1/evaluate"), 405, "method-not-allowed")


def test_metrics_count_requests_decisions_by_taboo_and_reloads(client: httpx.Client) -> None:
    client.post("/v1/evaluate", json=CASE)
    client.post("/v1/reload")
    text = client.get("/metrics").text
    assert 'playbook_violations_total{taboo="blame_shifting"}' in text
    assert 'playbook_http_requests_total{method="POST",route="/v1/evaluate",status="200"}' in text
    assert 'playbook_http_request_duration_seconds_bucket{le="0.005",route="/v1/evaluate"}' in text
    assert 'playbook_reloads_total{outcome="unchanged"}' in text
    assert 'route="other"' in text  # unknown paths share one label


def test_a_refused_reload_keeps_the_old_version_and_says_why(tmp_path: Path) -> None:
    playbook = tmp_path / "pb.yaml"
    playbook.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    handle = PlaybookHandle(playbook)
    with live_server(handle, ServeSettings(watch=False)) as served, httpx.Client(base_url=served.url) as http:
        before = http.get("/v1/playbook").json()["content_hash"]
        playbook.write_text("playbook: {id: mini, version: 2}\ntaboos: [\n", encoding="utf-8")
        refused = http.post("/v1/reload")
        assert refused.status_code == 422
        body = refused.json()
        assert body["accepted"] is False and body["reason"] == "load-failed"
        assert body["diagnostics"][0]["text"].startswith(f"{playbook}:")
        info = http.get("/v1/playbook").json()
        assert info["content_hash"] == before and info["reloads"]["refused_by_reason"] == {"load-failed": 1}
        assert info["last_refusal"]["reason"] == "load-failed"
        assert http.post("/v1/evaluate", json=CASE).json()["playbook_hash"] == before


class Held(Playbook):
    """A playbook whose evaluation waits until the test lets it go."""

    gate = threading.Event()

    def evaluate(self, case: Any, *, trace: bool = False) -> Decision:
        self.gate.wait(30)
        return super().evaluate(case, trace=trace)


def test_a_request_over_its_time_is_answered_503_and_the_server_keeps_serving() -> None:
    Held.gate.clear()
    handle = PlaybookHandle(MINI, loader=Held.load, run_tests=False)
    with live_server(handle, ServeSettings(watch=False, timeout_seconds=0.2)) as served, \
            httpx.Client(base_url=served.url, timeout=30) as http:
        slow = http.post("/v1/evaluate", json=CASE)
        detail = error(slow, 503, "time-limit")
        assert slow.headers["retry-after"] == "1" and "0.2 s" in detail["message"]
        assert http.get("/health").json()["status"] == "ok"
        Held.gate.set()
        assert http.post("/v1/evaluate", json=CASE).status_code == 200
