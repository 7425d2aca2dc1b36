"""read_yaml / read_file: data, positions and every load error at its exact location."""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from playbook.errors import Diagnostic, LoadError, Span
from playbook.source import Limits, read_file, read_yaml

Write = Callable[[str, "str | bytes"], Path]


def load_errors(path: Path, limits: Limits | None = None) -> list[Diagnostic]:
    with pytest.raises(LoadError) as caught:
        read_file(path, limits or Limits())
    return list(caught.value.diagnostics)


def one_error(path: Path, limits: Limits | None = None) -> Diagnostic:
    found = load_errors(path, limits)
    assert len(found) == 1, [d.format() for d in found]
    return found[0]


# -- data and positions --------------------------------------------------------


def test_reads_core_types_and_positions(write: Write, any_parser: str) -> None:
    path = write(
        "p.yaml",
        """
        id: refunds
        cap: 3
        ratio: 0.5
        active: yes
        nothing: ~
        since: 2024-01-31
        taboos:
          - id: t1
            phrases: [退款, "refund"]
        """,
    )
    tree = read_file(path)
    assert tree.data == {
        "id": "refunds",
        "cap": 3,
        "ratio": 0.5,
        "active": True,
        "nothing": None,
        "since": datetime.date(2024, 1, 31),
        "taboos": [{"id": "t1", "phrases": ["退款", "refund"]}],
    }
    f = str(path)
    assert tree.file == f and tree.sources == (f,)
    assert str(tree.span_of(("cap",))) == f"{f}:2:1"
    assert str(tree.span_of(("cap",), prefer="value")) == f"{f}:2:6"
    assert str(tree.span_of(("taboos", 0))) == f"{f}:8:5"
    assert str(tree.span_of(("taboos", 0, "phrases", 1), prefer="value")) == f"{f}:9:19"
    # Columns count characters, not bytes: 退款 spans two columns.
    assert tree.span_of(("taboos", 0, "phrases", 0), prefer="value") == Span(f, 9, 15, 9, 17)


def test_span_of_falls_back_to_nearest_ancestor(write: Write) -> None:
    path = write("p.yaml", "id: x\nescalation:\n  level: 2\n")
    tree = read_file(path)
    f = str(path)
    assert str(tree.span_of(("escalation", "owner"))) == f"{f}:2:1"
    assert str(tree.span_of(("escalation", "owner"), prefer="value")) == f"{f}:3:3"
    assert str(tree.span_of(("nope", 3, "deeper"))) == f"{f}:1:1"
    assert tree.node_span(("escalation", "owner")) is None


def test_merge_keys_keep_positions_of_the_written_values(write: Write, any_parser: str) -> None:
    path = write(
        "p.yaml",
        """
        defaults: &defaults
          cap: 3
          channel: phone
        taboos:
          - <<: *defaults
            id: t1
            cap: 5
          - <<: [*defaults, {extra: 1}]
            id: t2
        """,
    )
    tree = read_file(path)
    assert tree.data["taboos"] == [
        {"cap": 5, "channel": "phone", "id": "t1"},
        {"cap": 3, "channel": "phone", "extra": 1, "id": "t2"},
    ]
    f = str(path)
    assert str(tree.span_of(("taboos", 0, "cap"))) == f"{f}:7:5"  # the override
    assert str(tree.span_of(("taboos", 0, "channel"))) == f"{f}:3:3"  # where the anchor wrote it
    assert str(tree.span_of(("taboos", 1, "extra"))) == f"{f}:8:22"
    # An alias gives a private copy: changing one use does not change the other.
    tree.data["taboos"][0]["channel"] = "mail"
    assert tree.data["taboos"][1]["channel"] == "phone"


def test_alias_positions_point_at_the_alias_and_the_anchor(write: Write) -> None:
    path = write("p.yaml", "base: &b [1, 2]\ncopy: *b\n")
    tree = read_file(path)
    f = str(path)
    assert tree.data == {"base": [1, 2], "copy": [1, 2]}
    assert str(tree.span_of(("copy",), prefer="value")) == f"{f}:2:7"
    assert str(tree.span_of(("copy", 1), prefer="value")) == f"{f}:1:14"


