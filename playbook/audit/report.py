"""``report.html``: one offline file a team lead opens, built from ``summary.json``.

Charts are Plotly figures with plotly.js embedded once in the page, so the file works
with no network at all; tables and the evidence snippets are plain HTML (escaped), with
the matched text highlighted in its original context. Without plotly installed the
report still has every number, as tables. The whole summary is embedded too, as JSON
(``<script id="audit-summary">``), so the page and ``summary.json`` cannot disagree.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from .store import write_atomic

TOP = 15

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC",sans-serif;margin:24px;color:#222}
h1{margin-bottom:4px} .sub{color:#666;margin-top:0}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{border:1px solid #ddd;border-radius:8px;padding:10px 16px;min-width:140px}
.card .n{font-size:26px;font-weight:600} .card .l{color:#666;font-size:13px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:16px}
table{border-collapse:collapse;font-size:13px} td,th{border-bottom:1px solid #eee;padding:3px 8px;text-align:left}
td.num{text-align:right} mark{background:#ffd54f} .snip{font-size:13px;margin:2px 0}
"""


def _card(label: str, value: Any, key: str) -> str:
    return (f'<div class="card"><div class="n" data-key="{key}">{html.escape(str(value))}</div>'
            f'<div class="l">{html.escape(label)}</div></div>')


def _table(title: str, counts: dict[str, Any], key: str) -> str:
    rows = "".join(f"<tr><td>{html.escape(str(k))}</td><td class=num>{v}</td></tr>"
                   for k, v in list(counts.items())[:TOP])
    return (f'<section><h3>{html.escape(title)}</h3><table data-table="{key}"><tr><th></th><th>count</th></tr>'
            f"{rows or '<tr><td>none</td><td class=num>0</td></tr>'}</table></section>")


def _figures(summary: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(title, key, figure) for every chart; empty without plotly."""
    try:
        import plotly.graph_objects as go
    except ImportError:
        return []
    by = summary["by"]
    charts: list[tuple[str, str, Any]] = []

    def bar(title: str, key: str, counts: dict[str, Any]) -> None:
        top = list(counts.items())[:TOP]
        figure = go.Figure(go.Bar(x=[v for _, v in top][::-1], y=[str(k) for k, _ in top][::-1], orientation="h"))
        figure.update_layout(title=title, height=120 + 24 * max(1, len(top)), margin={"l": 180, "r": 20, "t": 40, "b": 30})
        charts.append((title, key, figure))

    bar("Violations per taboo", "taboo", by["taboo"])
    bar("Violations per rule", "rule", by["rule"])
    bar("Evidence per phrase", "phrase", by["phrase"])
    bar("Violations per agent", "agent", by["agent"])
    bar("Violations per team", "team", by["team"])
    bar("Cases per category", "category", by["category"])
    bar("Cases per channel", "channel", by["channel"])
    bar("Violations per 100 cases, by agent", "per100", summary["agents_violations_per_100_cases"])
    days = sorted(k for k in by["day"] if k != "None")
    if days:
        figure = go.Figure([go.Scatter(x=days, y=[by["day"][d] for d in days], name="cases", mode="lines+markers"),
                            go.Scatter(x=days, y=[by["day_violations"].get(d, 0) for d in days], name="violations",
                                       mode="lines+markers")])
        figure.update_layout(title="Cases and violations per day", height=320)
        charts.append(("Cases and violations per day", "trend", figure))
    bar("SLA breaches per clock", "sla", by["sla_breach"])
    bar("Escalations per level", "escalation", by["escalation"])
    money = summary["compensation"]
    figure = go.Figure(go.Bar(x=["offered", "caps"], y=[money["offered"], money["caps"]]))
    figure.update_layout(title=f"Compensation offered vs caps ({money['over_cap']} over cap)", height=300)
    charts.append(("Compensation offered vs caps", "compensation", figure))
    return charts


def _examples(summary: dict[str, Any]) -> str:
    parts = []
    for phrase_id in list(summary["by"]["phrase"])[:TOP]:
        shown = []
        for example in summary["examples"].get(phrase_id, []):
            snippet = example["snippet"]
            shown.append(f'<p class="snip">{html.escape(example["case"])}: …{html.escape(snippet["before"])}'
                         f'<mark>{html.escape(snippet["match"])}</mark>{html.escape(snippet["after"])}…</p>')
        parts.append(f"<h4>{html.escape(phrase_id)} · {summary['by']['phrase'][phrase_id]}</h4>{''.join(shown)}")
    return "<section><h2>Top phrases, with evidence</h2>" + "".join(parts) + "</section>"


def render_report(summary: dict[str, Any]) -> str:
    """The whole page as one string."""
    rows, cases = summary["rows"], summary["cases"]
    by = summary["by"]
    cards = "".join([
        _card("rows in", rows["in"], "rows-in"), _card("rows decided", rows["decided"], "rows-decided"),
        _card("rows rejected", rows["rejected"], "rows-rejected"),
        _card("cases decided", cases["decided"], "cases-decided"),
        _card("cases with violations", cases["with_violations"], "cases-with-violations"),
        _card("violations", summary["violations"], "violations"),
        _card("SLA breaches", sum(by["sla_breach"].values()), "sla-breaches"),
        _card("escalations", sum(by["escalation"].values()), "escalations"),
        _card("offers over cap", summary["compensation"]["over_cap"], "over-cap"),
    ])
    charts = []
    first = True
    for _title, key, figure in _figures(summary):
        charts.append(f'<div class="chart" data-chart="{key}">'
                      + figure.to_html(include_plotlyjs=first, full_html=False, config={"displaylogo": False})
                      + "</div>")
        first = False
    tables = "".join([
        _table("Taboos", by["taboo"], "taboo"), _table("Rules", by["rule"], "rule"),
        _table("Phrases", by["phrase"], "phrase"), _table("Agents", by["agent"], "agent"),
        _table("Agents: violations per 100 cases", summary["agents_violations_per_100_cases"], "per100"),
        _table("Teams", by["team"], "team"), _table("Categories", by["category"], "category"),
        _table("Channels", by["channel"], "channel"), _table("SLA breaches", by["sla_breach"], "sla"),
        _table("Escalations", by["escalation"], "escalation"), _table("Rejects", by["reject_code"], "rejects"),
    ])
    playbook = summary["playbook"]
    title = f"Audit · {playbook['id']} {playbook['version']}"
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<style>{_STYLE}</style></head><body><h1>{html.escape(title)}</h1>"
            f"<p class=\"sub\">{html.escape(', '.join(summary['inputs']))}</p>"
            f"<div class=\"cards\">{cards}</div><div class=\"grid\">{''.join(charts)}</div>"
            f"{_examples(summary)}<h2>Tables</h2><div class=\"grid\">{tables}</div>"
            f"<script type=\"application/json\" id=\"audit-summary\">{_embedded(summary)}</script></body></html>")


def _embedded(summary: dict[str, Any]) -> str:
    """summary.json itself, for a reader (or a script) that wants more than the page shows;
    ``<``, ``>`` and ``&`` escaped so no text in it can close the script element."""
    text = json.dumps(summary, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def write_report(summary: dict[str, Any], path: Path) -> Path:
    write_atomic(path, render_report(summary).encode("utf-8"))
    return path
