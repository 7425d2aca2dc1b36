"""A JSON case is read once: the fast duplicate-key check agrees with the full second parse.

``case_from_line`` and ``parse_case`` refuse a key written twice in one object. They used to
re-read every case with a Python hook per object to look for one; now the keys the C scanner
counts are compared with the fields the case holds, and only a mismatch is looked into.
These tests hold the fast reading to the full one on generated cases (valid, invalid, and
with repeated keys anywhere, by name or by alias): the same case, or the same located error.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from playbook.case import Case
from playbook.case.io import CaseLine, case_error, case_from_line, duplicate_key, json_syntax_reason, parse_case
from playbook.errors import CaseError, Diagnostic, LoadError, Span

Pairs = list[tuple[str, Any]]


class Obj:
    """A JSON object as written: its pairs in order, repeats allowed."""

    def __init__(self, pairs: Pairs) -> None:
        self.pairs = pairs


def dump(value: Any, gap: str, ascii_only: bool) -> str:
    if isinstance(value, Obj):
        return "{" + ",".join(f"{json.dumps(k, ensure_ascii=ascii_only)}{gap}:{gap}{dump(v, gap, ascii_only)}"
                              for k, v in value.pairs) + "}"
    if isinstance(value, list):
        return "[" + ",".join(dump(v, gap, ascii_only) for v in value) + "]"
    return json.dumps(value, ensure_ascii=ascii_only)


TEXT = st.sampled_from(["您好", "亲，这个我们处理不了", "a \"quoted\": b", "时间: 10:00", "\\", "ok", "", "\u200b"])
TIME = st.sampled_from(["2026-03-02T10:00:00+08:00", "2026-03-02T10:05:00", "1800-01-01T00:00:00Z", "soon", 1_770_000_000])
AMOUNT = st.sampled_from(["15.50", 15.5, 0, -1, "1e13", "abc", 299])
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(-2, 2), TEXT)


def obj(fields: dict[str, st.SearchStrategy[Any]], required: tuple[str, ...] = ()) -> st.SearchStrategy[Obj]:
    @st.composite
    def build(draw: st.DrawFn) -> Obj:
        names = [n for n in fields if n in required or draw(st.booleans())]
        return Obj([(name, draw(fields[name])) for name in names])
    return build()


MESSAGE = obj({"role": st.sampled_from(["customer", "agent", "system", "bot"]), "text": TEXT, "at": TIME,
               "author": TEXT, "handled_by": st.sampled_from(["lead", "manager"])}, ("role", "text"))
HANDOFF = obj({"from": TEXT, "to": TEXT, "from_team": TEXT, "at": TIME})
FREE = st.dictionaries(st.sampled_from(["cause", "what_happened", "complaint", "x:y", "a\"b"]), SCALAR,
                       max_size=3).map(lambda d: Obj(list(d.items())))
CASE = obj({
    "id": st.sampled_from(["c1", "", "案例-7"]),
    "fault": st.sampled_from(["company", "customer", None]),
    "customer": obj({"tier": st.sampled_from(["A", "C"]), "order_amount": AMOUNT, "currency": st.just("CNY")}),
    "harm": obj({"physical": st.booleans(), "economic": AMOUNT}),
    "channel": st.sampled_from(["chat", "phone", "fax"]),
    "received_at": TIME,
    "resolved_at": TIME,
    "handoffs": st.lists(HANDOFF, max_size=3),
    "transcript": st.lists(MESSAGE, max_size=4),
    "proposal": st.one_of(st.none(), obj({"remedy": TEXT, "amount": AMOUNT, "approved_by": TEXT})),
    "delivery": obj({"promised_by": TIME, "force_majeure": st.booleans()}),
    "record": FREE,
    "facts": FREE,
    "previous_complaints": st.sampled_from([0, 2, -1, 2.0]),
}, ("id",))


def objects(value: Any) -> list[Obj]:
    if isinstance(value, Obj):
        return [value, *(o for _, v in value.pairs for o in objects(v))]
    if isinstance(value, list):
        return [o for v in value for o in objects(v)]
    return []


@st.composite
def case_texts(draw: st.DrawFn) -> str:
    """A case as JSON text, sometimes with one key of one object written again."""
    case = draw(CASE)
    if draw(st.booleans()):
        target = draw(st.sampled_from(objects(case)))
        if target.pairs:
            name, value = draw(st.sampled_from(target.pairs))
            again = value if draw(st.booleans()) else draw(SCALAR)
            target.pairs.insert(draw(st.integers(0, len(target.pairs))), (name, again))
    return dump(case, draw(st.sampled_from(["", " ", "\n"])), draw(st.booleans()))


def _outcome(read: Any) -> Any:
    try:
        return read()
    except (CaseError, LoadError) as error:
        return [(d.code, d.message, d.span, d.path) for d in error.diagnostics]


def _full_line(name: str, number: int, raw: bytes) -> Case:
    """What case_from_line did before the count: parse, then always the second parse."""
    text = raw.decode("utf-8")
    try:
        case = Case.model_validate_json(text)
    except ValidationError as exc:
        reason = json_syntax_reason(exc)
        if reason is not None:
            raise CaseError(Diagnostic(code="json-syntax", message=f"not valid JSON: {reason}",
                                       span=Span(name, number, 1))) from None
        raise case_error(exc, name, number) from None
    key = duplicate_key(text)
    if key is not None:
        raise CaseError(Diagnostic(code="duplicate-key", message=f"duplicate key '{key[:80]}' in one object",
                                   span=Span(name, number, 1), hint="remove one of the two"))
    return case


@settings(max_examples=400, deadline=None)
@given(case_texts())
def test_a_jsonl_row_reads_as_the_full_reading_reads_it(text: str) -> None:
    raw = text.encode("utf-8")
    fast = _outcome(lambda: case_from_line(CaseLine("cases.jsonl", 7, raw)))
    assert fast == _outcome(lambda: _full_line("cases.jsonl", 7, raw))


@settings(max_examples=150, deadline=None)
@given(case_texts())
def test_a_case_document_reads_as_the_full_reading_reads_it(text: str) -> None:
    from playbook.case import io

    fast = _outcome(lambda: parse_case(text, "case.json"))
    slow_check = io.has_duplicate_key
    try:  # the same reading with the count taken out: every valid case parsed a second time
        io.has_duplicate_key = lambda t, case: duplicate_key(t) is not None  # type: ignore[assignment]
        full = _outcome(lambda: parse_case(text, "case.json"))
    finally:
        io.has_duplicate_key = slow_check
    assert fast == full


def test_a_repeated_key_is_found_at_its_line_in_every_kind_of_object() -> None:
    base = {"id": "c1", "customer": {"tier": "A"}, "record": {"cause": "x"},
            "transcript": [{"role": "agent", "text": "您好"}], "handoffs": [{"from": "a", "to": "b"}]}
    clean = json.dumps(base, ensure_ascii=False)
    assert case_from_line(CaseLine("c.jsonl", 3, clean.encode())) is not None
    for written, again in [('"tier": "A"', '"tier": "A", "tier": "B"'), ('"cause": "x"', '"cause": "x", "cause": "x"'),
                           ('"text": "您好"', '"text": "您好", "text": "好"'), ('"to": "b"', '"to": "b", "to": "b"'),
                           ('"id": "c1"', '"id": "c1", "id": "c1"')]:
        doubled = clean.replace(written, again, 1).encode()
        try:
            case_from_line(CaseLine("c.jsonl", 3, doubled))
        except CaseError as error:
            (d,) = error.diagnostics
            assert (d.code, d.span) == ("duplicate-key", Span("c.jsonl", 3, 1)), written
        else:
            raise AssertionError(f"{again} was accepted")
