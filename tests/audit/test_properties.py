"""Invariants of an audit over generated mixes of good and bad rows: every row is decided
or rejected; summary.json says what the output files hold; report.html says what
summary.json says."""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook import Playbook
from playbook.audit.mapping import load_mapping
from playbook.audit.run import audit

from .archives import AGENT_LINES, MAPPING, NOW, write_csv

ZH = Playbook.standard("zh")
SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])

AGENT_TEXTS = [*AGENT_LINES, "好的，我帮您查一下。", "这是公司的规定，不关我的事。", "您好，请问有什么可以帮您？"]
CUSTOMER_TEXTS = ["我买的果干发霉了，要退款", "快递一直没到", "你们的客服太差了", "发票开错了"]
BAD_LINES = {
    "invalid-json": "{not json",
    "invalid-case": '["a", "list"]',
    "bad-role": json.dumps({"id": "x", "transcript": [{"role": "robot", "text": "?"}]}),
    "unknown-field": json.dumps({"id": "y", "colour": "red"}),
    "bad-amount": json.dumps({"id": "z", "customer": {"order_amount": "lots"}}),
}

messages = st.lists(st.tuples(st.sampled_from(["customer", "agent"]), st.integers(0, 6), st.integers(0, 3)),
                    min_size=1, max_size=5)


@st.composite
def good_case(draw: st.DrawFn, index: int) -> dict[str, Any]:
    transcript = []
    for role, text, author in draw(messages):
        if role == "agent":
            transcript.append({"role": "agent", "text": AGENT_TEXTS[text], "author": f"ag{author}"})
        else:
            transcript.append({"role": "customer", "text": CUSTOMER_TEXTS[text % len(CUSTOMER_TEXTS)]})
    case: dict[str, Any] = {"id": f"c{index}", "evaluated_at": NOW, "transcript": transcript,
                            "channel": draw(st.sampled_from(["chat", "phone", "email"])),
                            "received_at": f"2026-03-{draw(st.integers(1, 5)):02d}T10:00:00+08:00"}
    if draw(st.booleans()):
        case["facts"] = {"agent": f"ag{draw(st.integers(0, 3))}", "team": draw(st.sampled_from(["north", "south"]))}
    return case


@st.composite
def archive_lines(draw: st.DrawFn) -> list[tuple[str, str]]:
    """(kind, line): kind 'good', 'blank' or a bad kind."""
    kinds = draw(st.lists(st.sampled_from(["good"] * 4 + ["blank", *BAD_LINES]), min_size=1, max_size=30))
    lines = []
    for index, kind in enumerate(kinds):
        if kind == "good":
            lines.append((kind, json.dumps(draw(good_case(index)), ensure_ascii=False)))
        elif kind == "blank":
            lines.append((kind, ""))
        else:
            lines.append((kind, BAD_LINES[kind]))
    return lines


