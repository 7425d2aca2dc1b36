"""Careless promises: no date, beyond the agent's authority, or overdue and unkept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import TYPE_CHECKING, Any

from playbook.decision import Violation
from playbook.model import taboos as src

from .base import CheckHead, CompiledCheck
from .kind import CheckKind, CheckMessage, PhraseSets

if TYPE_CHECKING:
    from .base import CheckContext

_DATE_LIKE = re.compile(
    r"[0-9\uff10-\uff19]|[一二三两兩四五六七八九十半]+\s*个?個?\s*(?:小时|小時|工作日|天|日|号|號|周|週|星期|月|分钟|分鐘)"
    r"|\[(?:日期|时间|時間)x\]|\[数字x\]\s*(?:个|個)?\s*(?:点|點|小时|小時|h|H|工作日|天|日|号|號|周|週|分钟|分鐘|月)"
    r"|次日|隔天|最迟|最遲|约定的时间"
)
"""A digit, a Chinese numeral with a time unit (三天, 两个工作日), or the corpus's anonymised
dates and times (``[日期x]``, ``[数字x]点``) count as a date."""

_UNDATED = frozenset({
    "马上", "立即", "立刻", "尽快", "稍后", "馬上", "盡快", "稍後", "待会", "待會", "一会儿", "一會兒",
    "right away", "immediately", "as soon as possible", "asap", "later", "soon", "shortly", "in a moment",
    "at once", "straight away",
})
"""Words that say "soon" without saying when: never a date, even if a playbook's date list
holds them (a promise must still name the latest time of an answer [001])."""


def is_undated(matched: str) -> bool:
    """Whether a matched date phrase only says "soon" (马上, "right away"), not when."""
    return " ".join(matched.casefold().split()) in _UNDATED

_CJK = re.compile(r"[\u4e00-\u9fff]")
_FIRST_PERSON = re.compile(r"我们|我們|我|这边|這邊|小妹|妹子|咱们|咱們|本人")
_OTHERS = re.compile(
    r"售后|售後|专员|專員|配送员|配送員|配送|快递|快遞|师傅|師傅|站点|站點|商家|厂家|廠家|系统|系統|同事|仓库|倉庫"
    r"|对接人|網點|网点|物流|工作人员|他们|他們|他|她|厂商|审核|審核"
)
_CONDITION = re.compile(
    r"的话|的話|[^\s，,]后[，,]|之后|之後|以后|以後|过后|過後|后续|後續|后期|後期|如果|若是|一旦|等到|到时|到時|通过|通過|完成后|完成後|到货|到貨|收到|为了|為了"
)
_REFERRAL = re.compile(r"[^，,。！？!?\s]*?(?:公司的专门人员|专门人员|專門人員|经理|經理|主管)")
"""我会通知公司的专门人员为你解答 [001]: passing the question to who can answer is the
recommended way to handle what the agent cannot answer, not a careless promise."""
_GUARANTEE = re.compile(r"保证|保證|一定|肯定|尽快|盡快")
"""Phrases that commit by themselves: with no subject in the sentence, Chinese chat leaves out
the speaker (会尽快给您处理的 = 我们会尽快…), so they are the agent's own."""
_HARD_END = re.compile(r"[。！？!?；;~～]")
"""Sentence ends; a space only separates clauses, so a condition before it (商品到达仓库以后 我们会…)
still governs the promise after it."""
_THEN = re.compile(r"(?:[就便]|可能|也许|或许|應該|应该)\s*$")
"""…就会尽快: the consequence of a step just described; 可能会给您: a possibility. Neither commits."""
_RECORDED = re.compile(r"\s*(?:记录|登记|备注|記錄|登記|備註)")
"""会给您记录: the record step [001] done in this chat, not a promise about the outcome."""
_CONTACT_ASKED = re.compile(r"[留提][下个一]?[^。！？!?]{0,6}(?:电话|電話)")
"""请留下你的联系电话,我会通知… — DOMAIN's own script for what the agent cannot answer yet [001]."""
_NOTIFY = re.compile(r"通知")
_NOT_OWN_CONTEXT = re.compile(r"我的京东|我的-|我的－|我看|我查")


def own_commitment(text: str, start: int, matched: str) -> bool:
    """Whether a promise phrase at ``start`` is the agent's own, unconditional commitment.

    Chinese service talk often describes a process or another team's step (售后会联系您,
    审核通过就会给您退款): that is information, not a promise the agent can fail to keep.
    A promise counts when, in its sentence, the nearest subject before it is the agent
    (我/我们/这边/小妹…) — or the phrase itself guarantees (我保证, 一定会) — and no
    condition (之后, 如果, 一旦…) precedes it. Text without Chinese characters is not
    judged this way: every promise phrase there counts.
    """
    if not _CJK.search(matched):
        return True
    begin = 0
    for found in _HARD_END.finditer(text, 0, start):
        begin = found.end()
    head = _NOT_OWN_CONTEXT.sub(lambda m: "#" * len(m.group()), text[begin:start + len(matched)])
    before = text[begin:start]
    end = start + len(matched)
    if _CONDITION.search(before) or _THEN.search(before) or _REFERRAL.match(text, end):
        return False
    if _RECORDED.match(text, end) or (_NOTIFY.search(matched) and _CONTACT_ASKED.search(text)):
        return False
    subjects = [(m.start(), True) for m in _FIRST_PERSON.finditer(head)]
    subjects += [(m.start(), False) for m in _OTHERS.finditer(head)]
    if subjects:
        return max(subjects)[1]
    return bool(_GUARANTEE.search(matched))


