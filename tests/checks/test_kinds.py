"""The check-kind table covers every YAML kind, and a check runs on a context without the engine."""

from __future__ import annotations

import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from playbook import Playbook
from playbook.case import Case
from playbook.checks import KINDS, CheckHead, kind_of, phrase_set_fields, summary
from playbook.checks.handoffs import HandoffsCheck
from playbook.checks.phrases import PhrasesCheck
from playbook.compile.compiled import Origin
from playbook.compile.conditions import ALWAYS
from playbook.decision import ClockResult, CompensationResult, Evidence
from playbook.errors import CompileError
from playbook.model import taboos as src
from playbook.model.duration import Duration
from playbook.text.spec import Hit


def test_every_source_kind_has_exactly_one_row() -> None:
    union = typing.get_args(typing.get_args(src.Check)[0])
    assert sorted(row.kind for row in KINDS) == sorted(model.model_fields["kind"].annotation.__args__[0]
                                                       for model in union)
    assert len({row.source for row in KINDS}) == len(KINDS) == len(union)


def test_phrase_fields_and_summary_come_from_the_row() -> None:
    check = src.RefusalCheck(id="r", kind="refusal", refusal_phrases=["no"], alternative_phrases=["alt", "alt2"])
    assert phrase_set_fields(check) == {"refusal_phrases": ["no"], "alternative_phrases": ["alt", "alt2"]}
    assert summary(check) == "refusal: refusal_phrases [no]; alternative_phrases [alt, alt2]"
    assert kind_of(check).source is src.RefusalCheck
    assert summary(src.FactCheck(id="f", kind="fact", when={"fact": "resolved", "eq": False})) == "fact"


@dataclass
class _Phrase:
    id: str
    text: str
    severity: str = "high"
    instead: str | None = "say this"


@dataclass
class FakeContext:
    """Only what :class:`playbook.checks.CheckContext` promises: no engine, no playbook."""

    case: Case
    hits: Sequence[Sequence[Hit]] = ()
    now: datetime = datetime(2026, 3, 2, 12, tzinfo=timezone.utc)
    facts: Mapping[str, Any] = field(default_factory=dict)
    clocks: Mapping[str, ClockResult] = field(default_factory=dict)
    compensation: CompensationResult | None = None
    targets: Mapping[str, Duration] = field(default_factory=dict)
    violation_room: int = 1_000

    def say(self, key: str, **values: Any) -> str:
        return key + ":" + ",".join(f"{k}={values[k]}" for k in sorted(values))

    def overdue(self, seconds: int) -> str:
        return f"{seconds}s"

    def duration(self, target: Duration | str | None) -> str:
        return str(target)

    def agent_hits(self, keys: frozenset[int]) -> Iterator[tuple[int, Hit]]:
        for index, message_hits in enumerate(self.hits):
            if self.case.transcript[index].role == "agent":
                for hit in message_hits:
                    if hit.key in keys:
                        yield index, hit

    @property
    def agent_keys(self) -> frozenset[int]:
        return frozenset(hit.key for index, message_hits in enumerate(self.hits)
                         if self.case.transcript[index].role == "agent" for hit in message_hits)

    def agent_hits_by_message(self, keys: frozenset[int]) -> Iterator[tuple[int, Iterator[Hit]]]:
        for index, message_hits in enumerate(self.hits):
            found = [hit for hit in message_hits if hit.key in keys]
            if found and self.case.transcript[index].role == "agent":
                yield index, iter(found)

    def evidence(self, index: int, hit: Hit) -> Evidence:
        return Evidence(message_index=index, start=hit.start, end=hit.end, text=hit.matched,
                        phrase="p", normalized=hit.normalized, phrase_id=f"p{hit.key}")

    def evidence_of(self, pairs: Iterable[tuple[int, Hit]]) -> list[Evidence]:
        return [self.evidence(index, hit) for index, hit in pairs]

    def phrase(self, key: int) -> _Phrase:
        return _Phrase(id=f"p{key}", text=f"phrase {key}")

    def level(self, level_id: str) -> None:
        return None


HEAD = CheckHead(id="c", taboo="t", taboo_label="Taboo", severity="medium", message=None,
                 predicate=ALWAYS, origin=Origin(path="taboos[0].checks[0]", span=None))


def _hit(key: int, start: int, text: str) -> Hit:
    return Hit(key=key, start=start, end=start + len(text), matched=text, normalized=text)


def test_a_phrase_check_runs_on_the_protocol_alone() -> None:
    case = Case.model_validate({"id": "c", "transcript": [
        {"role": "customer", "text": "it broke"}, {"role": "agent", "text": "not my problem"}]})
    ctx = FakeContext(case=case, hits=((_hit(1, 0, "it"),), (_hit(1, 0, "not my problem"),)))
    found = PhrasesCheck(HEAD, frozenset({1})).run(ctx)
    assert [(v.rule, v.severity, v.instead, v.evidence[0].message_index) for v in found] == [
        ("t/c", "high", "say this", 1)]
    assert found[0].message == "forbidden_phrase:label=Taboo,phrase=phrase 1,taboo=Taboo,text=not my problem"


def test_a_handoff_check_runs_on_the_protocol_alone() -> None:
    case = Case.model_validate({"id": "c", "handoffs": [
        {"from_team": "sales", "to_team": "after_sales"}, {"from_team": "after_sales", "to_team": "warehouse"},
        {"from_team": "warehouse", "to_team": "sales"}]})
    found = HandoffsCheck(HEAD, max_handoffs=2, check_returns=True).run(FakeContext(case=case))
    assert len(found) == 1 and found[0].facts["handoffs.count"] == 3


@pytest.mark.parametrize(
    ("check", "refused"),
    [
        ("{id: shown, kind: fact, when: {fact: resolved, eq: false}, message: 'remedy {proposal_remedy}'}", False),
        ("{id: said, kind: phrases, phrase_sets: [forbidden.blame_shifting], message: 'remedy {proposal_remedy}'}",
         True),
    ],
)
def test_only_a_kind_whose_row_says_so_may_name_facts_in_its_message(
    tmp_path: Path, check: str, refused: bool
) -> None:
    """A ``fact`` check shows the facts it reads, so its message may name them; a phrase
    check has no such values and the same message is a located load error."""
    path = tmp_path / "overlay.yaml"
    # under the set's own taboo: a set checked under another taboo is an error of its own
    path.write_text(f"extends: standard:en\ntaboos:\n  - id: blame_shifting\n    checks:\n      - {check}\n",
                    encoding="utf-8")
    if not refused:
        Playbook.load(path)
        return
    with pytest.raises(CompileError) as caught:
        Playbook.load(path)
    assert [d.code for d in caught.value.diagnostics] == ["message-template"]
    assert "proposal_remedy" in caught.value.diagnostics[0].message
