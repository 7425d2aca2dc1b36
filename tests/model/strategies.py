"""Hypothesis strategies that build valid playbook documents as plain data."""

from __future__ import annotations

from hypothesis import strategies as st

ids = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True)
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"), blacklist_characters="\ufeff\u2028\u2029\x85"),
    min_size=1,
    max_size=20,
).filter(lambda s: s.strip() == s and s != "")
severities = st.sampled_from(["low", "medium", "high", "critical"])
durations = st.builds(lambda n, u: f"{n}{u}", st.integers(1, 90), st.sampled_from(["m", "h", "d", "bh", "bd", "w"]))
money = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


def unique_list(strategy, min_size=1, max_size=4):  # type: ignore[no-untyped-def]
    return st.lists(strategy, min_size=min_size, max_size=max_size, unique_by=lambda d: d["id"])


scalars = st.one_of(st.booleans(), st.integers(-1000, 1000), texts, st.none())
leaf = st.one_of(
    st.builds(lambda f, v: {"fact": f, "eq": v}, texts, scalars),
    st.builds(lambda f, v: {"fact": f, "in": v}, texts, st.lists(scalars, max_size=3)),
    st.builds(lambda f, v: {"fact": f, "ge": v}, texts, st.integers(0, 100)),
    st.builds(lambda f, v: {"fact": f, "exists": v}, texts, st.booleans()),
)
conditions = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.builds(lambda xs: {"all": xs}, st.lists(inner, max_size=3)),
        st.builds(lambda xs: {"any": xs}, st.lists(inner, max_size=3)),
        st.builds(lambda x: {"not": x}, inner),
    ),
    max_leaves=6,
)

phrase = st.one_of(
    texts,
    st.fixed_dictionaries(
        {"id": ids, "text": texts},
        optional={"severity": severities, "instead": texts,
                  "exceptions": st.fixed_dictionaries({}, optional={"quoted": st.booleans(),
                                                                    "contexts": st.lists(texts, max_size=2)})},
    ),
)
phrase_set = st.fixed_dictionaries(
    {"id": ids, "kind": st.sampled_from(["forbidden", "required", "signal"]), "phrases": st.lists(phrase, min_size=1, max_size=4)},
    optional={"taboo": ids, "severity": severities, "label": texts, "language": st.sampled_from(["zh", "en"])},
)
check = st.one_of(
    st.fixed_dictionaries({"id": ids, "kind": st.just("handoffs")}, optional={"max_handoffs": st.integers(0, 5), "returns": st.booleans()}),
    st.fixed_dictionaries({"id": ids, "kind": st.just("phrases"), "phrase_sets": st.lists(ids, min_size=1, max_size=2)}),
    st.fixed_dictionaries({"id": ids, "kind": st.just("promises"), "promise_phrases": st.lists(ids, min_size=1, max_size=2)},
                          optional={"date_phrases": st.lists(ids, max_size=2), "overdue": st.booleans()}),
    st.fixed_dictionaries({"id": ids, "kind": st.just("required_phrases"), "phrase_sets": st.lists(ids, min_size=1, max_size=2)},
                          optional={"within_messages": st.integers(1, 5), "when": conditions}),
    st.fixed_dictionaries({"id": ids, "kind": st.just("sla"), "clocks": st.lists(st.sampled_from(["first_response", "resolution", "follow_up"]), min_size=1, max_size=3)}),
    st.fixed_dictionaries({"id": ids, "kind": st.just("refusal"), "refusal_phrases": st.lists(ids, min_size=1, max_size=2),
                           "alternative_phrases": st.lists(ids, min_size=1, max_size=2)}),
    st.fixed_dictionaries({"id": ids, "kind": st.just("fact"), "when": conditions}, optional={"message": texts, "show": st.lists(texts, max_size=2)}),
)
cap = st.one_of(
    st.fixed_dictionaries({"amount": money}),
    st.fixed_dictionaries({"order_multiple": st.decimals(0, 20, places=1)}),
    st.fixed_dictionaries({"amount": money, "order_multiple": st.decimals(0, 20, places=1)}),
)
documents = st.fixed_dictionaries(
    {
        "playbook": st.fixed_dictionaries(
            {"id": ids, "version": texts, "language": st.sampled_from(["zh", "en"]), "currency": st.sampled_from(["CNY", "USD"])},
            optional={"title": texts},
        ),
        "tiers": unique_list(st.fixed_dictionaries({"id": ids, "label": texts}, optional={"handled_first": st.booleans()})),
        "faults": unique_list(st.fixed_dictionaries({"id": ids, "label": texts}, optional={"apology_required": st.booleans()})),
        "escalation": st.fixed_dictionaries(
            {"levels": unique_list(st.fixed_dictionaries({"id": ids, "label": texts},
                                                         optional={"authority": money, "take_over_within": durations}))},
            optional={"triggers": st.lists(st.fixed_dictionaries({"id": ids, "when": conditions, "level": ids},
                                                                 optional={"within": durations}), max_size=3)},
        ),
        "sla": st.fixed_dictionaries({"rules": st.lists(st.fixed_dictionaries(
            {"id": ids, "first_response": durations}, optional={"when": conditions, "resolution": durations}), min_size=1, max_size=3)}),
    },
    optional={
        "categories": st.lists(st.fixed_dictionaries({"id": ids, "label": texts},
                                                     optional={"keywords": st.lists(texts, max_size=3), "severity": severities}), max_size=3),
        "phrase_sets": st.lists(phrase_set, max_size=3),
        "compensation": st.fixed_dictionaries({
            "remedies": unique_list(st.fixed_dictionaries({"id": ids, "label": texts})),
            "limits": st.lists(st.fixed_dictionaries({"fault": st.one_of(ids, st.lists(ids, min_size=1, max_size=2)),
                                                      "tier": ids, "cap": cap, "remedies": st.lists(ids, min_size=1, max_size=2)},
                                                     optional={"approver": ids}), min_size=1, max_size=3),
        }),
        "taboos": st.lists(st.fixed_dictionaries({"id": ids, "label": texts, "checks": st.lists(check, max_size=3)},
                                                 optional={"number": st.integers(1, 7), "severity": severities}), max_size=3),
        "actions": st.lists(st.fixed_dictionaries({"id": ids, "title": texts},
                                                  optional={"kind": st.sampled_from(["step", "apologise", "record", "escalate"]),
                                                            "when": conditions, "script": texts}), max_size=3),
        "triage": st.fixed_dictionaries({}, optional={
            "severity": st.lists(st.fixed_dictionaries({"id": ids, "when": conditions, "severity": severities}), max_size=2),
            "priorities": st.lists(st.fixed_dictionaries({"id": ids}, optional={"when": conditions}), max_size=2)}),
        "messages": st.dictionaries(ids, texts, max_size=2),
    },
)