@dataclass(frozen=True, slots=True)
class PromisesCheck(CompiledCheck):
    head: CheckHead
    promise_keys: frozenset[int]
    date_keys: frozenset[int]
    date_required: bool
    authority: bool
    overdue: bool
    kept_by: frozenset[str]

    def run(self, ev: CheckContext) -> list[Violation]:
        out: list[Violation] = []
        if self.date_required:
            out.extend(self._undated(ev))
        if self.authority:
            out.extend(self._over_authority(ev))
        if self.overdue:
            out.extend(self._overdue(ev))
        return out

    def _undated(self, ev: CheckContext) -> list[Violation]:
        """One violation per agent message that promises without a date, citing every promise in it."""
        out: list[Violation] = []
        transcript = ev.case.transcript
        for index, all_hits in ev.agent_hits_by_message(self.promise_keys):
            if len(out) > ev.violation_room:
                break  # one past the room tells the engine the list was cut
            text = transcript[index].text
            # the message's promises read only as far as the evidence may go
            hits = (h for h in all_hits if own_commitment(text, h.start, h.matched))
            first = next(hits, None)
            if first is None:
                continue
            dated = any(h.key in self.date_keys and not is_undated(h.matched) for h in ev.hits[index])
            if dated or _DATE_LIKE.search(text):
                continue
            evidence = ev.evidence_of((index, hit) for hit in chain((first,), hits))
            out.append(self.head.violation(ev, "promise_no_date", evidence=evidence, text=first.matched))
        return out

    def _over_authority(self, ev: CheckContext) -> list[Violation]:
        comp = ev.compensation
        proposal = ev.case.proposal
        if comp is None or proposal is None or not comp.exceeds_cap:
            return []
        if ev.facts.get("proposal.approved"):
            return []
        approved = proposal.approved_by
        facts = {
            "proposal.amount": str(proposal.amount),
            "cap": str(comp.cap),
            "approver": comp.approver,
            "approved_by": approved,
        }
        approver = ev.level(comp.approver) if comp.approver else None
        return [
            self.head.violation(
                ev, "promise_over_authority", facts=facts,
                amount=proposal.amount, cap=comp.cap, approver=approver.label if approver else "?",
            )
        ]

    def _overdue(self, ev: CheckContext) -> list[Violation]:
        """Each promise against its own deadline: kept in time, kept late, or not kept yet."""
        zone = ev.now.tzinfo
        resolved = _aware(ev.case.resolved_at, zone)
        promises: list[tuple[datetime, int | None]] = []
        proposal = ev.case.proposal
        if proposal is not None and proposal.promised_by is not None:
            promises.append((_aware(proposal.promised_by, zone), None))  # type: ignore[arg-type]
        transcript = ev.case.transcript
        for position, message in enumerate(transcript):
            if message.role == "agent" and message.promised_by is not None:
                promises.append((_aware(message.promised_by, zone), position))  # type: ignore[arg-type]
        out: list[Violation] = []
        for due, index in promises:
            if len(out) > ev.violation_room:
                break
            kept = self._kept_at(ev, index, resolved)
            if kept is not None and kept <= due:
                continue
            if kept is None and ev.now <= due:
                continue
            facts: dict[str, Any] = {
                "promised_by": due.isoformat(),
                "kept_at": kept.isoformat() if kept else None,
                "resolved_at": resolved.isoformat() if resolved else None,
            }
            if index is not None:
                facts["message_index"] = index
            by = due.strftime("%Y-%m-%d %H:%M")
            if kept is None:
                out.append(self.head.violation(ev, "promise_overdue", facts=facts, promised_by=by))
            else:
                out.append(
                    self.head.violation(
                        ev, "promise_kept_late", facts=facts, promised_by=by, kept_at=kept.strftime("%Y-%m-%d %H:%M"),
                    )
                )
        return out

    def _kept_at(self, ev: CheckContext, index: int | None, resolved: datetime | None) -> datetime | None:
        """When the promise was kept: the resolution, or the agent's next timed message after it."""
        candidates = []
        if "resolution" in self.kept_by and resolved is not None:
            candidates.append(resolved)
        if "agent_message" in self.kept_by and index is not None:
            transcript = ev.case.transcript
            made = _aware(transcript[index].at, ev.now.tzinfo)
            for later in transcript[index + 1:]:
                at = _aware(later.at, ev.now.tzinfo)
                if later.role == "agent" and at is not None and (made is None or at > made):
                    candidates.append(at)
                    break
        return min(candidates) if candidates else None


def _aware(moment: datetime | None, zone: Any) -> datetime | None:
    """A naive moment is in the evaluation's zone."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=zone)


def _build(c: src.PromisesCheck, head: CheckHead, sets: PhraseSets) -> PromisesCheck:
    return PromisesCheck(
        head, sets.keys(c.promise_phrases), sets.keys(c.date_phrases), c.date_required, c.authority, c.overdue,
        frozenset(c.kept_by),
    )


KIND = CheckKind(
    src.PromisesCheck, _build,
    messages=(
        CheckMessage("promise_no_date", "a promise with no date: '{text}'", ("text",)),
        CheckMessage(
            "promise_over_authority", "offered {amount} over the cap of {cap} without approval from {approver}",
            ("amount", "cap", "approver"),
        ),
        CheckMessage("promise_overdue", "promised by {promised_by} and still unresolved", ("promised_by",)),
        CheckMessage(
            "promise_kept_late", "promised by {promised_by}, kept only at {kept_at}", ("promised_by", "kept_at"),
        ),
    ),
    phrase_fields=("promise_phrases", "date_phrases"), summary_fields=("promise_phrases", "date_phrases"),
)
