"""The playground at / in headless Chromium, served by a real uvicorn.

It loads an example, sees the forbidden phrase highlighted on exactly its characters with
its rule on hover, then tries an overlay that removes the phrase and sees the decision
change — all through the page, as a user would.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from playbook.handle import PlaybookHandle
from playbook.serve import ServeSettings

from .live import live_server

CHROMIUM = os.environ.get("PLAYBOOK_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _need(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required under CI)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("playwright is not installed (pip install playwright)")
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        _need(f"no chromium at {CHROMIUM}")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def live_zh() -> Iterator[str]:
    handle = PlaybookHandle.open("standard:zh", run_tests=False)
    with live_server(handle, ServeSettings(watch=False)) as live:
        yield live.url


def test_the_playground_highlights_evidence_and_shows_an_overlay_changing_the_decision(
        browser: Any, live_zh: str, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_zh + "/")
    page.wait_for_selector("#examples option:nth-child(2)", state="attached")
    page.select_option("#examples", label="Mouldy bread, blamed on the maker (zh)")

    blame = page.locator("#transcript li[data-index='1'] mark.evidence:not(.keyword)", has_text="不关我的事")
    blame.first.wait_for()
    assert blame.first.text_content() == "不关我的事"  # exactly the phrase's characters
    assert "blame_shifting/blame_phrases" in (blame.first.get_attribute("title") or "")
    blame.first.hover()
    keyword = page.locator("#transcript li[data-index='0'] mark.keyword")
    assert keyword.first.text_content() == "发霉"
    assert page.locator("#violations li[data-rule='blame_shifting/blame_phrases']").count() >= 1
    assert page.locator("#actions li").count() > 0
    assert "cap 700.00" in (page.locator("#cap-value").text_content() or "")  # min(1000, 7 × 100)
    assert page.locator("#clocks tbody tr").count() >= 2
    assert page.locator("#trace-table tbody tr").count() > 0
    before = page.locator("#violations li").count()
    page.screenshot(path=str(tmp_path / "playground-base.png"), full_page=True)

    blame.first.click()  # proposes an overlay removing that phrase
    assert "not_my_business, remove: true" in page.input_value("#overlay")
    page.fill("#overlay", "phrase_sets:\n  - id: forbidden.blame_shifting\n    phrases:\n"
                          "      - {id: not_my_business, remove: true}\n"
                          "      - {id: not_my_business_full, remove: true}\n"
                          "      - {id: ask_the_manufacturer, remove: true}\n")
    page.click("#apply")
    page.wait_for_selector("#change:not([hidden])")
    page.wait_for_function("!document.querySelector(\"#violations li[data-rule='blame_shifting/blame_phrases']\")")
    assert page.locator("#transcript li[data-index='1'] mark.evidence:not(.keyword)",
                        has_text="不关我的事").count() == 0
    assert page.locator("#violations li").count() < before
    assert "blame_shifting/blame_phrases" in (page.locator("#change .gone").text_content() or "")
    page.screenshot(path=str(tmp_path / "playground-overlay.png"), full_page=True)

    page.fill("#overlay", "phrase_sets: [\n")
    page.click("#apply")
    page.wait_for_selector("#error:not([hidden])")
    assert "<overlay>:" in (page.locator("#error").text_content() or "")
    assert errors == []
    page.close()


def test_the_overlay_endpoint_is_bounded_and_leaves_the_served_version_alone(live_zh: str, tmp_path: Path) -> None:
    case = {"id": "c1", "fault": "company", "transcript": [{"role": "agent", "text": "不关我的事"}]}
    with httpx.Client(base_url=live_zh, timeout=60) as client:
        served = client.get("/v1/playbook").json()["content_hash"]
        overlay = "phrase_sets:\n  - id: forbidden.blame_shifting\n    phrases:\n      - {id: not_my_business, remove: true}\n"
        result = client.post("/v1/evaluate/overlay", json={"case": case, "overlay": overlay}).json()
        assert result["base"] == served and result["overlaid"] != served
        assert "blame_shifting" not in {v["taboo"] for v in result["decision"]["violations"]}
        assert "blame_shifting" in {v["taboo"] for v in client.post("/v1/evaluate", json=case).json()["violations"]}
        assert client.get("/v1/playbook").json()["content_hash"] == served
        empty = client.post("/v1/evaluate/overlay", json={"case": case}).json()
        assert empty["overlaid"] == served
        refused = client.post("/v1/evaluate/overlay", json={"case": case, "overlay": "extends: /etc/passwd\n"})
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "overlay-extends"
        assert refused.json()["error"]["diagnostics"][0]["text"].startswith("<overlay>:1:")
        wrong = client.post("/v1/evaluate/overlay", json={"case": case, "overlay": "phrase_sets: [{id: x, kind: no}]"})
        assert wrong.status_code == 422 and wrong.json()["error"]["phase"] == "schema"
        big = client.post("/v1/evaluate/overlay", json={"case": case, "overlay": "# " + "x" * 70_000})
        assert big.status_code == 413 and big.json()["error"]["code"] == "overlay-too-large"
        assert client.get("/static/examples.json").status_code == 200
