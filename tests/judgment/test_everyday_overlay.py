"""A writer's everyday words on real agent turns: the guards clear ordinary service talk.

``data/everyday_overlay.yaml`` extends standard:zh with the short words published lists of
forbidden service phrases carry (一定, 保证, 马上, 肯定, 绝对, 第一, 最, 100%, 不归…管,
跟…没关系, 你去问…, 等著吧), each with the guards a writer adds. On the 6,029 JDDC agent
turns (``../shared/data``, read in place) the bare words fire on ordinary turns, and with the
guards the only turns still flagged are the ones listed in ``data/everyday_overlay_flags.tsv``,
each with the reason a trainer would defend it. The 1,187 human replies of the JDDC 2019 dev
set (``dev_question.txt``/``dev_answer.txt``, each reply once per session) are a second corpus
the guards were first written without: they flagged 44 of them (the bare words 75), nearly all
wrongly; the guards now hold the words that cleared those, and the two flags left are listed in
``data/everyday_overlay_dev_flags.tsv``. Without the sample these tests skip, except under CI,
where they fail.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from playbook.api import Playbook
from playbook.text import PhraseMatcher
from tests.judgment.bench_scripts import load_bench

DATA = Path(__file__).resolve().parent / "data"
OVERLAY = DATA / "everyday_overlay.yaml"
FLAGS = DATA / "everyday_overlay_flags.tsv"
DEV_FLAGS = DATA / "everyday_overlay_dev_flags.tsv"
LABELS = DATA / "jddc_turns.tsv"
SETS = ("forbidden.absolute_words", "forbidden.advertising_law", "forbidden.centre_blame",
        "forbidden.centre_referral", "forbidden.centre_cold")
RULES = {
    "forbidden.absolute_words": "careless_promises/absolute_words",
    "forbidden.advertising_law": "advertising_law",
    "forbidden.centre_blame": "blame_shifting/centre_blame",
    "forbidden.centre_referral": "passing_the_ball/centre_referral",
    "forbidden.centre_cold": "cold_attitude/centre_cold",
}


@dataclass(frozen=True, slots=True)
class Flag:
    session: str
    turn: int
    digest: str
    phrase: str
    reason: str


def read_flags(path: Path = FLAGS) -> list[Flag]:
    """The defended flags (tab-separated; ``#`` lines and the header skipped)."""
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw or raw.startswith(("#", "session\t")):
            continue
        session, turn, digest, phrase, reason = raw.split("\t")
        out.append(Flag(session, int(turn), digest, phrase, reason))
    return out


def read_dev_flags(path: Path = DEV_FLAGS) -> dict[tuple[str, str, str], str]:
    """(dev session, digest of the reply, phrase id) → reason."""
    out = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw and not raw.startswith(("#", "session\t")):
            session, digest, phrase, reason = raw.split("\t")
            out[(session, digest, phrase)] = reason
    return out


def read_dev_replies(folder: Path) -> list[tuple[str, str]]:
    """(session, reply) for every human agent reply of the JDDC dev set, each once per session.

    The three reference answers of ``dev_answer.txt`` and the agent lines (``A:``) of the
    contexts in ``dev_question.txt``; replies are split on ``<sep>``, ``NULL`` is no reply, and
    the messages of one turn (joined by ``!@@@!``) are read as one text.
    """
    out: dict[tuple[str, str], None] = {}
    for name, prefix in (("dev_answer.txt", ""), ("dev_question.txt", "A:\t")):
        session = ""
        for raw in (folder / name).read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if line.startswith("<session "):
                session = line[len("<session "):-1]
                continue
            if not line or line.startswith("<") or not raw.startswith(prefix):
                continue
            for reply in raw[len(prefix):].strip().split("<sep>"):
                if reply and reply != "NULL":
                    out[(session, reply.replace("!@@@!", " "))] = None
    return list(out)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _bench() -> Any:
    return load_bench("judgment_jddc")


@pytest.fixture(scope="module")
def overlay() -> Playbook:
    return Playbook.load(OVERLAY)


@dataclass(frozen=True, slots=True)
class Turns:
    """Every agent turn of the sample: (session, index among the session's lines), text, the customer before."""

    refs: tuple[tuple[str, int], ...]
    texts: tuple[str, ...]
    customers: tuple[str | None, ...]


@pytest.fixture(scope="module")
def turns(shared_data: Path) -> Turns:
    chat = shared_data / "jddc-sample" / "chat_0.1per.txt"
    if not chat.is_file():
        reason = f"the JDDC sample is not at {chat}"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (required under CI)")
        pytest.skip(reason)
    bench = _bench()
    refs, texts, customers = [], [], []
    for session, lines in bench.sessions(bench.read_chat(chat)).items():
        for index, line in enumerate(lines):
            if line.role == "agent":
                refs.append((session, index))
                texts.append(line.text)
                customers.append(next((c.text for c in reversed(lines[:index]) if c.role == "customer"), None))
    return Turns(tuple(refs), tuple(texts), tuple(customers))


def _matcher(overlay: Playbook, *, guards: bool) -> PhraseMatcher:
    """The overlay's own phrases, with their guards or (the writer's first list) without."""
    index = overlay.compiled.phrases
    keys = frozenset().union(*(index.keys_by_set[s] for s in SETS))
    specs = [spec for spec in index.matcher.specs if spec.key in keys]
    if not guards:
        specs = [dataclasses.replace(s, not_after=(), not_before=(), not_with=(), allowed_contexts=()) for s in specs]
    return PhraseMatcher.build(specs, engine=index.matcher.engine)


def _flagged(overlay: Playbook, turns: Turns, *, guards: bool) -> dict[tuple[str, int, str], str]:
    """(session, turn, phrase id) → the turn's text, for every overlay phrase hit on an agent turn."""
    index = overlay.compiled.phrases
    matcher = _matcher(overlay, guards=guards)
    out = {}
    for (session, turn), text, hits in zip(turns.refs, turns.texts, matcher.scan_many(list(turns.texts))):
        for hit in hits:
            out[(session, turn, index.phrases[hit.key].id)] = text
    return out


def test_the_turn_references_are_unique_and_every_flag_has_a_reason() -> None:
    flags = read_flags()
    assert flags
    assert len({(f.session, f.turn, f.phrase) for f in flags}) == len(flags)
    for flag in flags:
        assert flag.reason.startswith(("§", "rule ")), flag
        assert len(flag.digest) == 8


def test_without_the_guards_the_short_words_fire_on_ordinary_turns(overlay: Playbook, turns: Turns) -> None:
    """The writer's first list (the bare words) flags hundreds of ordinary turns: the test can fail."""
    assert len(turns.texts) > 6000
    bare = _flagged(overlay, turns, guards=False)
    guarded = _flagged(overlay, turns, guards=True)
    assert set(guarded) <= set(bare)
    cleared = Counter(phrase for (_, _, phrase) in set(bare) - set(guarded))
    # each guarded word clears real turns: 马上为您查询, 不一定, 无法保证, 第一时间, 最晚
    for phrase, at_least in {"absolute.at_once": 90, "absolute.certainly": 20, "absolute.guarantee": 20,
                             "ad.number_one": 20, "ad.most": 25, "absolute.surely": 1}.items():
        assert cleared[phrase] >= at_least, (phrase, cleared)
    assert len(bare) >= 10 * len(guarded), (len(bare), len(guarded))


def test_with_the_guards_only_the_defended_flags_remain(overlay: Playbook, turns: Turns) -> None:
    """Every turn the guarded overlay flags is listed with its reason, and every listed one is flagged."""
    guarded = _flagged(overlay, turns, guards=True)
    listed = {(f.session, f.turn, f.phrase): f for f in read_flags()}
    unlisted = sorted((key, text[:80]) for key, text in guarded.items() if key not in listed)
    assert unlisted == [], "flags no guard clears and nobody defends"
    assert sorted(set(listed) - set(guarded)) == [], "a defended flag no longer fires"
    for key, flag in listed.items():
        assert _digest(guarded[key]) == flag.digest, f"{key}: the turn's text changed in the sample"


def test_the_defended_flags_are_violations_of_the_overlay_rules(overlay: Playbook, turns: Turns) -> None:
    """Judged as a case, each listed turn is a violation of the rule its phrase set stands under."""
    index = overlay.compiled.phrases
    set_of = {p.id: p.set_id for p in index.phrases}
    where = {ref: i for i, ref in enumerate(turns.refs)}
    bench = _bench()
    for flag in read_flags():
        i = where[(flag.session, flag.turn)]
        decision = overlay.evaluate(bench.turn_case("t", turns.customers[i], turns.texts[i]))
        fired = {(v.rule, v.facts.get("phrase")) for v in decision.violations}
        assert (RULES[set_of[flag.phrase]], flag.phrase) in fired, (flag, fired)


def test_the_trainer_labels_agree_with_the_guards(overlay: Playbook, turns: Turns) -> None:
    """On the hand-labelled turns (jddc_turns.tsv), the guards clear turns labelled clean and
    never clear a word on a turn labelled with a violation."""
    labels: dict[tuple[str, int], str] = {}
    for raw in LABELS.read_text(encoding="utf-8").splitlines():
        if raw and not raw.startswith(("#", "session\t")):
            session, turn, _, label, _ = raw.split("\t")
            labels[(session, int(turn))] = label
    bare = _flagged(overlay, turns, guards=False)
    guarded = _flagged(overlay, turns, guards=True)
    cleared_clean = {(s, t) for (s, t, p) in set(bare) - set(guarded) if labels.get((s, t)) == "clean"}
    flagged_clean = sorted((s, t, p) for (s, t, p) in guarded if labels.get((s, t)) == "clean")
    assert len(cleared_clean) >= 30  # 马上为您查询, 第一时间, 保证 with the review's time limit
    assert flagged_clean == []


@pytest.mark.parametrize(("text", "rule", "phrase"), [
    ("我保证给您处理好", "careless_promises/absolute_words", "absolute.guarantee"),
    ("您放心，我们一定给您退款", "careless_promises/absolute_words", "absolute.certainly"),
    ("这个肯定能修好", "careless_promises/absolute_words", "absolute.surely"),
    ("绝对能按时到", "careless_promises/absolute_words", "absolute.absolutely"),
    ("马上给您退款", "careless_promises/absolute_words", "absolute.at_once"),
    ("这款是全网第一的", "advertising_law", "ad.number_one"),
    ("这是最好的净水器", "advertising_law", "ad.most"),
    ("100%正品", "advertising_law", "ad.hundred_percent"),
    ("这是市面上唯一一款", "advertising_law", "ad.only"),
    ("顶级工艺", "advertising_law", "ad.top_grade"),
    ("国家级产品", "advertising_law", "ad.national"),
    ("这个不归门店管", "passing_the_ball/centre_referral", "centre.not_ours_to_handle"),
    ("这个不归我们销售管", "passing_the_ball/centre_referral", "centre.not_ours_to_handle"),
    ("你得去问售后部", "passing_the_ball/centre_referral", "centre.go_ask"),
    ("这个我们处理不了", "passing_the_ball/centre_referral", "centre.cannot_handle"),
    ("这跟我们客服没关系", "blame_shifting/centre_blame", "centre.nothing_to_do_with_us"),
    ("那你就等著吧", "cold_attitude/centre_cold", "centre.just_wait"),
    ("沒看我正忙著嗎", "cold_attitude/centre_cold", "centre.busy"),
    ("我們這兒交班開會呢", "cold_attitude/centre_cold", "centre.shift_change"),
])
def test_the_overlay_catches_what_its_writer_listed(overlay: Playbook, text: str, rule: str, phrase: str) -> None:
    case = _bench().turn_case("t", "我的东西什么时候到", text)
    fired = {(v.rule, v.facts.get("phrase")) for v in overlay.evaluate(case).violations}
    assert (rule, phrase) in fired, fired


@pytest.mark.parametrize(("text", "why"), [
    ("这个不一定哦", "不一定 is honest"),
    ("这个我们无法保证明天到", "无法保证 is honest"),
    ("退货还请您保证附件完整哦", "the customer's part of the process"),
    ("到货后会第一时间给您发货", "第一时间 is 'at once', not a ranking"),
    ("还请您稍等，马上为您查询", "a lookup done in this chat"),
    ("预计最晚明天送达", "最晚 is the latest time, which the customer should be told"),
    ("我们24小时内一定给您答复", "a dated commitment, as [001] asks"),
    ("价格是100元", "a price is not 100%"),
    ("这是唯一的办法，我马上帮您申请", "唯一的办法 is the process; 马上帮您申请 is done in this chat"),
    ("您是我们的顶级会员", "a membership level"),
    ("没关系的，跟您的订单没关系", "reassurance about the customer's order"),
    ("您的肯定是我们最大的动力", "肯定 as praise, 最大的动力 a courtesy"),
])
def test_the_guards_leave_ordinary_service_talk_alone(overlay: Playbook, text: str, why: str) -> None:
    case = _bench().turn_case("t", "我的东西什么时候到", text)
    fired = {v.rule for v in overlay.evaluate(case).violations if v.rule in RULES.values()}
    assert fired == set(), why


@pytest.fixture(scope="module")
def dev_replies(shared_data: Path) -> list[tuple[str, str]]:
    folder = shared_data / "jddc-sample"
    if not (folder / "dev_answer.txt").is_file() or not (folder / "dev_question.txt").is_file():
        reason = f"the JDDC dev set is not in {folder}"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (required under CI)")
        pytest.skip(reason)
    return read_dev_replies(folder)


def test_on_the_dev_set_replies_only_the_defended_flags_remain(
    overlay: Playbook, dev_replies: list[tuple[str, str]]
) -> None:
    """A second corpus of real replies (with real clock times, not anonymised): the bare words
    flag dozens, the guarded list only the replies listed with their reason."""
    assert len(dev_replies) > 1000
    index = overlay.compiled.phrases
    texts = [text for _, text in dev_replies]
    flagged = {}
    for guards in (False, True):
        flagged[guards] = {
            (session, _digest(text), index.phrases[hit.key].id): text
            for (session, text), hits in zip(dev_replies, _matcher(overlay, guards=guards).scan_many(texts))
            for hit in hits
        }
    assert len({(s, d) for s, d, _ in flagged[False]}) >= 60, "the bare words fire on ordinary replies"
    listed = read_dev_flags()
    unlisted = sorted((key, text[:80]) for key, text in flagged[True].items() if key not in listed)
    assert unlisted == [], "flags no guard clears and nobody defends"
    assert sorted(set(listed) - set(flagged[True])) == [], "a defended flag no longer fires"
    for (session, digest, phrase), reason in listed.items():
        assert reason.startswith(("§", "rule ")), reason
        text = flagged[True][(session, digest, phrase)]
        decision = overlay.evaluate(_bench().turn_case("t", None, text))
        set_of = {p.id: p.set_id for p in index.phrases}
        assert (RULES[set_of[phrase]], phrase) in {(v.rule, v.facts.get("phrase")) for v in decision.violations}
