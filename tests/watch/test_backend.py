"""Choosing a backend, and living without durable-rules."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from playbook.watch import BackendUnavailableError, Watch, resolve_backend
from playbook.watch import backend as backend_module
from playbook.watch.backend import RETE_MAX_THRESHOLD
from tests.watch.builders import RETE_REASON, count_pattern, needs_rete, section


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60, check=False)


def test_python_backend_never_imports_durable():
    result = run_python("""
        import sys
        from playbook.watch import Watch
        w = Watch({"patterns": [{"id": "r", "kind": "count", "event": "returned", "key": "product",
                                 "window": "30d", "threshold": 2, "action": "x"}]}, backend="python")
        w.observe({"id": "e", "kind": "returned", "at": "2024-01-01T00:00:00Z", "product": "A"})
        import playbook.cli.watch_cmd
        print(sorted(m for m in sys.modules if m.startswith("durable")))
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_without_durable_auto_falls_back_and_rete_explains():
    """What Python 3.13 looks like: durable-rules cannot be imported."""
    result = run_python("""
        import sys
        sys.modules["durable"] = None  # any import of it now raises ImportError
        from playbook.watch import Watch, BackendUnavailableError
        sec = {"patterns": []}
        print(Watch(sec).backend)
        try:
            Watch(sec, backend="rete")
        except BackendUnavailableError as exc:
            print(exc)
    """)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "python"
    assert "the 'rete' watch backend needs durable-rules, which cannot be loaded here" in result.stdout
    assert "use backend 'python'" in result.stdout


def test_resolve_backend(monkeypatch):
    assert resolve_backend("python") == "python"
    monkeypatch.setattr(backend_module, "rete_unavailable_reason", lambda: "ImportError: undefined symbol: PyEval_CallObject")
    assert resolve_backend("auto") == "python"
    with pytest.raises(BackendUnavailableError, match="PyEval_CallObject") as info:
        resolve_backend("rete")
    assert "python" in info.value.diagnostics[0].hint


def test_unknown_backend():
    with pytest.raises(BackendUnavailableError, match="unknown watch backend 'drools'"):
        resolve_backend("drools")


def test_section_chooses_backend_and_caller_overrides():
    sec = section(count_pattern(), backend="python")
    with Watch(sec) as watch:
        assert watch.backend == "python"
    if RETE_REASON is None:
        with Watch(sec, backend="rete") as watch:
            assert watch.backend == "rete"


@needs_rete
def test_auto_prefers_rete_where_it_loads():
    with Watch(section(count_pattern())) as watch:
        assert watch.backend == "rete"


@needs_rete
def test_rete_watch_dropped_without_close_releases_its_engine_thread():
    import gc
    import threading

    before = {t.name for t in threading.enumerate()}
    for _ in range(5):
        Watch(section(count_pattern()), backend="rete").observe(
            {"id": "e", "kind": "returned", "at": "2024-01-01T00:00:00Z", "product": "A"})
    gc.collect()
    for thread in threading.enumerate():
        if thread.name.startswith("playbook-watch-rete") and thread.name not in before:
            thread.join(timeout=5)
    leftover = [t.name for t in threading.enumerate() if t.name.startswith("playbook-watch-rete") and t.name not in before]
    assert leftover == []


def test_a_count_beyond_what_durable_rules_survives_runs_on_python_under_auto():
    sec = section(count_pattern(threshold=RETE_MAX_THRESHOLD + 1))
    with Watch(sec) as watch:
        assert watch.backend == "python"
    with Watch(section(count_pattern(threshold=RETE_MAX_THRESHOLD))) as watch:
        assert watch.backend == ("rete" if RETE_REASON is None else "python")


def test_rete_asked_for_a_count_of_5_is_refused_at_the_pattern_threshold():
    with pytest.raises(BackendUnavailableError) as caught:
        Watch(section(count_pattern(threshold=RETE_MAX_THRESHOLD + 1)), backend="rete")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "watch-backend-unsupported"
    assert diagnostic.path == ("watch", "patterns", 0, "threshold")
    assert "python" in (diagnostic.hint or "")
