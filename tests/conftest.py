"""Shared fixtures: the test playbook and the standard playbooks, compiled once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from playbook.api import Playbook

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def mini() -> Playbook:
    return Playbook.load(FIXTURES / "mini.yaml")


@pytest.fixture(scope="session")
def standard_zh() -> Playbook:
    return Playbook.standard("zh")


@pytest.fixture(scope="session")
def standard_en() -> Playbook:
    return Playbook.standard("en")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` (real samples read in place). A checkout without it skips the tests that
    read it, except under CI, where a missing folder fails them instead of skipping silently."""
    if not SHARED_DATA.is_dir():
        reason = f"the shared data folder is not beside this checkout ({SHARED_DATA})"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: required under CI")
        pytest.skip(reason)
    return SHARED_DATA
