"""``--jobs N`` changes how many processes work, never what is written or in which order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "cases"
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
ZH_EXAMPLES = [p for p in sorted(EXAMPLES.glob("*.json"))
               if json.loads(p.read_text(encoding="utf-8"))["customer"].get("currency") == "CNY"]
"""The example cases in CNY: those the default (Chinese) playbook decides. The others are in USD,
which it refuses."""


@pytest.fixture(scope="module")
def cases_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The CNY example cases, each several times under its own id: more than two chunks of work
    for the workers, in an order a pool could easily scramble."""
    examples = [json.loads(p.read_text(encoding="utf-8")) for p in ZH_EXAMPLES]
    path = tmp_path_factory.mktemp("jobs") / "cases.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for round_ in range(14):
            for example in examples:
                handle.write(json.dumps({**example, "id": f"{example['id']}-{round_}"}, ensure_ascii=False) + "\n")
    return path


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_eval_json_is_the_same_with_two_workers(cases_file: Path) -> None:
    one = _run(["eval", str(cases_file), "--format", "json", "--jobs", "1"])
    two = _run(["eval", str(cases_file), "--format", "json", "--jobs", "2"])
    assert two == one
    ids = [json.loads(line)["case_id"] for line in one.splitlines()]
    written = [json.loads(line)["id"] for line in cases_file.read_text(encoding="utf-8").splitlines()]
    assert len(ids) == 14 * len(ZH_EXAMPLES) and ids == written  # the input order, row for row


def test_eval_text_is_the_same_with_two_workers(cases_file: Path) -> None:
    one = _run(["eval", str(cases_file), "--jobs", "1"])
    assert _run(["eval", str(cases_file), "--jobs", "2"]) == one
    assert one.count("\n") > 100


def test_diff_is_the_same_with_two_workers(cases_file: Path) -> None:
    args = ["diff", str(MINI), "standard:zh", "--cases", str(cases_file), "--format", "json"]
    one, two = _run([*args, "--jobs", "1"]), _run([*args, "--jobs", "2"])

    def stable(text: str) -> object:
        report = json.loads(text)
        report.pop("generated_at", None)
        return report

    assert stable(two) == stable(one)
    assert '"changed"' in one or '"changes"' in one


def test_test_command_is_the_same_with_two_workers() -> None:
    def stable(text: str) -> object:
        report = json.loads(text)
        for result in report["results"]:
            result.pop("seconds", None)
        report["summary"].pop("seconds", None)
        return report

    one = stable(_run(["test", "standard:zh", "standard:en", "--format", "json", "--jobs", "1"]))
    two = stable(_run(["test", "standard:zh", "standard:en", "--format", "json", "--jobs", "2"]))
    assert two == one
    assert len(one["results"]) > 100  # type: ignore[index]


def test_eval_json_rows_are_pydantics_bytes_with_the_version_first(cases_file: Path) -> None:
    from playbook import Playbook
    from playbook.case.io import read_cases
    from playbook.output_version import versioned_json

    playbook = Playbook.standard("zh")
    with cases_file.open(encoding="utf-8") as handle:
        expected = [versioned_json(playbook.evaluate(case).model_dump_json()) for case in read_cases(handle, "x")]
    lines = _run(["eval", str(cases_file), "--format", "json", "--jobs", "1"]).splitlines()
    assert lines == expected


@pytest.fixture(scope="module")
def mixed_file(tmp_path_factory: pytest.TempPathFactory, cases_file: Path) -> Path:
    """Good rows with every kind of bad row between them: each must be reported at its line,
    in input order, whichever process parsed it."""
    good = cases_file.read_bytes().splitlines(keepends=True)
    assert len(good) > 6 * 18
    bad = [b"{not json\n", b'{"id": "x", "fault": 7, "transcript": []}\n', b"\n", b"\xff\xfe{}\n",
           b'{"id": "d", "id": "e", "transcript": []}\n', b'{"id": "u", "nonsense": 1, "transcript": []}\n']
    rows: list[bytes] = []
    for index, row in enumerate(good):
        rows.append(row)
        if index % 18 == 3 and index // 18 < len(bad):
            rows.append(bad[index // 18])
    path = tmp_path_factory.mktemp("mixed") / "mixed.jsonl"
    path.write_bytes(b"".join(rows))
    return path


@pytest.mark.parametrize("output_format", ["json", "text"])
def test_bad_rows_are_reported_alike_and_in_order_with_two_workers(mixed_file: Path, output_format: str) -> None:
    def run(jobs: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, ["eval", str(mixed_file), "--format", output_format, "--jobs", jobs],
                                    catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    one, two = run("1"), run("2")
    assert two == one
    code, out, err = one
    assert code == 2
    lines = [int(part.split(":")[1]) for part in err.split() if part.startswith(f"{mixed_file}:")]
    assert len(lines) == 5 and lines == sorted(lines)  # the blank row is no case, and no error
    if output_format == "json":
        assert out.count("\n") == len(mixed_file.read_bytes().splitlines()) - 6


def test_diff_reports_bad_rows_alike_with_two_workers(mixed_file: Path) -> None:
    args = ["diff", str(MINI), "standard:zh", "--cases", str(mixed_file), "--format", "json"]
    runs = [CliRunner().invoke(cli, [*args, "--jobs", jobs], catch_exceptions=False) for jobs in ("1", "2")]
    assert runs[0].exit_code == runs[1].exit_code == 2
    assert runs[0].stderr == runs[1].stderr and runs[0].stderr.count(str(mixed_file)) == 5
    one, two = json.loads(runs[0].stdout), json.loads(runs[1].stdout)
    decided = len(mixed_file.read_bytes().splitlines()) - 6
    assert one["summary"]["cases"] == two["summary"]["cases"] == decided and one["cases"] == two["cases"]


def test_workers_are_sent_the_rows_as_bytes(cases_file: Path) -> None:
    from playbook.case.io import CaseLine, case_from_line, read_case_items, read_cases

    with cases_file.open("rb") as handle:
        items = list(read_case_items(handle, "cases.jsonl"))
    rows = cases_file.read_bytes().splitlines(keepends=True)
    assert items == [CaseLine("cases.jsonl", n, row) for n, row in enumerate(rows, 1)]
    with cases_file.open("rb") as handle:
        assert [case_from_line(item) for item in items] == list(read_cases(handle, "cases.jsonl"))
