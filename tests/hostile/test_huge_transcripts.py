"""Huge transcripts: many messages, huge messages of odd characters, thousands of violations.

Each ends bounded. Under the default limits the case is refused before any text is
scanned, with a located error naming the limit (``max_messages``, ``max_message_chars``,
``max_case_chars``); with the limits raised the evaluation finishes (the work is linear in
the text), and a decision lists at most ``max_violations`` violations, saying so in its
warnings. Nothing here asserts on speed: a hang fails through the timeout.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import pytest

from playbook import Playbook
from playbook.decision import Decision
from playbook.errors import CaseError
from playbook.source.limits import DEFAULT_LIMITS, Limits

from .conftest import BASE_CASE, TIMEOUT, assert_clean_exit, run_playbook

T = TypeVar("T")

FORBIDDEN = "这是公司的规定"
"""A forbidden phrase of the standard Chinese playbook (said by the agent)."""

RAISED = Limits(max_messages=200_000, max_message_chars=3_000_000, max_case_chars=3_000_000)
RAISED_FLAGS = ["--limit", "max_messages=200000", "--limit", "max_message_chars=3000000",
                "--limit", "max_case_chars=3000000"]


def case_of(*texts: str, role: str = "agent") -> dict[str, Any]:
    return {**BASE_CASE, "transcript": [{"role": role, "text": text} for text in texts]}


def one_message(text: str) -> dict[str, Any]:
    return case_of(text)


HOSTILE: dict[str, Callable[[], dict[str, Any]]] = {
    "100000_messages": lambda: case_of(*[FORBIDDEN] * 100_000),
    "1mb_of_zero_width_spaces_between_characters": lambda: one_message("\u200b".join("退款" * 250_000)),
    "500k_emoji": lambda: one_message("😀" * 500_000),
    "1m_private_use_characters": lambda: one_message("\ue000" * 1_000_000),
    "1m_fdd0_noncharacters": lambda: one_message("\ufdd0" * 1_000_000),
    "a_base_letter_with_999999_combining_marks": lambda: one_message("a" + "\u0301" * 999_999),
    "200k_forbidden_phrases_in_one_message": lambda: one_message(FORBIDDEN * 200_000),
    "a_140000_character_message_of_20001_violations": lambda: one_message(FORBIDDEN * 20_001),
}
"""Each hostile case of the issue, by what it sends."""

LIMIT_NAMED = {"100000_messages": "max_messages"}


@cache
def standard(limits: Limits = DEFAULT_LIMITS) -> Playbook:
    return Playbook.standard("zh", limits=limits)


def within(seconds: float, work: Callable[[], T]) -> T:
    """``work()``, failing the test (instead of blocking the suite) when it takes longer."""
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(work)
    try:
        return future.result(timeout=seconds)
    except FutureTimeout:
        pytest.fail(f"did not finish within {seconds} s")
    finally:
        pool.shutdown(wait=False)


@pytest.mark.parametrize("name", HOSTILE)
def test_the_api_refuses_it_under_the_default_limits_before_scanning(name: str) -> None:
    case = HOSTILE[name]()
    with pytest.raises(CaseError) as caught:
        within(TIMEOUT, lambda: standard().evaluate(case))
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.hint is not None
    limit = LIMIT_NAMED.get(name, "max_message_chars")
    assert limit in diagnostic.hint, diagnostic
    assert diagnostic.path[0] == "transcript"


@pytest.mark.parametrize("name", HOSTILE)
def test_the_api_decides_it_in_bounded_time_with_the_limits_raised(name: str) -> None:
    case = HOSTILE[name]()
    decision: Decision = within(TIMEOUT, lambda: standard(RAISED).evaluate(case))
    assert len(decision.violations) <= RAISED.max_violations
    if name in ("100000_messages", "200k_forbidden_phrases_in_one_message",
                "a_140000_character_message_of_20001_violations"):
        assert len(decision.violations) == RAISED.max_violations
        assert any("max_violations" in warning for warning in decision.warnings), decision.warnings


@pytest.mark.parametrize("name", HOSTILE)
def test_the_cli_rejects_it_at_its_line_and_decides_the_next_case(tmp_path: Path, name: str) -> None:
    path = tmp_path / "cases.jsonl"
    lines = [json.dumps(HOSTILE[name](), ensure_ascii=False), json.dumps({**BASE_CASE, "id": "next"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_playbook(["eval", "-p", "standard:zh", "-f", "json", str(path)])
    err = assert_clean_exit(result, 2)
    assert f"{path}:1:1" in err and LIMIT_NAMED.get(name, "max_message_chars") in err
    (decided,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert decided["case_id"] == "next"


@pytest.mark.parametrize("name", ["100000_messages", "a_140000_character_message_of_20001_violations",
                                  "a_base_letter_with_999999_combining_marks"])
def test_the_cli_decides_it_with_the_limits_raised(tmp_path: Path, name: str) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(HOSTILE[name](), ensure_ascii=False), encoding="utf-8")
    result = run_playbook([*RAISED_FLAGS, "eval", "-p", "standard:zh", "-f", "json", str(path)])
    assert_clean_exit(result, 0)
    (decision,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(decision["violations"]) <= DEFAULT_LIMITS.max_violations


def test_a_lower_violation_limit_cuts_the_list_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case_of(FORBIDDEN * 30), ensure_ascii=False), encoding="utf-8")
    result = run_playbook(["--limit", "max_violations=5", "eval", "-p", "standard:zh", "-f", "json", str(path)])
    assert_clean_exit(result, 0)
    decision = json.loads(result.stdout)
    assert len(decision["violations"]) == 5
    assert any("max_violations" in warning for warning in decision["warnings"])


def test_evidence_per_violation_is_bounded_and_the_cut_is_said() -> None:
    # a refusal said in 300 messages is one violation citing each refusal: at most max_evidence
    playbook = standard(Limits(max_evidence=7))
    full = standard().evaluate(case_of(*["这个没办法处理"] * 300))
    cut = playbook.evaluate(case_of(*["这个没办法处理"] * 300))
    assert max(len(v.evidence) for v in full.violations) > 7
    assert max(len(v.evidence) for v in cut.violations) == 7
    assert [v.rule for v in cut.violations] == [v.rule for v in full.violations]
    assert any("max_evidence" in warning for warning in cut.warnings)


def test_a_case_within_the_limits_is_not_touched_by_them() -> None:
    decision = standard().evaluate(case_of(FORBIDDEN, "好的"))
    assert decision.violations and not any("max_" in warning for warning in decision.warnings)
