"""Test archives: real-looking sessions built from the JDDC sample, and synthetic ones."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MAPPING = Path(__file__).parent / "data" / "mapping.yaml"
MESSAGES_CSV = Path(__file__).parent / "data" / "messages.csv"
NOW = "2026-03-02T12:00:00+08:00"

AGENT_LINES = ["这是公司的规定，不能退。", "不关我的事，你去找快递。", "非常抱歉，我马上为您处理。", "我也没办法。"]


def jddc_sessions(shared: Path, limit: int | None = None) -> Iterator[list[tuple[str, str]]]:
    """Sessions of the JDDC sample as [(role, text)], role 'customer' or 'agent'."""
    path = shared / "jddc-sample" / "chat_0.1per.txt"
    current: str | None = None
    messages: list[tuple[str, str]] = []
    count = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 7:
                continue
            if parts[0] != current and messages:
                yield messages
                count += 1
                if limit is not None and count >= limit:
                    return
                messages = []
            current = parts[0]
            messages.append(("customer" if parts[2] == "0" else "agent", parts[6]))
    if messages:
        yield messages


def jddc_cases(shared: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """JDDC sessions as cases; every third gets a taboo phrase from the agent, so there is
    something to find, and agent/team facts so the report has people."""
    cases = []
    for i, messages in enumerate(jddc_sessions(shared, limit)):
        transcript = [{"role": role, "text": text, "author": f"ag{i % 7:02d}" if role == "agent" else None}
                      for role, text in messages]
        transcript = [{k: v for k, v in m.items() if v is not None} for m in transcript]
        if i % 3 == 0:
            transcript.append({"role": "agent", "text": AGENT_LINES[i % 4], "author": f"ag{i % 7:02d}"})
        cases.append({"id": f"jddc-{i:05d}", "channel": "chat", "received_at": f"2026-03-{1 + i % 28:02d}T10:00:00+08:00",
                      "evaluated_at": NOW, "facts": {"agent": f"ag{i % 7:02d}", "team": ["north", "south"][i % 2]},
                      "transcript": transcript})
    return cases


def write_jsonl(path: Path, rows: list[Any], bad: dict[int, str] | None = None) -> Path:
    """Rows as JSON Lines; ``bad`` puts raw (broken) lines at those 0-based positions."""
    with path.open("w", encoding="utf-8") as handle:
        for i, row in enumerate(rows):
            if bad and i in bad:
                handle.write(bad[i] + "\n")
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def message_rows(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cases flattened to one row per message, in the columns of data/mapping.yaml."""
    rows = []
    for case in cases:
        for seq, message in enumerate(case["transcript"], 1):
            rows.append({"session_id": case["id"], "seq": seq, "channel": case.get("channel", "chat"),
                         "agent_id": case["facts"]["agent"], "team": case["facts"]["team"],
                         "sender": "0" if message["role"] == "customer" else "1", "content": message["text"],
                         "sent_at": case["received_at"]})
    return rows


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def decisions(out: Path) -> list[dict[str, Any]]:
    """Decision lines of an audit, without the evaluation time (which may be 'now')."""
    lines = (out / "decisions.jsonl").read_text(encoding="utf-8").splitlines()
    result = []
    for line in lines:
        decision = json.loads(line)
        decision.pop("evaluated_at", None)
        result.append(decision)
    return result


CUSTOMER_LINES = ["我买的果干发霉了，要退款", "快递一直没到", "你们的客服太差了", "商品坏了", "发票开错了", "还要等多久？"]


def long_cases(n: int, messages: int = 12) -> list[dict[str, Any]]:
    """Cases of ``messages`` turns (more than nine, so a text `seq` must sort as a number),
    an agent's taboo line at a position that depends on the case, agents and teams."""
    cases = []
    for i in range(n):
        transcript = []
        for k in range(messages):
            if k % 2 == 0:
                transcript.append({"role": "customer", "text": CUSTOMER_LINES[(i + k) % len(CUSTOMER_LINES)]})
            else:
                text = AGENT_LINES[i % 4] if k == 1 + 2 * (i % (messages // 2)) else "好的，我帮您查一下。"
                transcript.append({"role": "agent", "text": text})
        cases.append({"id": f"s{i:04d}", "channel": ["chat", "phone", "email"][i % 3],
                      "received_at": f"2026-03-{1 + i % 28:02d}T10:00:00+08:00", "evaluated_at": NOW,
                      "facts": {"agent": f"ag{i % 5:02d}", "team": ["north", "south"][i % 2]},
                      "transcript": transcript})
    return cases


def write_tsv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)
    return path


def violations(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "violations.jsonl").read_text(encoding="utf-8").splitlines()]


def rejects(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
