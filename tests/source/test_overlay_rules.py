"""The overlay rules the README documents, one test each: on small documents to see the
rule, and on an overlay of the real standard playbook to see it reach the decisions."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from playbook import Playbook
from playbook.errors import LoadError
from playbook.source import load_tree
from playbook.standard import resolve_reference

Write = Callable[[str, "str | bytes"], Path]

BASE = """
phrase_sets:
  - id: blame
    kind: forbidden
    phrases:
      - not my job
      - {id: policy, text: that is the policy}
compensation:
  limits:
    - {fault: company, tier: [A, B], cap: {amount: 500}, remedies: [refund]}
    - {fault: customer, tier: A, cap: {amount: 50}, remedies: [apology]}
"""


def limits(tree_data: dict[str, Any]) -> list[tuple[Any, Any, Any]]:
    return [(row["fault"], row["tier"], row["cap"]) for row in tree_data["compensation"]["limits"]]


def test_phrases_are_appended_once(write: Write) -> None:
    write("base.yaml", BASE)
    tree = load_tree(write("o.yaml", "extends: base.yaml\nphrase_sets:\n  - id: blame\n    phrases: [not my job, ask them]\n"))
    assert tree.data["phrase_sets"][0]["phrases"] == ["not my job", {"id": "policy", "text": "that is the policy"}, "ask them"]
    assert tree.data["phrase_sets"][0]["kind"] == "forbidden"


def test_a_reused_phrase_id_replaces_and_remove_deletes(write: Write) -> None:
    write("base.yaml", BASE)
    tree = load_tree(write("o.yaml", "extends: base.yaml\nphrase_sets:\n  - id: blame\n    phrases:\n"
                                     "      - {id: policy, text: rules are rules}\n"))
    assert tree.data["phrase_sets"][0]["phrases"] == ["not my job", {"id": "policy", "text": "rules are rules"}]
    tree = load_tree(write("p.yaml", "extends: base.yaml\nphrase_sets:\n  - id: blame\n    phrases:\n"
                                     "      - {id: policy, remove: true}\n"))
    assert tree.data["phrase_sets"][0]["phrases"] == ["not my job"]


def test_one_cell_of_a_block_row_is_patched(write: Write) -> None:
    base = write("base.yaml", BASE)
    overlay = write("o.yaml", "extends: base.yaml\ncompensation:\n  limits:\n"
                              "    - {fault: company, tier: B, cap: {amount: 300}}\n")
    tree = load_tree(overlay)
    assert limits(tree.data) == [
        ("company", "A", {"amount": 500}),
        ("company", "B", {"amount": 300}),
        ("customer", "A", {"amount": 50}),
    ]
    assert tree.data["compensation"]["limits"][1]["remedies"] == ["refund"]  # the rest of the row is kept
    assert str(tree.span_of(("compensation", "limits", 1, "cap", "amount"))).startswith(f"{overlay}:4:")
    assert str(tree.span_of(("compensation", "limits", 0, "cap", "amount"))).startswith(f"{base}:")


def test_a_new_cell_is_appended_and_a_cell_removed(write: Write) -> None:
    write("base.yaml", BASE)
    tree = load_tree(write("o.yaml", "extends: base.yaml\ncompensation:\n  limits:\n"
                                     "    - {fault: customer, tier: B, cap: {amount: 20}, remedies: [apology]}\n"
                                     "    - {fault: company, tier: A, remove: true}\n"))
    assert limits(tree.data) == [
        ("company", "B", {"amount": 500}),
        ("customer", "A", {"amount": 50}),
        ("customer", "B", {"amount": 20}),
    ]


def test_removing_a_cell_the_base_lacks_is_located(write: Write) -> None:
    write("base.yaml", BASE)
    path = write("o.yaml", "extends: base.yaml\ncompensation:\n  limits:\n    - {fault: shipper, tier: A, remove: true}\n")
    with pytest.raises(LoadError) as caught:
        load_tree(path)
    [error] = caught.value.diagnostics
    assert error.code == "extends-unknown-id"
    assert "fault 'shipper' × tier 'A'" in error.message
    assert str(error.span).startswith(f"{path}:4:")


def test_conditions_are_replaced_whole(write: Write) -> None:
    write("base.yaml", "triggers:\n  - id: t\n    when: {any: [{fact: a, eq: 1}, {fact: b, eq: 2}]}\n")
    tree = load_tree(write("o.yaml", "extends: base.yaml\ntriggers:\n  - id: t\n    when: {fact: c, eq: 3}\n"))
    assert tree.data["triggers"] == [{"id": "t", "when": {"fact": "c", "eq": 3}}]


# -- on the real standard playbook -----------------------------------------------------------


def standard_limit(playbook: Playbook, fault: str, tier: str) -> Any:
    for row in playbook.source.compensation.limits if playbook.source.compensation else []:
        faults = row.fault if isinstance(row.fault, list) else [row.fault]
        tiers = row.tier if isinstance(row.tier, list) else [row.tier]
        if fault in faults and tier in tiers:
            return row
    return None


def test_an_overlay_patches_one_cell_of_the_standard_table(write: Write) -> None:
    base = Playbook.load(resolve_reference("standard:zh"))
    before = standard_limit(base, "company", "C")
    assert before is not None
    path = write("shop.yaml", "extends: standard:zh\ncompensation:\n  limits:\n"
                              "    - {fault: company, tier: C, cap: {amount: 123}}\n")
    shop = Playbook.load(path)
    after = standard_limit(shop, "company", "C")
    assert after.cap.amount == Decimal("123")
    assert after.remedies == before.remedies and after.approver == before.approver
    # every other cell is untouched
    for row in base.source.compensation.limits if base.source.compensation else []:
        for fault in row.fault if isinstance(row.fault, list) else [row.fault]:
            for tier in row.tier if isinstance(row.tier, list) else [row.tier]:
                if (fault, tier) != ("company", "C"):
                    assert standard_limit(shop, fault, tier).cap == row.cap
    decision = shop.evaluate({"id": "c1", "fault": "company", "customer": {"tier": "C", "order_amount": "100"},
                              "received_at": "2026-03-02T10:00:00+08:00", "transcript": []})
    assert decision.compensation is not None and decision.compensation.cap == Decimal("123.00")


def test_an_overlay_adds_a_forbidden_phrase_to_a_standard_set(write: Write) -> None:
    path = write("shop.yaml", "extends: standard:zh\nphrase_sets:\n  - id: forbidden.blame_shifting\n"
                              "    phrases: [这归仓库管]\n")
    shop = Playbook.load(path)
    base = Playbook.load(resolve_reference("standard:zh"))
    [merged] = [s for s in shop.source.phrase_sets if s.id == "forbidden.blame_shifting"]
    [original] = [s for s in base.source.phrase_sets if s.id == "forbidden.blame_shifting"]
    assert merged.phrases[: len(original.phrases)] == original.phrases
    assert merged.phrases[-1] == "这归仓库管"
    decision = shop.evaluate({"id": "c2", "transcript": [{"role": "customer", "text": "东西坏了"},
                                                         {"role": "agent", "text": "这归仓库管，你找他们。"}]})
    assert "blame_shifting" in {v.taboo for v in decision.violations}


def test_the_readme_overlay_example_loads_and_does_what_it_says(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Overlays"):]
    example = section[section.index("```yaml") + len("```yaml"):section.index("```\n", section.index("```yaml") + 7)]
    path = tmp_path / "shop.yaml"
    path.write_text(example, encoding="utf-8")
    shop = Playbook.load(path)
    taboos = [t.id for t in shop.source.taboos]
    assert "shop_rudeness" in taboos and "formulaic_handling" in taboos
    assert "repeat_complaint" not in [t.id for t in shop.source.escalation.triggers]
    [blame] = [s for s in shop.source.phrase_sets if s.id == "forbidden.blame_shifting"]
    ids = [p.id for p in blame.phrases if not isinstance(p, str)]
    assert "nothing_to_do_with_us_2" not in ids
    assert [p.text for p in blame.phrases if not isinstance(p, str) and p.id == "not_my_business"] == ["这事不归我管"]
    assert standard_limit(shop, "customer", "A") is None
    assert standard_limit(shop, "company", "C").cap.amount == Decimal("800")
    assert shop.source.playbook.language == "zh"
