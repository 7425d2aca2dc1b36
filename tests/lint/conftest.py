"""Fixtures of the lint tests: a fresh copy of the standard playbooks per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from .copies import PlaybookCopy


@pytest.fixture
def zh_copy(tmp_path: Path) -> PlaybookCopy:
    return PlaybookCopy(tmp_path, "zh")


@pytest.fixture
def en_copy(tmp_path: Path) -> PlaybookCopy:
    return PlaybookCopy(tmp_path, "en")