class _Page(HTMLParser):
    """The cards (data-key → text), tables (data-table → rows) and embedded summary of a report."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, str] = {}
        self.tables: dict[str, list[list[str]]] = {}
        self.embedded = ""
        self._key: str | None = None
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if "data-key" in named:
            self._key = named["data-key"]
            self.cards[self._key or ""] = ""
        if tag == "table" and "data-table" in named:
            self._table = named["data-table"]
            self.tables[self._table or ""] = []
        if tag == "tr" and self._table:
            self.tables[self._table].append([])
        if tag == "td" and self._table:
            self._cell = []
        if tag == "script" and named.get("id") == "audit-summary":
            self._script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "div":
            self._key = None
        if tag == "table":
            self._table = None
        if tag == "td" and self._table and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell))
            self._cell = None
        if tag == "script":
            self._script = False

    def handle_data(self, data: str) -> None:
        if self._key:
            self.cards[self._key] += data
        if self._cell is not None:
            self._cell.append(data)
        if self._script:
            self.embedded += data


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def check_outputs(out: Path, rows_in: int) -> dict[str, Any]:
    """Every invariant between the input count, the output files, summary.json and report.html."""
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    decided, rejected, violations = _lines(out / "decisions.jsonl"), _lines(out / "rejects.jsonl"), \
        _lines(out / "violations.jsonl")
    rows, cases = summary["rows"], summary["cases"]
    assert rows["in"] == rows_in == rows["decided"] + rows["rejected"] and rows["balanced"]
    assert cases["decided"] == len(decided) and cases["rejected"] == len(rejected)
    assert rows["rejected"] == sum(r["rows"] for r in rejected)
    assert all(r["file"] and r["line"] >= 1 and r["last_line"] >= r["line"] and r["error"] for r in rejected)
    by = summary["by"]
    assert by["reject_code"] == dict(Counter(r["code"] for r in rejected))
    # One violation of a case is one or more rows (one per piece of evidence).
    one_each = {(v["case"], v["violation"]): v for v in violations}
    assert summary["violations"] == len(one_each) == sum(len(d["violations"]) for d in decided)
    assert cases["with_violations"] == sum(1 for d in decided if d["violations"])
    assert by["taboo"] == dict(Counter(str(v["taboo"]) for v in one_each.values()))
    assert by["rule"] == dict(Counter(v["rule"] for v in one_each.values()))
    assert by["team"] == dict(Counter(str(v["team"]) for v in one_each.values()))
    assert by["agent"] == dict(Counter(str(agent) for _, _, agent in {(v["case"], v["violation"], v["agent"])
                                                                       for v in violations}))
    assert by["phrase"] == dict(Counter(v["phrase_id"] for v in violations if v["phrase_id"]))
    taboos_in_decisions = Counter(str(v["taboo"]) for d in decided for v in d["violations"])
    assert by["taboo"] == dict(taboos_in_decisions)
    assert sum(by["category"].values()) == sum(by["channel"].values()) == sum(by["day"].values()) == len(decided)
    assert sum(by["escalation"].values()) == sum(1 for d in decided if d["escalation"]["required"])
    assert sum(by["sla_breach"].values()) == sum(1 for d in decided for c in d["sla"] if c["breached"])
    # The report: its embedded data is summary.json, its cards and tables show the same numbers.
    page = _Page()
    page.feed((out / "report.html").read_text(encoding="utf-8"))
    assert json.loads(page.embedded) == summary
    assert page.cards["rows-in"] == str(rows["in"]) and page.cards["rows-rejected"] == str(rows["rejected"])
    assert page.cards["cases-decided"] == str(cases["decided"])
    assert page.cards["violations"] == str(summary["violations"])
    assert page.cards["sla-breaches"] == str(sum(by["sla_breach"].values()))
    assert page.cards["over-cap"] == str(summary["compensation"]["over_cap"])
    for key, counts in (("taboo", by["taboo"]), ("agent", by["agent"]), ("rejects", by["reject_code"]),
                        ("channel", by["channel"])):
        shown = {cells[0]: int(cells[1]) for cells in page.tables[key][1:] if cells and cells[0] != "none"}
        assert shown == dict(list(counts.items())[:15]), key
    return summary


@SETTINGS
@given(archive_lines())
def test_jsonl_mixes_add_up_everywhere(lines: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "a.jsonl"
        archive.write_text("".join(line + "\n" for _, line in lines), encoding="utf-8")
        audit([str(archive)], ZH, Path(folder) / "out")
        rows_in = sum(1 for kind, _ in lines if kind != "blank")
        summary = check_outputs(Path(folder) / "out", rows_in)
        bad = [number for number, (kind, _) in enumerate(lines, 1) if kind not in ("good", "blank")]
        assert [r["line"] for r in _lines(Path(folder) / "out" / "rejects.jsonl")] == bad
        assert summary["cases"]["decided"] == sum(1 for kind, _ in lines if kind == "good")


@st.composite
def message_table(draw: st.DrawFn) -> tuple[list[dict[str, Any]], int]:
    """A shuffled table of message rows, some bad; and how many sessions it has."""
    rows: list[dict[str, Any]] = []
    sessions = draw(st.integers(1, 8))
    for s in range(sessions):
        for seq, (role, text, author) in enumerate(draw(messages), 1):
            rows.append({"session_id": f"s{s}", "seq": seq, "channel": "chat", "agent_id": f"ag{author}",
                         "team": ["north", "south"][s % 2], "sender": "0" if role == "customer" else "1",
                         "content": (AGENT_TEXTS[text] if role == "agent" else CUSTOMER_TEXTS[text % 4]),
                         "sent_at": f"2026-03-0{1 + s % 5}T10:0{seq % 10}:00+08:00"})
    for index in draw(st.lists(st.integers(0, len(rows) - 1), max_size=3, unique=True)):
        fault = draw(st.sampled_from(["sender", "session_id", "seq", "sent_at"]))
        rows[index][fault] = {"sender": "7", "session_id": "", "seq": "", "sent_at": "not-a-time"}[fault]
    return draw(st.permutations(rows)), sessions


@SETTINGS
@given(message_table())
def test_shuffled_message_tables_add_up_everywhere(table: tuple[list[dict[str, Any]], int]) -> None:
    rows, sessions = table
    with tempfile.TemporaryDirectory() as folder:
        archive = write_csv(Path(folder) / "m.csv", rows)
        audit([str(archive)], ZH, Path(folder) / "out", mapping=load_mapping(MAPPING))
        summary = check_outputs(Path(folder) / "out", len(rows))
        orphans = sum(1 for r in rows if r["session_id"] == "")
        present = {r["session_id"] for r in rows if r["session_id"]}
        assert summary["cases"]["decided"] + summary["cases"]["rejected"] == len(present) + orphans
        assert len(present) <= sessions
        decided_ids = [json.loads(line)["case_id"] for line in
                       (Path(folder) / "out" / "decisions.jsonl").read_text(encoding="utf-8").splitlines()]
        assert len(decided_ids) == len(set(decided_ids))  # a session is never split into several cases
        assert all(re.fullmatch(r"s\d", i) for i in decided_ids)