def test_json_is_read_as_yaml_even_indented_with_tabs(write: Write, any_parser: str) -> None:
    path = write("case.json", b'{\n\t"id": "c1",\n\t"amounts": [\n\t\t1,\n\t\t2.5\n\t]\n}\n')
    tree = read_file(path)
    assert tree.data == {"id": "c1", "amounts": [1, 2.5]}
    assert str(tree.span_of(("amounts", 1), prefer="value")) == f"{path}:5:3"


def test_utf8_bom_is_accepted(write: Write) -> None:
    path = write("p.yaml", b"\xef\xbb\xbfid: x\nname: y\n")
    tree = read_file(path)
    assert tree.data == {"id": "x", "name": "y"}
    assert str(tree.span_of(("id",))) == f"{path}:1:1"


def test_text_and_bytes_give_the_same_tree() -> None:
    text = "id: 退款\nlist: [1, 2]\n"
    assert read_yaml(text, "a") == read_yaml(text.encode(), "a")


# -- syntax --------------------------------------------------------------------


def test_syntax_error_has_exact_position_and_problem(write: Write) -> None:
    path = write("p.yaml", "id: p\nname: a: b\n")
    error = one_error(path)
    assert error.code == "yaml-syntax"
    assert str(error.span) == f"{path}:2:8"
    assert "mapping values are not allowed" in error.message
    assert error.hint == "text containing ': ' must be put in quotes"


def test_syntax_error_with_both_parsers(write: Write, any_parser: str) -> None:
    path = write("p.yaml", "id: p\nlist: [1, 2\n")
    error = one_error(path)
    assert error.code == "yaml-syntax"
    assert str(error.span) == f"{path}:3:1"
    assert "while parsing a flow sequence that starts at line 2, column 7" in error.message


def test_tab_indentation_gets_a_hint(write: Write, any_parser: str) -> None:
    path = write("p.yaml", "escalation:\n\tlevel: 2\n")
    error = one_error(path)
    assert (error.code, str(error.span)) == ("yaml-syntax", f"{path}:2:1")
    assert error.hint == "YAML indentation must use spaces, not tabs"


def test_unclosed_quote(write: Write) -> None:
    path = write("p.yaml", 'id: "abc\nname: x\n')
    error = one_error(path)
    assert error.code == "yaml-syntax"
    assert error.message.startswith(
        "found unexpected end of stream (while scanning a quoted scalar that starts at line 1, column 5)"
    )


# -- structure errors -------------------------------------------------------------


def test_duplicate_key_points_at_second_and_names_first_line(write: Write, any_parser: str) -> None:
    path = write(
        "p.yaml",
        """
        id: p
        taboos:
          - id: t1
            cap: 3
            cap: 4
        """,
    )
    error = one_error(path)
    assert error.code == "duplicate-key"
    assert str(error.span) == f"{path}:5:5"
    assert error.message == "duplicate key 'cap': it is already set on line 4"


def test_duplicate_keys_in_json(write: Write) -> None:
    path = write("case.json", '{"id": 1,\n "id": 2}\n')
    error = one_error(path)
    assert (error.code, str(error.span)) == ("duplicate-key", f"{path}:2:2")


def test_python_tag_is_refused_and_never_run(write: Write, tmp_path: Path, any_parser: str) -> None:
    marker = tmp_path / "pwned"
    path = write("p.yaml", f'id: p\nrun: !!python/object/apply:os.system ["touch {marker}"]\n')
    error = one_error(path)
    assert error.code == "yaml-tag"
    assert str(error.span) == f"{path}:2:6"
    assert error.message == "tag '!!python/object/apply:os.system' is not allowed: tags are not allowed in playbooks"
    assert not marker.exists()


