"""Hypothesis drives the fuzz targets with a fixed example budget: 0 non-library exceptions.

Run longer with ``PLAYBOOK_FUZZ_EXAMPLES=20000 python -m pytest tests/hostile/test_fuzz.py``,
or coverage-guided with atheris: ``python -m tests.hostile.fuzz loader -max_total_time=600``
(see that module).
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from . import fuzz_targets

EXAMPLES = int(os.environ.get("PLAYBOOK_FUZZ_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

YAML_SYMBOLS = st.sampled_from(list(":-[]{}&*!|>'\"#%@`,?~<=\n\t \\") + [
    "!!int ", "!!timestamp ", "!!float ", "!!binary ", "!!python/object ", "<<: ", "*a", "&a ", "---\n", "...\n",
    "extends: ", "taboos:", "phrase_sets:", "id: ", "number: ", "checks:", "kind: phrases", "1e999", "9999-12-31",
    "\ufeff", "\ufdd0", "\u200b", "\ud7ff", "é", "退款", "0x", "0o7", ".inf", "null", "yes",
])
YAML_TEXT = st.lists(st.one_of(YAML_SYMBOLS, st.text(max_size=8)), max_size=60).map("".join)

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
    st.sampled_from(["1e30", "1E+999999999", "10" * 40, "-1", "NaN", "Infinity", "9999-12-31T23:59:59-12:00",
                     "0001-01-01T00:00:00+14:00", "", "A", "company", "refund", "standard:en"]),
)
JSONISH = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=5)), max_leaves=30)


@SETTINGS
@given(YAML_TEXT, st.sampled_from(fuzz_targets.YAML_NAMES))
def test_the_yaml_loader_answers_any_text_with_a_result_or_a_located_error(text: str, name: str) -> None:
    fuzz_targets.yaml_loader(text.encode("utf-8", "surrogatepass"), name)


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from(fuzz_targets.YAML_NAMES))
def test_the_yaml_loader_answers_any_bytes(data: bytes, name: str) -> None:
    fuzz_targets.yaml_loader(data, name)


@SETTINGS
@given(JSONISH)
def test_the_yaml_loader_reads_any_dumped_structure(value: Any) -> None:
    fuzz_targets.yaml_loader(yaml.safe_dump({"playbook": value, "taboos": value}, allow_unicode=True).encode())


@SETTINGS
@given(st.one_of(YAML_TEXT.map(str.encode), st.binary(max_size=400),
                 JSONISH.map(lambda v: json.dumps(v).encode())), st.sampled_from(fuzz_targets.CASE_NAMES))
def test_the_case_parser_answers_any_input(data: bytes, name: str) -> None:
    fuzz_targets.case_parser(data, name)


MOMENTS = st.one_of(
    st.datetimes(timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=-12)),
                                           timezone(timedelta(hours=14))])).map(datetime.isoformat),
    SCALARS,
)
AMOUNTS = st.one_of(st.decimals(allow_nan=True, allow_infinity=True).map(str), st.integers(), st.floats(), SCALARS)
TEXT = st.one_of(st.text(max_size=200), st.sampled_from(["这是公司的规定", "没办法", "It's not my problem", "我们明天处理",
                                                            "\u200b".join("退款"), "a" + "\u0301" * 50]))
MESSAGES = st.lists(st.fixed_dictionaries({"role": st.sampled_from(["agent", "customer", "system"]), "text": TEXT},
                                          optional={"at": MOMENTS}), max_size=8)
CASES = st.fixed_dictionaries(
    {"id": st.one_of(st.text(min_size=1, max_size=10), SCALARS)},
    optional={
        "fault": st.one_of(st.sampled_from(["company", "customer", "third_party", "unknown"]), SCALARS),
        "category": SCALARS,
        "customer": st.fixed_dictionaries({}, optional={"tier": st.one_of(st.sampled_from(["A", "B", "C", "VIP"]),
                                                                            SCALARS),
                                                        "order_amount": AMOUNTS}),
        "channel": st.one_of(st.sampled_from(["phone", "email", "regulator"]), SCALARS),
        "reaction": SCALARS,
        "received_at": MOMENTS, "first_response_at": MOMENTS, "resolved_at": MOMENTS, "evaluated_at": MOMENTS,
        "transcript": MESSAGES,
        "proposal": st.fixed_dictionaries({}, optional={"remedy": SCALARS, "amount": AMOUNTS,
                                                        "promised_by": MOMENTS}),
        "delivery": st.fixed_dictionaries({}, optional={"promised_by": MOMENTS, "delivered_at": MOMENTS}),
        "harm": st.fixed_dictionaries({}, optional={"economic": AMOUNTS, "physical": SCALARS}),
        "previous_complaints": st.one_of(st.integers(), SCALARS),
        "facts": st.dictionaries(st.text(max_size=8), SCALARS, max_size=3),
        "record": st.dictionaries(st.text(max_size=8), SCALARS, max_size=3),
    },
)


@SETTINGS
@given(CASES, st.sampled_from(["zh", "en"]))
def test_evaluate_answers_any_case_with_a_decision_or_a_case_error(case: dict[str, Any], language: str) -> None:
    fuzz_targets.evaluate(case, language)


@SETTINGS
@given(CASES)
def test_parsing_then_evaluating_any_case_text_ends_in_a_decision_or_a_located_error(case: dict[str, Any]) -> None:
    fuzz_targets.parse_and_evaluate(json.dumps(case, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n")
