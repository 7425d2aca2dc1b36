"""Hostile input must fail fast with a clean LoadError: never a traceback, hang or blow-up."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from playbook.errors import LoadError
from playbook.source import Limits, read_file, read_yaml

FAST = 5.0  # seconds; generous for loaded CI machines, far below what a blow-up would take


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def timed_error(call: Callable[[], object]) -> tuple[LoadError, float]:
    start = time.perf_counter()
    with pytest.raises(LoadError) as caught:
        call()
    return caught.value, time.perf_counter() - start


def test_alias_bomb_is_stopped_quickly(tmp_path: Path, any_parser: str) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(billion_laughs())
    error, took = timed_error(lambda: read_file(path))
    assert took < FAST
    [diagnostic] = error.diagnostics
    assert diagnostic.code == "yaml-too-large"
    assert diagnostic.message.startswith("the document has more than 100000 values once aliases (*name) are expanded")
    assert diagnostic.span is not None and diagnostic.span.file == str(path)


def test_wide_alias_bomb_in_one_mapping(any_parser: str) -> None:
    # Few levels but very wide: the cap counts expanded nodes, not alias uses.
    text = "a: &a [" + ", ".join(["x"] * 1000) + "]\nb: [" + ", ".join(["*a"] * 1000) + "]\n"
    error, took = timed_error(lambda: read_yaml(text, "w.yaml"))
    assert took < FAST
    assert [d.code for d in error.diagnostics] == ["yaml-too-large"]


def test_recursive_alias(any_parser: str) -> None:
    error, _ = timed_error(lambda: read_yaml("a: &x [1, *x]\n", "r.yaml"))
    [diagnostic] = error.diagnostics
    assert (diagnostic.code, str(diagnostic.span)) == ("yaml-too-large", "r.yaml:1:11")
    assert "used inside the value of its own anchor &x" in diagnostic.message


def test_deep_nesting_is_refused_before_it_costs(any_parser: str) -> None:
    text = "a: " + "[" * 200_000 + "]" * 200_000 + "\n"
    error, took = timed_error(lambda: read_yaml(text, "deep.yaml"))
    assert took < FAST
    [diagnostic] = error.diagnostics
    assert (diagnostic.code, str(diagnostic.span)) == ("yaml-too-deep", "deep.yaml:1:67")
    assert diagnostic.message == "values are nested more than 64 levels deep"


def test_deep_block_nesting(any_parser: str) -> None:
    text = "".join("  " * level + f"k{level}:\n" for level in range(100))
    error, _ = timed_error(lambda: read_yaml(text, "deep.yaml"))
    assert [d.code for d in error.diagnostics] == ["yaml-too-deep"]


def test_aliases_count_towards_depth(any_parser: str) -> None:
    inner = "[" * 40 + "1" + "]" * 40
    text = f"a: &a {inner}\nb: [[[[[[[[[[[[[[[[[[[[[[[[[[[[*a]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"
    error, _ = timed_error(lambda: read_yaml(text, "deep.yaml"))
    assert [d.code for d in error.diagnostics] == ["yaml-too-deep"]


def test_fifty_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB of NULs
    error, took = timed_error(lambda: read_file(path))
    assert took < FAST
    [diagnostic] = error.diagnostics
    assert (diagnostic.code, str(diagnostic.span)) == ("file-too-large", f"{path}:1:1")
    assert diagnostic.message == ("file is 50.0 MiB (52428800 bytes), larger than the limit of 5.0 MiB (5242880 bytes)")


def test_fifty_megabytes_of_text_in_memory() -> None:
    text = "a: b\n" * (10 * 1024 * 1024)
    error, took = timed_error(lambda: read_yaml(text, "big.yaml"))
    assert took < FAST
    assert [d.code for d in error.diagnostics] == ["file-too-large"]
    error, took = timed_error(lambda: read_yaml(text.encode(), "big.yaml"))
    assert took < FAST
    assert [d.code for d in error.diagnostics] == ["file-too-large"]


def test_many_plain_values_stop_at_the_node_cap(any_parser: str) -> None:
    # 1.2 MB, 400k values: reading stops at the cap instead of composing all of them.
    text = "a: [" + ", ".join(["1"] * 400_000) + "]\n"
    error, took = timed_error(lambda: read_yaml(text, "many.yaml", Limits(max_nodes=10_000)))
    assert took < FAST
    [diagnostic] = error.diagnostics
    assert (diagnostic.code, str(diagnostic.span)) == (
        "yaml-too-large",
        "many.yaml:1:29996",
    )  # value 10001 of the document


@pytest.mark.parametrize("seed", range(20))
def test_binary_garbage_gives_a_clean_error(seed: int, any_parser: str) -> None:
    garbage = random.Random(seed).randbytes(4096)
    error, took = timed_error(lambda: read_yaml(garbage, "junk.bin"))
    assert took < FAST
    assert error.diagnostics and all(d.code == "file-encoding" for d in error.diagnostics)


def test_real_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2048))
    error, _ = timed_error(lambda: read_file(path))
    [diagnostic] = error.diagnostics
    assert diagnostic.code == "file-encoding"
    assert str(diagnostic.span) == f"{path}:1:1"


@pytest.mark.parametrize("seed", range(30))
def test_random_printable_noise_never_crashes(seed: int, any_parser: str) -> None:
    rng = random.Random(seed)
    alphabet = "ab:-[]{}&*!|>'\"#%@`,? \n\t0123456789.~<=退"
    text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 400)))
    try:
        tree = read_yaml(text, "noise.yaml", Limits(max_nodes=10_000))
    except LoadError as error:
        assert error.diagnostics
        assert all(d.span is not None for d in error.diagnostics)
    else:
        assert isinstance(tree.data, dict)
