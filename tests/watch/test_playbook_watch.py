"""A watch built from a loaded playbook: the standard patterns, end to end."""

from __future__ import annotations

from playbook.api import Playbook


def test_standard_playbook_watch_stops_sale_after_three_returns() -> None:
    with Playbook.standard("zh").watch(backend="python") as watch:
        alerts = []
        for n, day in enumerate(("2026-03-01", "2026-03-09", "2026-03-20"), start=1):
            alerts += watch.observe({"id": f"r{n}", "kind": "returned", "at": f"{day}T10:00:00+08:00",
                                     "product": "SKU-9", "case_id": f"c{n}"})
        [alert] = alerts
        assert alert.pattern == "product-returns" and alert.key == "SKU-9"
        assert list(alert.events) == ["r1", "r2", "r3"] and "停止销售 SKU-9" in alert.action


def test_two_watches_from_one_playbook_are_independent() -> None:
    playbook = Playbook.standard("en")
    with playbook.watch(backend="python") as first, playbook.watch(backend="python") as second:
        for n in range(3):
            first.observe({"id": f"r{n}", "kind": "returned", "at": f"2026-03-0{n + 1}T10:00:00Z", "product": "A"})
        assert second.observe({"id": "x", "kind": "returned", "at": "2026-03-04T10:00:00Z", "product": "A"}) == []