@pytest.mark.parametrize(
    "value, shown",
    [
        ("!custom 3", "!custom"),
        ("!!binary aGk=", "!!binary"),
        ("!!set {a, b}", "!!set"),
        ("!!python/name:os.system ''", "!!python/name:os.system"),
    ],
)
def test_other_tags_are_refused(write: Write, value: str, shown: str) -> None:
    path = write("p.yaml", f"x: {value}\n")
    error = one_error(path)
    assert (error.code, str(error.span)) == ("yaml-tag", f"{path}:1:4")
    assert f"'{shown}'" in error.message


def test_standard_scalar_tags_are_fine(write: Write) -> None:
    path = write("p.yaml", "a: !!str 123\nb: !!int '7'\n")
    assert read_file(path).data == {"a": "123", "b": 7}


@pytest.mark.parametrize(
    "key, message",
    [
        ("yes", "mapping key 'yes' is read as true (a yes/no value), but keys must be text"),
        ("1", "mapping key '1' is read as the number 1, but keys must be text"),
        ("null", "mapping key 'null' is read as nothing (null), but keys must be text"),
        ("2024-01-01", "mapping key '2024-01-01' is read as the date 2024-01-01, but keys must be text"),
    ],
)
def test_non_text_keys(write: Write, key: str, message: str) -> None:
    path = write("p.yaml", f"id: p\nlevels:\n  {key}: x\n")
    error = one_error(path)
    assert (error.code, str(error.span), error.message) == ("yaml-key-type", f"{path}:3:3", message)
    assert error.hint == f"put the key in quotes: '{key}':"


def test_collection_as_key(write: Write) -> None:
    path = write("p.yaml", "id: p\n? [a, b]\n: x\n")
    error = one_error(path)
    assert (error.code, str(error.span)) == ("yaml-key-type", f"{path}:2:3")
    assert error.message == "a mapping key must be text, but this key is a list"


@pytest.mark.parametrize(
    "text, message, where",
    [
        ("- a\n- b\n", "the top level must be a mapping of keys such as 'id: ...', but this file holds a list", "1:1"),
        (
            "just text\n",
            "the top level must be a mapping of keys such as 'id: ...', but this file holds text 'just text'",
            "1:1",
        ),
        ("# nothing here\n", "the file is empty; expected a mapping of keys such as 'id: ...'", "1:1"),
        ("", "the file is empty; expected a mapping of keys such as 'id: ...'", "1:1"),
        ("---\n", "the file is empty; expected a mapping of keys such as 'id: ...'", "1:1"),
        ("~\n", "the top level must be a mapping of keys such as 'id: ...', but this file holds nothing (null)", "1:1"),
    ],
)
def test_top_level_must_be_a_mapping(write: Write, text: str, message: str, where: str) -> None:
    path = write("p.yaml", text)
    error = one_error(path)
    assert (error.code, str(error.span), error.message) == ("yaml-not-mapping", f"{path}:{where}", message)


def test_multiple_documents(write: Write, any_parser: str) -> None:
    path = write("p.yaml", "id: a\n---\nid: b\n")
    error = one_error(path)
    assert (error.code, str(error.span)) == ("yaml-multi-doc", f"{path}:2:1")
    assert error.message == "the file holds more than one YAML document; a playbook file holds exactly one"


def test_leading_document_marker_is_fine(write: Write) -> None:
    assert read_file(write("p.yaml", "---\nid: a\n...\n")).data == {"id": "a"}


def test_undefined_alias(write: Write) -> None:
    path = write("p.yaml", "id: p\ncap: *nope\n")
    error = one_error(path)
    assert (error.code, str(error.span)) == ("yaml-syntax", f"{path}:2:6")
    assert error.message == "alias *nope is used but no anchor &nope is defined before it"


def test_merge_of_a_scalar_is_refused(write: Write) -> None:
    path = write("p.yaml", "a:\n  <<: 3\n")
    error = one_error(path)
    assert (error.code, str(error.span)) == ("yaml-merge", f"{path}:2:7")


