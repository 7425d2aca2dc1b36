"""The durable-rules backend: the engine's Rete network does the correlation.

What durable-rules' users have hit, and how this backend avoids each:

* **Process-wide registry, rulesets that cannot be replaced, state leaking between
  uses** — ``durable.lang`` registers rulesets by name in a module-global host that
  also starts timer threads. This backend never touches ``durable.lang``: it builds
  a private :class:`durable.engine.Ruleset` under a unique name, and deletes it in
  the engine on :meth:`close`. Two watches share nothing.
* **Calls from several threads fail ("error code: 307", ERR_NODE_DELETED) or crash**
  — measured here: a ruleset created on one thread and first used from another
  segfaults after a few dozen joins. So each backend owns one engine thread that
  creates, uses and deletes its ruleset; callers on any thread hand it work and
  wait. The engine's handle table is process-global and unsynchronised, so engine
  calls of all watches are additionally serialised by one lock (they hold the GIL
  anyway, so no parallelism is lost).
* **MessageNotHandledException / MessageObservedException** — nothing is posted as
  an event; every message is a fact that matches a rule's first condition, with an
  id unique within the watch (see :mod:`playbook.watch.rete_rules`). Should the
  engine raise either anyway, that is a bug and surfaces as :class:`EngineError`.
* **One session per key ran out of memory past ~1,000 sessions; post_batch gave
  wrong counts** — one session, one message per call.
* **Memory grows per pending event (~9 KB each)** — entries are retracted the moment
  they leave their window or are consumed by an alert, so the engine holds only
  what the windows hold.
* **Wall-clock timers** are not used: deadlines are facts joined against a
  transient "now" fact, so time is whatever the watch says it is.
"""

from __future__ import annotations

import heapq
import itertools
import json
import threading
import uuid
import warnings
import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from playbook.watch.backend import PatternStates
from playbook.watch.errors import EngineError
from playbook.watch.plan import Entry, Hit, Item, Observation, PatternPlan, Plan, Timer
from playbook.watch.rete_rules import ruleset_definition

T = TypeVar("T")

#: Serialises engine calls across all watches in the process. durable-rules keeps its
#: ruleset handles in one unsynchronised process-global table; this lock is the one
#: piece of process-wide state here and exists only to mirror that.
_ENGINE_LOCK = threading.Lock()

_SID_NOT_FOUND = "error code: 309"


