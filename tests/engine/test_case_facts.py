"""Facts the engine reads from the case itself, seen through a playbook condition."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook.api import Playbook

OVERLAY = """\
extends: standard:en
playbook: {id: shop, version: "1"}
actions:
  - id: many_customer_messages
    stage: calm
    title: The customer has written at least twice
    when: {fact: transcript.customer_messages, ge: 2}
"""


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Playbook:
    path: Path = tmp_path_factory.mktemp("overlay") / "shop.yaml"
    path.write_text(OVERLAY, encoding="utf-8")
    return Playbook.load(path)


def _case(*roles: str) -> dict[str, object]:
    transcript = [
        {"role": role, "text": f"message {i}", "at": f"2026-03-02T10:{i:02d}:00+00:00"}
        for i, role in enumerate(roles)
    ]
    return {"id": "c1", "received_at": "2026-03-02T10:00:00+00:00", "fault": "company",
            "customer": {"tier": "B", "order_amount": "40"}, "transcript": transcript}


def _fired(shop: Playbook, *roles: str) -> bool:
    decision = shop.evaluate(_case(*roles))
    return any(a.id == "many_customer_messages" for a in decision.actions)


def test_system_messages_are_not_customer_messages(shop: Playbook) -> None:
    assert not _fired(shop, "customer", "system", "system", "agent")


def test_two_customer_messages_count(shop: Playbook) -> None:
    assert _fired(shop, "customer", "system", "agent", "customer")


def test_agent_messages_are_not_customer_messages(shop: Playbook) -> None:
    assert not _fired(shop, "customer", "agent", "agent", "agent")
