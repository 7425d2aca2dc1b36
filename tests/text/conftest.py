"""Shared matchers and phrase lists for the text tests: built once, they are immutable."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from playbook.text import PhraseMatcher, PhraseSpec

HAS_HYPERSCAN = importlib.util.find_spec("hyperscan") is not None
ENGINES = ["reference", "portable", pytest.param("hyperscan", marks=pytest.mark.skipif(not HAS_HYPERSCAN, reason="hyperscan not installed"))]

JDDC = Path(__file__).resolve().parents[3] / "shared" / "data" / "jddc-sample" / "chat_0.1per.txt"

#: The forbidden phrases of DOMAIN.md §2, verbatim, plus English ones.
FORBIDDEN = (
    "这种问题连三岁小孩子都懂",
    "一分钱,一分货",
    "不可能,绝不可能发生这种事",
    "这种问题不关我的事,请去问生产厂家,我只负责卖货",
    "不关我的事",
    "请去问生产厂家",
    "我只负责卖货",
    "嗯……这个问题我不大清楚",
    "我绝对没有说过那种话",
    "这是公司的规定",
    "这种事情通常不会发生",
    "你怎么用油也不会!",
    "你懂不懂最基本的技巧",
    "it's company policy",
    "no",
    "not my problem",
)

#: key → spec; 我不会 has an allowed context, and one phrase counts even when quoted.
SPECS = (
    *(PhraseSpec(key, text) for key, text in enumerate(FORBIDDEN)),
    PhraseSpec(100, "我不会", allowed_contexts=("我不会让您失望", "我不会再让")),
    PhraseSpec(101, "不关我的事", allowed_contexts=("这种问题不关我的事,请去问生产厂家,我只负责卖货",)),
    PhraseSpec(102, "公司的规定", ignore_quoted=False),
)
KEY = {text: key for key, text in enumerate(FORBIDDEN)}


@pytest.fixture(scope="session")
def matchers() -> dict[str, PhraseMatcher]:
    built = {name: PhraseMatcher.build(SPECS, engine=name) for name in ("reference", "portable")}
    if HAS_HYPERSCAN:
        built["hyperscan"] = PhraseMatcher.build(SPECS, engine="hyperscan")
    return built


@pytest.fixture(params=ENGINES)
def matcher(request: pytest.FixtureRequest, matchers: dict[str, PhraseMatcher]) -> PhraseMatcher:
    return matchers[request.param]
