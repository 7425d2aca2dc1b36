"""report.html in headless Chromium: it renders offline, its charts have data and its
numbers are summary.json's."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from playbook import Playbook
from playbook.audit.mapping import load_mapping
from playbook.audit.run import audit

from .archives import MAPPING, MESSAGES_CSV, write_jsonl
from .test_audit import BAD, GOOD

CHROMIUM = "/usr/bin/chromium"
MONEY = [{"id": f"m{i}", "evaluated_at": "2026-03-05T12:00:00+08:00", "received_at": f"2026-03-0{i + 1}T10:00:00+08:00",
          "fault": "company", "channel": "phone", "customer": {"order_amount": 100},
          "proposal": {"remedy": "refund", "amount": 100000 if i else 50},
          "facts": {"agent": "ag9", "team": "south"},
          "transcript": [{"role": "customer", "text": "果干发霉了，我要投诉到消协！"},
                         {"role": "agent", "text": "不关我的事"}]} for i in range(3)]
"""Cases with compensation (one over its cap), SLA breaches and escalations, on several days."""
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _playwright():  # type: ignore[no-untyped-def]
    if os.environ.get("CI"):
        from playwright.sync_api import sync_playwright
    else:
        sync_api = pytest.importorskip("playwright.sync_api")
        sync_playwright = sync_api.sync_playwright
        if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
            pytest.skip("no chromium on this machine")
    return sync_playwright


def test_report_renders_offline_with_the_summary_numbers(tmp_path: Path, standard_zh: Playbook) -> None:
    sync_playwright = _playwright()
    zh = standard_zh
    archive = write_jsonl(tmp_path / "a.jsonl", GOOD * 5 + MONEY, BAD)
    out = tmp_path / "out"
    audit([str(archive), str(MESSAGES_CSV)], zh, out, mapping=None)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("request", lambda r: requests.append(r.url))
        page.goto((out / "report.html").as_uri())
        page.wait_for_selector(".js-plotly-plot .main-svg")
        number = {key: page.inner_text(f'[data-key="{key}"]') for key in
                  ("rows-in", "rows-decided", "rows-rejected", "cases-decided", "violations")}
        bars = page.locator('[data-chart="taboo"] .js-plotly-plot .bars path').count()
        plotted = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-chart]')].map(
            chart => [chart.dataset.chart, chart.querySelector('.js-plotly-plot').data.map(
                trace => ({x: Array.from(trace.x), y: Array.from(trace.y)}))]))""")
        drawn = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-chart]')].map(
            chart => [chart.dataset.chart, chart.querySelectorAll('.bars path, .scatterlayer .point').length]))""")
        number_over_cap = page.inner_text('[data-key="over-cap"]')
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        browser.close()
    assert number == {"rows-in": str(summary["rows"]["in"]), "rows-decided": str(summary["rows"]["decided"]),
                      "rows-rejected": str(summary["rows"]["rejected"]),
                      "cases-decided": str(summary["cases"]["decided"]), "violations": str(summary["violations"])}
    assert bars == len(summary["by"]["taboo"]) > 0
    by = summary["by"]
    counts = {"taboo": by["taboo"], "rule": by["rule"], "phrase": by["phrase"], "agent": by["agent"],
              "team": by["team"], "category": by["category"], "channel": by["channel"],
              "per100": summary["agents_violations_per_100_cases"], "sla": by["sla_breach"],
              "escalation": by["escalation"]}
    assert set(plotted) == {*counts, "trend", "compensation"}
    for key, expected in counts.items():  # every chart has data, and it is summary.json's
        (bar,) = plotted[key]
        assert dict(zip(bar["y"], bar["x"], strict=True)) == dict(list(expected.items())[:15]), key
        assert expected and drawn[key] == len(bar["x"]), key
    days = sorted(d for d in by["day"] if d != "None")
    cases_line, violations_line = plotted["trend"]
    assert cases_line == {"x": days, "y": [by["day"][d] for d in days]} and len(days) >= 2
    assert violations_line["y"] == [by["day_violations"].get(d, 0) for d in days]
    money = summary["compensation"]
    assert plotted["compensation"] == [{"x": ["offered", "caps"], "y": [money["offered"], money["caps"]]}]
    assert money["over_cap"] >= 1 and number_over_cap == str(money["over_cap"])
    assert all(url.startswith("file://") for url in requests), requests
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_report_highlights_evidence_in_its_text(tmp_path: Path, standard_zh: Playbook) -> None:
    zh = standard_zh
    audit([str(MESSAGES_CSV)], zh, tmp_path / "out", mapping=load_mapping(MAPPING))
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<mark>这是公司的规定</mark>" in page or "<mark>公司的规定</mark>" in page
    assert "<script src=" not in page  # plotly.js is inline, not fetched
