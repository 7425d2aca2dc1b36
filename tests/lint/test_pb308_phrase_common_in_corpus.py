"""PB308 phrase-common-in-corpus: ``playbook lint --corpus FILE``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook import Playbook
from playbook.cli.main import cli
from playbook.errors import LoadError
from playbook.lint import lint_playbook, read_corpus
from playbook.lint.registry import rule_by_code

ROOT = Path(__file__).resolve().parents[1]
EVERYDAY = ROOT / "fixtures" / "playbooks" / "everyday_zh.yaml"
JDDC = ROOT.parents[1] / "shared" / "data" / "jddc-sample" / "chat_0.1per.txt"

TURNS = [
    "您好，很高兴为您服务",
    "这个不一定能到，我帮您查一下",
    "我们一定会尽快处理",
    "亲，我们一定给您答复",
    "好的，请稍等",
    "已经为您登记了",
]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["lint", *args])
    return result.exit_code, result.stdout


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_without_a_corpus_nothing_is_reported() -> None:
    rule = rule_by_code("PB308")
    assert rule is not None
    assert lint_playbook(Playbook.load(EVERYDAY), [rule], compile_warnings=False) == []


def test_a_phrase_above_the_share_is_reported_with_count_and_examples(tmp_path: Path) -> None:
    corpus = write(tmp_path, "turns.txt", TURNS)
    code, out = run(str(EVERYDAY), "--corpus", str(corpus), "--select", "PB308", "--corpus-share", "0.2")
    assert code == 1
    # 不一定 is guarded (not_after: 不): two of six turns, not three
    assert "warning[PB308 phrase-common-in-corpus]: forbidden phrase '一定' (everyday.certainly) fires on 2 of 6" \
        in out
    assert "everyday_zh.yaml:13:" in out  # located at the phrase
    assert f"= {corpus}:3:1: 我们«一定»会尽快处理" in out and f"= {corpus}:4:1: 亲，我们«一定»给您答复" in out
    assert "不一定" not in out
    # at a higher threshold the same phrase is fine
    assert run(str(EVERYDAY), "--corpus", str(corpus), "--select", "PB308", "--corpus-share", "0.5")[0] == 0


def test_json_lines_keep_agent_turns_and_name_the_examples(tmp_path: Path) -> None:
    rows = [json.dumps({"role": "customer", "text": "你们一定要给我退款"}, ensure_ascii=False),
            json.dumps({"role": "agent", "text": "我们一定会尽快处理"}, ensure_ascii=False),
            json.dumps("好的，请稍等", ensure_ascii=False),
            json.dumps({"messages": [{"role": "customer", "text": "一定?"}, {"role": "agent", "text": "好的"}]},
                       ensure_ascii=False)]
    corpus = write(tmp_path, "turns.jsonl", rows)
    assert [t.text for t in read_corpus(corpus).turns] == ["我们一定会尽快处理", "好的，请稍等", "好的"]
    code, out = run(str(EVERYDAY), "--corpus", str(corpus), "--select", "PB308", "--format", "json")
    assert code == 1
    [finding] = json.loads(out)["playbooks"][0]["findings"]
    assert finding["code"] == "PB308" and "1 of 3" in finding["message"]
    assert finding["path"].endswith(".phrases[0].text") and finding["location"]["line"] == 13
    assert finding["examples"] == [{"file": str(corpus), "line": 2, "text": "我们«一定»会尽快处理"}]


def test_a_malformed_corpus_line_is_a_located_error(tmp_path: Path) -> None:
    corpus = write(tmp_path, "turns.jsonl", ['"ok"', '{"text": "x"', '"fine"'])
    with pytest.raises(LoadError) as caught:
        read_corpus(corpus)
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "corpus-json" and diagnostic.span is not None
    assert (diagnostic.span.file, diagnostic.span.line) == (str(corpus), 2)
    code, _ = run(str(EVERYDAY), "--corpus", str(corpus))
    assert code == 2
    rowless = write(tmp_path, "rows.jsonl", ['{"id": 3}'])
    with pytest.raises(LoadError, match="line 1 of the corpus holds no turn text"):
        read_corpus(rowless)
    with pytest.raises(LoadError) as missing:
        read_corpus(tmp_path / "absent.txt")
    assert missing.value.diagnostics[0].code == "corpus-unreadable"


def test_on_the_real_agent_turns_only_the_words_left_unguarded_fire(tmp_path: Path) -> None:
    """On the 6,029 JDDC agent turns, the everyday overlay's guarded short words stay under 1 %
    while the same words without guards (a writer's first list) go above it."""
    if not JDDC.is_file():
        pytest.skip("the JDDC sample is not beside this checkout")
    rows = (line.split("\t") for line in JDDC.read_text(encoding="utf-8").splitlines())
    turns = [fields[-1] for fields in rows if len(fields) >= 7 and fields[2] == "1"]
    corpus = write(tmp_path, "jddc.txt", turns)
    code, out = run(str(EVERYDAY), "--corpus", str(corpus), "--select", "PB308", "--format", "json")
    assert code == 0 and json.loads(out)["playbooks"][0]["findings"] == []
    bare = tmp_path / "bare.yaml"
    bare.write_text(
        "extends: standard:zh\n"
        "phrase_sets:\n"
        "  - {id: forbidden.bare, kind: forbidden, taboo: careless_promises, phrases: [一定, 保证, 第一]}\n"
        "taboos:\n"
        "  - {id: careless_promises, checks: [{id: bare, kind: phrases, phrase_sets: [forbidden.bare]}]}\n",
        encoding="utf-8")
    code, out = run(str(bare), "--corpus", str(corpus), "--select", "PB308", "--corpus-share", "0.003",
                    "--format", "json")
    fired = {f["message"].split("(")[1].split(")")[0] for f in json.loads(out)["playbooks"][0]["findings"]}
    assert code == 1 and fired == {"forbidden.bare:1", "forbidden.bare:2", "forbidden.bare:3"}


def test_a_set_scoped_to_the_customer_is_not_counted_on_agent_turns(tmp_path: Path) -> None:
    corpus = write(tmp_path, "turns.txt", TURNS)
    scoped = tmp_path / "scoped.yaml"
    scoped.write_text(
        f"extends: {EVERYDAY}\nphrase_sets:\n"
        "  - {id: forbidden.customer_words, kind: forbidden, rule: customer_words, scope: {role: customer},\n"
        "     phrases: [很高兴为您服务, 请稍等]}\n"
        "  - {id: forbidden.agent_words, kind: forbidden, rule: agent_words, scope: {role: any},\n"
        "     phrases: [已经为您登记]}\n", encoding="utf-8")
    code, out = run(str(scoped), "--corpus", str(corpus), "--select", "PB308", "--corpus-share", "0.1")
    assert code == 1 and "已经为您登记" in out
    assert "很高兴为您服务" not in out and "请稍等" not in out
