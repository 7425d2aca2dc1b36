"""schemathesis against the served OpenAPI document: no 5xx, and every response matches it.

The examples are generated from the document the server itself publishes, sent to a real
uvicorn on a loopback port, and each response is checked against the status codes,
content types and schemas the document declares. The number of examples per operation is
bounded so the test stays in the minute range.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

try:
    import schemathesis
    from hypothesis import HealthCheck, settings
    from schemathesis import checks
except ImportError:  # pragma: no cover - the test extra installs it
    if os.environ.get("CI"):
        raise
    pytest.skip("schemathesis is not installed", allow_module_level=True)

from playbook.handle import PlaybookHandle
from playbook.serve import ServeSettings
from playbook.serve.openapi import build_openapi

from .live import live_server

MINI = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "mini.yaml"
EXAMPLES = int(os.environ.get("PLAYBOOK_FUZZ_EXAMPLES", "15"))
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance]


@schemathesis.serializer("application/x-ndjson")
def _json_lines(ctx: Any, value: Any) -> dict[str, Any]:
    """Batch bodies as JSON Lines: generated text sent as it is (lone surrogates included, which
    arrive as invalid UTF-8 — the server must reject that line, not fail)."""
    text = value if isinstance(value, str) else json.dumps(value)
    return {"data": text.encode("utf-8", "surrogatepass")}


SETTINGS = ServeSettings(watch=False, max_batch_items=20, timeout_seconds=20)
schema = schemathesis.openapi.from_dict(build_openapi(SETTINGS))


@pytest.fixture(scope="module")
def live_url() -> Iterator[str]:
    handle = PlaybookHandle(MINI)
    with live_server(handle, SETTINGS) as live:
        assert live_document(live.url) == build_openapi(SETTINGS)  # the document tested is the one served
        yield live.url


def live_document(url: str) -> Any:
    import httpx

    return httpx.get(url + "/openapi.json", timeout=30).json()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
def test_the_served_api_keeps_to_its_openapi_document(case: Any, live_url: str) -> None:
    case.call_and_validate(base_url=live_url, checks=CHECKS)
