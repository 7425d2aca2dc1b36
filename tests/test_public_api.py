"""The package's top-level names: imported on first use, then ordinary attributes that
introspection and documentation tools see."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = """
import sys, playbook
assert "playbook.api" not in sys.modules, "import playbook imported the engine"
assert "Playbook" in dir(playbook) and "Playbook" not in vars(playbook)
from playbook import *
assert {"Playbook", "load", "Case", "Decision"} <= set(vars(playbook))
from playbook.api import Playbook
assert playbook.Playbook is Playbook
print("ok")
"""


def test_lazy_names_are_bound_on_first_use() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], env=dict(os.environ), capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_an_unknown_name_is_an_attribute_error() -> None:
    import playbook

    with pytest.raises(AttributeError, match="no attribute 'Playbok'"):
        playbook.Playbok  # noqa: B018