@pytest.mark.parametrize(
    "value, message",
    [
        ("2024-02-30", "'2024-02-30' is not a valid date or timestamp"),
        ("9" * 5000, "'" + "9" * 37 + "...' is not a valid whole number"),
    ],
)
def test_values_that_look_typed_but_are_invalid(write: Write, value: str, message: str) -> None:
    path = write("p.yaml", f"id: p\nwhen: {value}\n")
    error = one_error(path)
    assert (error.code, str(error.span), error.message) == ("yaml-bad-value", f"{path}:2:7", message)


def test_all_errors_of_a_file_are_reported_in_order(write: Write, any_parser: str) -> None:
    path = write(
        "p.yaml",
        """
        id: p
        x: !weird 1
        no: 2
        id: q
        """,
    )
    found = load_errors(path)
    assert [(d.code, d.span.line if d.span else 0) for d in found] == [
        ("yaml-tag", 2),
        ("yaml-key-type", 3),
        ("duplicate-key", 4),
    ]


# -- encoding -------------------------------------------------------------------


def test_invalid_utf8_points_at_the_byte(write: Write) -> None:
    path = write("p.yaml", "id: p\nname: café\n".encode("latin-1"))
    error = one_error(path)
    assert (error.code, str(error.span)) == ("file-encoding", f"{path}:2:10")
    assert error.message == "the file is not valid UTF-8: byte 0xe9 cannot be decoded as UTF-8"


def test_utf16_is_refused_with_advice(write: Write) -> None:
    path = write("p.yaml", "id: p\n".encode("utf-16"))
    error = one_error(path)
    assert (error.code, error.message) == ("file-encoding", "file is encoded as UTF-16; playbooks must be UTF-8")


def test_control_characters(write: Write) -> None:
    path = write("p.yaml", "id: p\nname: a\x07b\n")
    error = one_error(path)
    assert (error.code, str(error.span)) == ("file-encoding", f"{path}:2:8")
    assert error.message == "control character U+0007 is not allowed in a YAML file"


def test_noncharacters_are_named_as_such(write: Write) -> None:
    path = write("p.yaml", "id: p\nname: a\ufffeb\n")
    error = one_error(path)
    assert (error.code, str(error.span)) == ("file-encoding", f"{path}:2:8")
    assert error.message == "the noncharacter U+FFFE is not allowed in a YAML file"


def test_nul_in_text_is_binary(write: Write) -> None:
    path = write("p.yaml", b"id: p\x00\n")
    error = one_error(path)
    assert (error.code, str(error.span)) == ("file-encoding", f"{path}:1:6")
    assert error.message == "the file looks binary, not text: it contains a NUL character"


# -- files ----------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    error = one_error(tmp_path / "nope.yaml")
    assert (error.code, error.message) == ("file-not-found", f"file not found: {tmp_path / 'nope.yaml'}")


def test_folder_and_special_files_are_refused(tmp_path: Path) -> None:
    error = one_error(tmp_path)
    assert (error.code, error.message) == ("file-unreadable", f"cannot read {tmp_path}: it is a folder")
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # reading it would block forever
    error = one_error(fifo)
    assert (error.code, error.message) == ("file-unreadable", f"cannot read {fifo}: it is a FIFO (named pipe)")


def test_custom_limits(write: Write) -> None:
    path = write("p.yaml", "a: [[[1]]]\n")
    assert one_error(path, Limits(max_depth=3)).code == "yaml-too-deep"
    assert read_file(path, Limits(max_depth=4)).data == {"a": [[[1]]]}
    assert one_error(path, Limits(max_nodes=4)).code == "yaml-too-large"
    assert one_error(path, Limits(max_bytes=5)).code == "file-too-large"


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, prefix + (index,))
    return found


def test_every_path_has_a_position(write: Write) -> None:
    path = write("p.yaml", "a: {b: [1, {c: d}], e: []}\nf: [[], {}]\n")
    tree = read_file(path)
    for doc_path in _paths(tree.data):
        assert tree.node_span(doc_path) is not None, doc_path
