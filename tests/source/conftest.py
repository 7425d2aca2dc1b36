"""Shared fixtures for the source tests: writing files and running both YAML parsers."""

from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from playbook.source import yaml_reader

PARSERS = {"libyaml": getattr(yaml, "CSafeLoader", None), "python": yaml.SafeLoader}


@contextlib.contextmanager
def parser(name: str) -> Iterator[None]:
    """Read YAML with the named parser: libyaml (the default when built) or pure Python."""
    loader = PARSERS[name]
    if loader is None:
        pytest.skip("PyYAML was built without libyaml")
    saved = yaml_reader._Loader
    yaml_reader._Loader = loader
    try:
        yield
    finally:
        yaml_reader._Loader = saved


@pytest.fixture(params=sorted(PARSERS))
def any_parser(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run the test once per YAML parser PyYAML may use."""
    with parser(request.param):
        yield request.param


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write dedented text (or bytes) to a file under tmp_path and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            # A leading newline only lets tests start the text on its own line.
            text = textwrap.dedent(content.removeprefix("\n"))
            path.write_text(text, encoding="utf-8")
        return path

    return _write
