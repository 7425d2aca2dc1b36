"""Compile a watch plan into one durable-rules ruleset definition (plain JSON data).

Kept apart from the backend so the rules can be read and tested without loading
durable-rules. One ruleset holds every pattern of a watch, and one session (the
default ``sid``) holds every key: the engine keeps state per session, and a session
per key exhausts memory long before ten thousand products.

Facts, all carrying ``p`` (pattern index):

``h``  an entry held in a count or ladder window — ``k`` key, ``s`` arrival number,
       ``e`` event id, ``a`` event time (µs).
``o``  a ladder occurrence being judged; asserted, acted on, retracted at once.
``d``  an armed deadline — ``due`` alert time (µs), ``dl`` deadline, ``w`` 1.
``x``  a stop for key ``k``; transient like ``o``.
``n``  "it is now ``now``" (and ``w`` 1); transient, joined against every ``d``.

Rules (the join is the engine's job; Python only retracts what leaves a window):

``count:P``  N ``h`` facts of one key in increasing arrival order. Groups are
             consumed when they fire, so a key never holds N facts for long and
             exactly one combination exists when the N-th arrives.
``step:P:C`` an ``o`` with exactly C-1 ``h`` facts of its key (``none`` guards rule out
             any other fact before, between and after them); for the last step C = L,
             the L-1 most recent. Every count 1..L has a rule, so every ``o`` is
             matched by exactly one rule.
``trim:P``   L ``h`` facts of one key: the oldest is dropped, keeping L-1.
``stop:P``   a ``d`` and an ``x`` with the same key: cancel.
``due:P``    a ``d`` and an ``n`` with ``now >= due``: the timer fires.

Every join condition ends with an equality test against another fact (the key, or
``w`` — a constant 1 on ``d`` and ``n`` facts — where no key applies). durable-rules
2.0.28 reads past the end of a join's expression list when the *last* test of a
condition is a comparison (``$gt``, ``$lt``, ``$gte``…) that fails: on the main
thread's heap the stray read goes unnoticed, on a worker thread's heap it is a
segmentation fault. Measured, not guessed: with the equality last, both are clean
and the matches are identical.

Nothing is posted as an event: durable-rules keeps an unmatched event waiting for a
partner and raises when an event matches no rule. Every message here is a fact that
matches at least one rule's first condition, and transient facts are retracted by
the backend right after their actions ran.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from playbook.watch.plan import Plan

Cond = dict[str, Any]


def _is(kind: str, pattern: int, *more: Cond) -> Cond:
    return {"$and": [{"t": kind}, {"p": pattern}, *more]}


def _same_key(alias: str) -> Cond:
    return {"k": {alias: "k"}}


def _after(alias: str) -> Cond:
    return {"$gt": {"s": {alias: "s"}}}


def _before(alias: str) -> Cond:
    return {"$lt": {"s": {alias: "s"}}}


def chain(pattern: int, n: int) -> list[Cond]:
    """``e0..e{n-1}``: n held facts of one key, each arriving after the previous."""
    out: list[Cond] = []
    for i in range(n):
        extra = [_after(f"e{i-1}"), _same_key("e0")] if i else []
        out.append({f"e{i}": _is("h", pattern, *extra)})
    return out


def step_rule(pattern: int, count: int, last: int) -> list[Cond]:
    """An occurrence ``o`` that is the ``count``-th of its key (``count == last``: at least)."""
    conds: list[Cond] = [{"o": {"$and": [{"t": "o"}, {"p": pattern}]}}]
    held = [f"f{i}" for i in range(1, count)]
    for i, alias in enumerate(held):
        extra = ([_after(held[i - 1])] if i else []) + [_same_key("o")]
        conds.append({alias: _is("h", pattern, *extra)})
    guards: list[list[Cond]] = []
    if not held:
        guards.append([])
    else:
        if count < last:
            guards.append([_before(held[0])])
        for left, right in pairwise(held):
            guards.append([_after(left), _before(right)])
        guards.append([_after(held[-1])])
    for j, extra in enumerate(guards):
        conds.append({f"g{j}$not": _is("h", pattern, *extra, _same_key("o"))})
    return conds


def ruleset_definition(plan: Plan) -> dict[str, dict[str, Any]]:
    """Rule name -> ``{"all": [...]}``; the backend adds each rule's ``run`` action."""
    rules: dict[str, dict[str, Any]] = {}
    for p in plan.patterns:
        i = p.index
        if p.kind == "count":
            rules[f"count:{i}"] = {"all": chain(i, p.keep + 1)}
        elif p.kind == "ladder":
            for count in range(1, p.last_at + 1):
                rules[f"step:{i}:{count}"] = {"all": step_rule(i, count, p.last_at)}
            if p.keep:
                rules[f"trim:{i}"] = {"all": chain(i, p.keep + 1)}
        else:
            rules[f"stop:{i}"] = {"all": [{"d": _is("d", i)}, {"x": _is("x", i, _same_key("d"))}]}
            due = {"$and": [{"t": "n"}, {"$gte": {"now": {"d": "due"}}}, {"w": {"d": "w"}}]}
            rules[f"due:{i}"] = {"all": [{"d": _is("d", i)}, {"n": due}]}
    return rules
