"""Property: whatever yaml.safe_dump writes, read_yaml reads back identically, with positions."""

from __future__ import annotations

import json
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook.source import read_yaml

# The parser fixture patches the module for the whole test, the same for every example.
PER_TEST_FIXTURE = [HealthCheck.function_scoped_fixture]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.dates()
)
keys = st.text(max_size=20)
documents = st.dictionaries(
    keys,
    st.recursive(
        scalars, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(keys, inner, max_size=5), max_leaves=30
    ),
    max_size=8,
)


def all_paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += all_paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += all_paths(item, prefix + (index,))
    return found


def check(data: dict[str, Any], text: str) -> None:
    tree = read_yaml(text, "doc.yaml")
    assert tree.data == data
    for path in all_paths(data):
        spans = tree.node_span(path)
        assert spans is not None, path
        assert spans.value.file == "doc.yaml"
        if path and isinstance(path[-1], str):
            assert spans.key is not None, path
            assert (spans.key.line, spans.key.column) <= (spans.value.line, spans.value.column)


@settings(max_examples=100, deadline=None, suppress_health_check=PER_TEST_FIXTURE)
@given(documents, st.booleans(), st.booleans())
def test_safe_dump_round_trips(any_parser: str, data: dict[str, Any], flow: bool, unicode: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=unicode)
    if unicode and yaml.safe_load(text) != data:
        # PyYAML writes raw U+0085/U+2028/U+2029 with allow_unicode and then reads them as
        # line breaks; read_yaml must still agree with PyYAML's own reading.
        data = yaml.safe_load(text)
    check(data, text)


# Characters JSON may hold raw but YAML forbids or reads as line breaks (see yaml_reader).
json_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x7f\x85\u2028\u2029\ufffe\uffff"),
    max_size=20,
).filter(lambda text: not any(0x80 <= ord(char) <= 0x9F for char in text))
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | json_text,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(json_text, inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=100, deadline=None, suppress_health_check=PER_TEST_FIXTURE)
@given(st.dictionaries(json_text, json_values, max_size=6), st.sampled_from([None, 2, "\t"]), st.booleans())
def test_json_round_trips(any_parser: str, data: dict[str, Any], indent: int | str | None, ascii_only: bool) -> None:
    text = json.dumps(data, indent=indent, ensure_ascii=ascii_only)
    tree = read_yaml(text, "doc.json")
    assert tree.data == data
    for path in all_paths(data):
        assert tree.node_span(path) is not None, path
