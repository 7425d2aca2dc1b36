"""Fixtures for the watch tests: every behaviour test runs against both backends.

The rete backend is skipped, with the reason, where durable-rules cannot load (on
Python 3.13 its compiled module fails with an undefined symbol).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from playbook.watch import Watch
from tests.watch.builders import BACKEND_PARAMS


@pytest.fixture(params=BACKEND_PARAMS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def make_watch(backend: str) -> Iterator[Callable[..., Watch]]:
    """Build watches on the current backend; all are closed after the test."""
    made: list[Watch] = []

    def make(sec: dict[str, Any], **kwargs: Any) -> Watch:
        kwargs.setdefault("backend", backend)
        watch = Watch(sec, **kwargs)
        made.append(watch)
        return watch

    yield make
    for watch in made:
        watch.close()
