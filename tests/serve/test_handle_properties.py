"""PlaybookHandle over any sequence of rewrites: it serves the last good version, always whole.

Hypothesis draws sequences of edits — a good new version, the same text again, a file that
does not load, a version failing the playbook's own test — and after each reload checks the
invariants a service relies on.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook.handle import PlaybookHandle

from .test_reload_under_load import OWN_TEST, failing_its_test, good, not_loading

KINDS = ("good", "same", "not-loading", "failing-its-test")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(KINDS), min_size=1, max_size=6))
def test_the_handle_serves_the_last_good_version_and_refuses_the_rest(edits: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pb.yaml"
        path.write_text(good(0), encoding="utf-8")
        (Path(folder) / "pb.test.yaml").write_text(OWN_TEST, encoding="utf-8")
        handle = PlaybookHandle(path)
        last_good, served_text = handle.current, good(0)
        for step, kind in enumerate(edits, start=1):
            text = {"good": good(step), "same": served_text, "not-loading": not_loading(step),
                    "failing-its-test": failing_its_test(step)}[kind]
            path.write_text(text, encoding="utf-8")
            before = handle.current
            result = handle.reload()
            if kind in ("good", "same"):
                assert result.accepted
                assert all(d.severity.value != "error" for d in result.diagnostics)
                changed = text != served_text
                assert result.reason == ("loaded" if changed else "unchanged")
                assert handle.current.generation == before.generation + (1 if changed else 0)
                if changed:
                    assert handle.current.version == f"v{step}"
                else:
                    assert handle.current is before
                last_good, served_text = handle.current, text
            else:
                assert not result.accepted
                assert result.reason == ("load-failed" if kind == "not-loading" else "tests-failed")
                assert result.diagnostics and all(d.format() for d in result.diagnostics)
                assert handle.current is before  # the old version, untouched
            assert handle.current is last_good
            assert result.current is handle.current
        assert handle.stats.refused == sum(kind in ("not-loading", "failing-its-test") for kind in edits)
