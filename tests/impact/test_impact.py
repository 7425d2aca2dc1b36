"""``diff``: which cases of a corpus change decision between two versions of a playbook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook.api import Playbook
from playbook.case import Case
from playbook.cli.main import cli
from playbook.impact import impact

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml"
OLD_ROW = "cap: {amount: 200, order_multiple: 3}"
NEW_ROW = "cap: {amount: 100, order_multiple: 3}"


def case(ident: str, fault: str, tier: str, order: int, offer: int | None = None) -> dict:
    data = {"id": ident, "received_at": "2026-03-02T10:00:00+08:00", "fault": fault,
            "customer": {"tier": tier, "order_amount": str(order)},
            "transcript": [{"role": "agent", "text": "抱歉，我们马上处理", "at": "2026-03-02T10:05:00+08:00"}]}
    if offer is not None:
        data["proposal"] = {"remedy": "refund", "amount": str(offer), "promised_by": "2026-03-03T10:00:00+08:00"}
    return data


CORPUS = [
    case("b-big-order", "company", "B", 100),          # cap 200 → 100
    case("c-offer-150", "company", "C", 100, 150),     # cap 200 → 100 and the offer is now over it
    case("b-small-order", "company", "B", 20),         # cap 60 both times (3 × 20)
    case("a-vip", "company", "A", 100),                # another row
    case("b-customer", "customer", "B", 100),          # another row
    case("no-tier", "company", "D", 100),              # unknown tier → lowest tier C: cap 200 → 100
]


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("versions")
    text = MINI.read_text(encoding="utf-8")
    assert text.count(OLD_ROW) == 1
    old, new = folder / "old.yaml", folder / "new.yaml"
    old.write_text(text, encoding="utf-8")
    new.write_text(text.replace(OLD_ROW, NEW_ROW), encoding="utf-8")
    return old, new


def test_one_cap_changed_reports_exactly_the_cases_it_touches(versions: tuple[Path, Path]) -> None:
    old, new = (Playbook.load(v) for v in versions)
    result = impact(old, new, [Case.model_validate(c) for c in CORPUS])
    assert result.cases == 6
    assert [c.case_id for c in result.changes] == ["b-big-order", "c-offer-150", "no-tier"]
    by_id = {c.case_id: c for c in result.changes}
    assert (str(by_id["b-big-order"].before.cap), str(by_id["b-big-order"].after.cap)) == ("200", "100")
    offered = by_id["c-offer-150"]
    assert offered.kinds == ("violations", "cap")
    assert offered.gained == (("careless_promises", "careless_promises/promises"),) and offered.lost == ()
    assert not offered.before.exceeds_cap and offered.after.exceeds_cap
    assert result.kind_counts() == {"cap": 3, "violations": 1}
    assert result.taboo_counts() == {"careless_promises": {"gained": 1, "lost": 0}}


def test_the_same_playbook_changes_nothing(versions: tuple[Path, Path]) -> None:
    old = Playbook.load(versions[0])
    timeless = [{"id": "t", "transcript": [{"role": "agent", "text": "不关我的事"}]}]
    result = impact(old, old, [Case.model_validate(c) for c in CORPUS + timeless])
    assert result.changed == 0 and result.cases == 7


def test_escalation_changes_are_reported(versions: tuple[Path, Path], tmp_path: Path) -> None:
    text = versions[0].read_text(encoding="utf-8").replace("authority: 100}", "authority: 200}")
    raised = tmp_path / "raised.yaml"
    raised.write_text(text, encoding="utf-8")
    result = impact(Playbook.load(versions[0]), Playbook.load(raised),
                    [Case.model_validate(case("offer", "company", "A", 100, 150))])
    [change] = result.changes
    assert "escalation" in change.kinds
    assert change.before.escalation_text() == "supervisor (required)"
    assert change.after.escalation_text() == "agent (not required)"


def test_cli_counts_first_then_the_cases(versions: tuple[Path, Path], tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join(json.dumps(c) for c in CORPUS) + "\n", encoding="utf-8")
    old, new = (str(v) for v in versions)
    result = CliRunner().invoke(cli, ["diff", old, new, "--cases", str(cases)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1] == "6 cases evaluated, 3 changed, 3 unchanged"
    assert "  cap changed: 3" in lines and "  careless_promises: gained in 1, lost in 0" in lines
    assert lines.index("case b-big-order") > lines.index("  cap changed: 3")
    assert "  cap: 200 → 100" in lines and "  + careless_promises/promises  (0 → 1)" in lines
    result = CliRunner().invoke(cli, ["diff", old, new, "-c", str(cases), "--format", "json", "--fail-on-change"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"]["changed"] == 3 and data["summary"]["cap"] == 3
    assert [c["case_id"] for c in data["cases"]] == ["b-big-order", "c-offer-150", "no-tier"]
    assert data["cases"][1]["cap"] == {"before": "200", "after": "100", "exceeds_before": False,
                                       "exceeds_after": True}


def test_cli_errors_exit_2(versions: tuple[Path, Path], tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "fault": 3}\n{"id": "y"}\n', encoding="utf-8")
    old, new = (str(v) for v in versions)
    runner = CliRunner()
    assert runner.invoke(cli, ["diff", old, new, "--cases", str(bad)]).exit_code == 2
    assert runner.invoke(cli, ["diff", old, new, "--cases", str(tmp_path / "none.jsonl")]).exit_code == 2
    assert runner.invoke(cli, ["diff", old, str(tmp_path / "nope.yaml"), "--cases", str(bad)]).exit_code == 2