class ReteBackend:
    name = "rete"

    def __init__(self, plan: Plan):
        # Lazy: the compiled module does not load on every Python.
        import durable_rules_engine  # type: ignore[import-not-found]
        from durable import engine

        # durable-rules calls datetime.utcfromtimestamp() on every action it runs, which
        # Python 3.12+ deprecates: one warning per fired rule, tens of thousands in a long
        # replay. Silence exactly those, from that module only (filterwarnings replaces an
        # identical filter, so creating many backends does not grow the filter list).
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"durable\.engine")

        self._engine = engine
        self._core = durable_rules_engine
        self._plan = plan
        self._closed = False
        self._sink: list[tuple[str, dict[str, Any]]] = []
        self._expiry: list[tuple[int, str]] = []  # (leaves window at, fact id)
        self._due: list[int] = []  # alert times of armed timers: when to send a "now" fact
        self._ticks = itertools.count()
        self._touched = False
        self._name = f"playbook-watch-{uuid.uuid4().hex}"
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="playbook-watch-rete")
        self._ruleset: Any = None
        self._handle: list[int] = []  # the engine handle, shared with the finalizer
        try:
            self._run(self._create)
        except BaseException:
            self._thread.shutdown(wait=True)
            raise
        # A watch dropped without close() still gives its ruleset back to the engine.
        self._finalizer = weakref.finalize(self, _release, self._thread, self._handle, durable_rules_engine)

    # -- thread confinement ---------------------------------------------------------

    def _run(self, job: Callable[..., T], *args: Any) -> T:
        """Run ``job`` on this backend's engine thread, under the process engine lock."""

        def locked() -> T:
            with _ENGINE_LOCK:
                return job(*args)

        return self._thread.submit(locked).result()

    def _create(self) -> None:
        definition = ruleset_definition(self._plan)
        if not definition:
            return
        for rule_name, rule in definition.items():
            rule["run"] = self._action(rule_name)
        self._ruleset = self._engine.Ruleset(self._name, None, definition)
        self._handle.append(self._ruleset._handle)

    def _action(self, rule_name: str) -> Callable[[Any], None]:
        sink = self._sink

        def record(closure: Any) -> None:
            # Only record: the engine's action runner turns exceptions into session
            # state, so anything that could fail happens after the engine returns.
            sink.append((rule_name, closure._m))

        return record

    # -- engine primitives (engine thread only) --------------------------------------

    def _call(self, method: Callable[[Any], Any], message: Any) -> list[tuple[str, dict[str, Any]]]:
        """Assert or retract one fact, run the actions it triggers, return what fired."""
        engine = self._engine
        errors: list[BaseException] = []

        def done(error: BaseException | None, _state: Any) -> None:
            if error is not None:
                errors.append(error)

        try:
            handle = method(message)
            self._touched = True
            self._ruleset.do_actions(handle, done)
        except (engine.MessageNotHandledException, engine.MessageObservedException, self._core.error) as exc:
            raise EngineError(f"durable-rules rejected {json.dumps(message, ensure_ascii=False)}: {type(exc).__name__}: {exc}") from exc
        if errors:
            raise EngineError(f"durable-rules action failed on {json.dumps(message, ensure_ascii=False)}: {errors[0]}")
        fired, self._sink[:] = list(self._sink), []
        return fired

    def _assert(self, fact: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        return self._call(self._ruleset.assert_fact, fact)

    def _retract(self, fact_id: str) -> None:
        """Retract by id (a fact already gone is a no-op in the engine).

        No rule here fires on a retraction, so the action queue is not polled: that
        saves an engine round trip per retraction, and should a retraction ever queue
        an action, the next assertion finds it and fails its check loudly.
        """
        engine = self._engine
        try:
            self._ruleset.retract_fact({"id": fact_id})
        except (engine.MessageNotHandledException, engine.MessageObservedException, self._core.error) as exc:
            raise EngineError(f"durable-rules rejected retracting {fact_id}: {type(exc).__name__}: {exc}") from exc

    # -- Backend --------------------------------------------------------------------

    def apply_many(self, steps: Sequence[tuple[int, Observation | None]]) -> list[list[Hit]]:
        if self._ruleset is None:
            return [[] for _ in steps]
        # One hand-off to the engine thread for the whole batch: the hop costs more
        # than the engine's work for one event.
        return self._run(lambda: [self._apply(now, obs) for now, obs in steps])

    def export(self) -> PatternStates:
        if self._ruleset is None:
            return {p.index: {} for p in self._plan.patterns}
        return self._run(self._export)

    def load(self, states: PatternStates) -> None:
        if self._ruleset is not None:
            self._run(self._load, states)

    def size(self) -> int:
        if self._ruleset is None:
            return 0
        return self._run(self._size)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._finalizer.detach()
        try:
            if self._ruleset is not None:
                self._run(self._delete)
        finally:
            self._thread.shutdown(wait=True)

    # -- jobs (engine thread) -------------------------------------------------------

    def _apply(self, now: int, obs: Observation | None) -> list[Hit]:
        hits = self._advance(now)
        if obs is not None:
            for item in obs.items:
                hit = self._apply_item(now, obs, item)
                if hit is not None:
                    hits.append(hit)
        return hits

    def _advance(self, now: int) -> list[Hit]:
        expiry = self._expiry
        while expiry and expiry[0][0] <= now:
            _, fact_id = heapq.heappop(expiry)
            self._retract(fact_id)  # already consumed or trimmed: a no-op in the engine
        if not (self._due and self._due[0] <= now):
            return []
        while self._due and self._due[0] <= now:
            heapq.heappop(self._due)
        tick = f"n{next(self._ticks)}"
        fired = self._assert({"id": tick, "t": "n", "now": now, "w": 1})
        hits = []
        for name, match in fired:
            if not name.startswith("due:"):
                raise EngineError(f"a time fact fired {name}")
            timer = match["d"]
            self._retract(timer["id"])
            hits.append(_timer_hit(timer))
        self._retract(tick)
        hits.sort(key=lambda h: (h.alert_at, h.entries[0].seq, h.pattern))
        return hits

    def _apply_item(self, now: int, obs: Observation, item: Item) -> Hit | None:
        p = self._plan.patterns[item.pattern]
        i = item.pattern
        if item.role == "add":
            held: dict[str, Any] = {"id": f"h{obs.seq}_{i}", "t": "h", "p": i, "k": item.key, "s": obs.seq, "e": obs.event, "a": obs.at}
            if p.kind == "count":
                fired = self._assert(held)
                if not fired:
                    heapq.heappush(self._expiry, (obs.at + p.window, held["id"]))
                    return None
                if len(fired) != 1 or fired[0][0] != f"count:{i}":
                    raise EngineError(f"a count entry fired {[n for n, _ in fired]}, expected count:{i}")
                facts = _ordered(fired[0][1])
                for fact in facts:
                    self._retract(fact["id"])
                return Hit(i, item.key, tuple(_entry(f) for f in facts))
            return self._ladder(p, obs, item, held)
        cancelled = self._assert({"id": f"x{obs.seq}_{i}", "t": "x", "p": i, "k": item.key})
        for name, match in cancelled:
            if name != f"stop:{i}":
                raise EngineError(f"a stop fired {name}, expected stop:{i}")
            self._retract(match["d"]["id"])
        self._retract(f"x{obs.seq}_{i}")
        if item.role == "stop":
            return None
        timer: dict[str, Any] = {
            "id": f"d{obs.seq}_{i}", "t": "d", "p": i, "k": item.key, "s": obs.seq,
            "e": obs.event, "a": obs.at, "due": item.alert_at, "dl": item.deadline, "w": 1,
        }
        if item.alert_at <= now:
            return _timer_hit(timer)
        self._arm(timer)
        return None

    def _ladder(self, p: PatternPlan, obs: Observation, item: Item, held: dict[str, Any]) -> Hit:
        i = item.pattern
        probe: dict[str, Any] = {"id": f"o{obs.seq}_{i}", "t": "o", "p": i, "k": item.key, "s": obs.seq}
        fired = self._assert(probe)
        self._retract(probe["id"])
        if len(fired) != 1 or not fired[0][0].startswith(f"step:{i}:"):
            raise EngineError(f"ladder occurrence matched {[n for n, _ in fired]}, expected one step rule")
        match = fired[0][1]
        previous = _ordered({k: v for k, v in match.items() if k != "o"})
        hit = Hit(i, item.key, tuple(_entry(f) for f in previous) + (Entry(obs.seq, obs.event, obs.at),))
        if p.keep:
            for name, trim in self._assert(held):
                if not name.startswith(f"trim:{i}"):
                    raise EngineError(f"holding a ladder occurrence fired {name}")
                self._retract(trim["e0"]["id"])
            heapq.heappush(self._expiry, (obs.at + p.window, held["id"]))
        return hit

    def _arm(self, timer: dict[str, Any]) -> None:
        fired = self._assert(timer)
        if fired:
            raise EngineError(f"arming a timer fired {[n for n, _ in fired]}")
        heapq.heappush(self._due, timer["due"])

    def _facts(self) -> list[dict[str, Any]]:
        if not self._touched:
            return []
        try:
            facts: list[dict[str, Any]] = self._ruleset.get_facts(None)
            return facts
        except self._core.error as exc:  # "no session yet" has no exception type of its own
            if _SID_NOT_FOUND in str(exc):
                return []
            raise

    def _export(self) -> PatternStates:
        out: PatternStates = {p.index: {} for p in self._plan.patterns}
        for fact in self._facts():
            if fact.get("t") == "h":
                out[fact["p"]].setdefault(fact["k"], []).append(_entry(fact))  # type: ignore[union-attr]
            elif fact.get("t") == "d":
                out[fact["p"]][fact["k"]] = _timer(fact)
        for held in out.values():
            for value in held.values():
                if isinstance(value, list):
                    value.sort(key=lambda e: e.seq)
        return out

    def _load(self, states: PatternStates) -> None:
        for index, held in states.items():
            p = self._plan.patterns[index]
            for key, value in held.items():
                if isinstance(value, Timer):
                    self._arm({
                        "id": f"d{value.seq}_{index}", "t": "d", "p": index, "k": key, "s": value.seq,
                        "e": value.event, "a": value.at, "due": value.alert_at, "dl": value.deadline, "w": 1,
                    })
                    continue
                for entry in value:
                    fact: dict[str, Any] = {"id": f"h{entry.seq}_{index}", "t": "h", "p": index, "k": key,
                            "s": entry.seq, "e": entry.event, "a": entry.at}
                    if self._assert(fact):
                        raise EngineError(f"restoring pattern '{p.id}' key '{key}' fired a rule; the state was not normalised")
                    heapq.heappush(self._expiry, (entry.at + p.window, fact["id"]))

    def _size(self) -> int:
        return len(self._facts()) + len(self._expiry) + len(self._due)

    def _delete(self) -> None:
        self._core.delete_ruleset(self._handle.pop())
        self._ruleset = None
        self._expiry.clear()
        self._due.clear()


def _release(thread: ThreadPoolExecutor, handle: list[int], core: Any) -> None:
    """Finalizer: delete the ruleset on its own thread, without waiting (the collector
    may run inside another watch's engine job, which holds the engine lock)."""

    def delete() -> None:
        with _ENGINE_LOCK:
            while handle:
                core.delete_ruleset(handle.pop())

    try:
        thread.submit(delete)
    except RuntimeError:  # interpreter shutting down: the process frees everything
        return
    thread.shutdown(wait=False)


def _ordered(match: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(match.values(), key=lambda fact: fact["s"])


def _entry(fact: dict[str, Any]) -> Entry:
    return Entry(fact["s"], fact["e"], fact["a"])


def _timer(fact: dict[str, Any]) -> Timer:
    return Timer(fact["s"], fact["e"], fact["a"], fact["due"], fact["dl"])


def _timer_hit(fact: dict[str, Any]) -> Hit:
    return Hit(fact["p"], fact["k"], (_entry(fact),), fact["due"], fact["dl"])
