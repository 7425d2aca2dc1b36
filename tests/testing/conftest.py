"""A folder with the small test playbook, and a fixture writing test files beside it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml"

HEADER = """\
playbook: ../mini.yaml
defaults:
  received_at: 2026-03-02T10:00:00+08:00
  evaluated_at: 2026-03-02T10:30:00+08:00
  fault: company
  customer: {tier: B, order_amount: 40}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(MINI, tmp_path / "mini.yaml")
    (tmp_path / "tests").mkdir()
    return tmp_path


@pytest.fixture
def write_tests(project: Path) -> Callable[..., Path]:
    """Write ``tests/<name>`` with the shared header (unless ``header=False``) and ``body``."""

    def write(body: str, name: str = "mini.test.yaml", header: bool = True) -> Path:
        path = project / "tests" / name
        path.write_text((HEADER if header else "") + body, encoding="utf-8")
        return path

    return write
