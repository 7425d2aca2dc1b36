"""The benchmark's inputs: a case built from real customer-service text, and phrases.

The text comes from the JD.com chats in ``../shared/data/jddc-sample`` (read in place, never
copied). Some turns are converted to traditional characters with OpenCC ``s2t`` because real
Chinese transcripts mix both, and matching has to see through that. When the data is not
on this machine the example cases' transcripts are used instead, and the report says so.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
JDDC_CHAT = REPO.parent / "shared" / "data" / "jddc-sample" / "chat_0.1per.txt"
EXAMPLES = REPO / "examples" / "cases"

RECEIVED = "2026-03-02T10:00:00+08:00"  # a Monday, a working day in mainland China


@dataclass(frozen=True, slots=True)
class Turn:
    role: str  # "customer" or "agent"
    text: str


@dataclass(frozen=True, slots=True)
class Corpus:
    """Real turns to build transcripts from, and where they came from."""

    source: str
    turns: tuple[Turn, ...]


def load_corpus() -> Corpus:
    """The JDDC chats when present, else the example cases' transcripts."""
    if JDDC_CHAT.is_file():
        return Corpus(f"jddc-sample ({JDDC_CHAT.name})", tuple(_jddc_turns(JDDC_CHAT)))
    return Corpus("examples/cases (jddc-sample not found)", tuple(_example_turns(EXAMPLES)))


def _jddc_turns(path: Path) -> Iterator[Turn]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            columns = line.rstrip("\n").split("\t")
            if len(columns) != 7 or not columns[6].strip():
                continue
            yield Turn("agent" if columns[2] == "1" else "customer", columns[6].strip())


def _example_turns(folder: Path) -> Iterator[Turn]:
    for file in sorted(folder.glob("*.json")):
        data = json.loads(file.read_text(encoding="utf-8"))
        for message in data.get("transcript", []):
            if message["role"] in ("agent", "customer"):
                yield Turn(message["role"], message["text"])


class Traditional:
    """OpenCC simplified → traditional, built once (loading its dictionaries takes ~50 ms)."""

    def __init__(self) -> None:
        import opencc

        self._converter = opencc.OpenCC("s2t")

    def __call__(self, text: str) -> str:
        return self._converter.convert(text)


def pick_turns(corpus: Corpus, count: int, agent_len: tuple[int, int], customer_len: tuple[int, int]) -> list[Turn]:
    """``count`` turns alternating customer → agent, the first of each role in corpus order
    whose length falls in the given range (so the same data always gives the same case)."""
    pools = {
        "customer": (t for t in corpus.turns if t.role == "customer" and customer_len[0] <= len(t.text) <= customer_len[1]),
        "agent": (t for t in corpus.turns if t.role == "agent" and agent_len[0] <= len(t.text) <= agent_len[1]),
    }
    out: list[Turn] = []
    for index in range(count):
        role = "customer" if index % 2 == 0 else "agent"
        turn = next(pools[role], None)
        if turn is None:  # a small corpus: reuse what there is
            turn = next(t for t in corpus.turns if t.role == role)
        out.append(turn)
    return out


def transcript(turns: list[Turn], to_traditional: Traditional, every: int = 3) -> list[dict[str, Any]]:
    """Messages a minute apart; every ``every``-th turn (from the second) in traditional characters."""
    messages = []
    for index, turn in enumerate(turns):
        text = to_traditional(turn.text) if index % every == 1 else turn.text
        minute = 5 + index
        messages.append({"role": turn.role, "text": text, "at": f"2026-03-02T10:{minute:02d}:00+08:00"})
    return messages


def case_document(case_id: str, messages: list[dict[str, Any]]) -> dict[str, Any]:
    """A complete case around a transcript: every stage of the evaluation has work to do
    (a tier and order for the cap, a proposal over the front line's authority, hand-offs,
    a record with fields missing, a received time for the SLA clocks)."""
    return {
        "id": case_id,
        "fault": "company",
        "reaction": "angry",
        "channel": "chat",
        "customer": {"id": "bench-user", "tier": "B", "order_amount": "299.00", "currency": "CNY"},
        "harm": {"economic": "299.00"},
        "received_at": RECEIVED,
        "evaluated_at": "2026-03-03T15:00:00+08:00",
        "handoffs": [{"from": "售前", "to": "售后", "at": "2026-03-02T10:30:00+08:00"}],
        "transcript": messages,
        "proposal": {"remedy": "refund", "amount": "450.00", "promised_by": "2026-03-04T18:00:00+08:00"},
        "record": {"what_happened": "商品问题，客户要求处理", "contact": "在线客服账号"},
        "previous_complaints": 1,
    }


def main_case(corpus: Corpus, to_traditional: Traditional) -> dict[str, Any]:
    """The benchmark case: ten messages, about 1,000 characters, simplified and traditional."""
    turns = pick_turns(corpus, 10, agent_len=(120, 200), customer_len=(45, 100))
    return case_document("bench-10", transcript(turns, to_traditional))


def sized_case(corpus: Corpus, to_traditional: Traditional, target_bytes: int) -> dict[str, Any]:
    """A case whose message text is about ``target_bytes`` of UTF-8, from consecutive real turns."""
    turns: list[Turn] = []
    size = 0
    source = [t for t in corpus.turns if len(t.text) >= 8]
    index = 0
    while size < target_bytes:
        turn = source[index % len(source)]
        index += 1
        turns.append(turn)
        size += len(turn.text.encode("utf-8"))
    messages = transcript(turns, to_traditional)
    for number, message in enumerate(messages):  # keep timestamps valid for long transcripts
        hours, minutes = divmod(number, 60)
        message["at"] = f"2026-03-02T{10 + hours % 12:02d}:{minutes:02d}:00+08:00"
    return case_document(f"bench-{target_bytes // 1024}k", messages)


def text_bytes(document: dict[str, Any]) -> int:
    return sum(len(m["text"].encode("utf-8")) for m in document["transcript"])


def text_chars(document: dict[str, Any]) -> int:
    return sum(len(m["text"]) for m in document["transcript"])


def synthetic_phrases(corpus: Corpus, count: int, avoid: set[str], skip_turns: int = 2000) -> list[str]:
    """``count`` distinct 4–7 character n-grams of real customer text, as extra forbidden phrases.

    Real n-grams give the matcher realistic prefixes to share and realistic near-misses.
    The first ``skip_turns`` turns (the ones the benchmark transcripts are built from) are
    skipped so the extra phrases do not all fire on the benchmark case.
    """
    seen: set[str] = set()
    out: list[str] = []
    turns = [t.text for t in corpus.turns[skip_turns:] if t.role == "customer"] or [t.text for t in corpus.turns]
    for size in (4, 5, 6, 7):
        for text in turns:
            for start in range(max(0, len(text) - size + 1)):
                gram = text[start:start + size]
                if gram in seen or gram in avoid or not _wordlike(gram):
                    continue
                seen.add(gram)
                out.append(gram)
                if len(out) == count:
                    return out
    counter = 0
    while len(out) < count:  # a small corpus: pad with numbered variants
        out.append(f"{out[counter % len(out)]}{counter}")
        counter += 1
    return out


def _wordlike(gram: str) -> bool:
    """Only Chinese characters: no placeholders ([数字x]), digits, spaces or punctuation."""
    return all("\u4e00" <= ch <= "\u9fff" for ch in gram)
