"""Messages compiled once per playbook write what the regular-expression fill writes.

The engine renders a dozen messages per decision from :class:`playbook.messages.MessageTable`
(each template split once into literal text and names); :func:`playbook.template.fill` and
:func:`playbook.messages.render` remain the definition. Generated templates mix every token
the syntax has (names, ``{{``/``}}``, lone braces, fields that are not plain names).
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from playbook import Playbook
from playbook.messages import DEFAULT_MESSAGES, MessageTable, render
from playbook.template import Template, fill

NAMES = ["n", "phrase", "due_by", "x1", "_"]
PIECES = st.one_of(
    st.text(alphabet="ab 工{}:!._[]", max_size=6),
    st.sampled_from([f"{{{n}}}" for n in NAMES] + ["{{", "}}", "{", "}", "{a.b}", "{x:>9}", "{}", "{n!r}", "{ n}"]),
)
TEMPLATES = st.lists(PIECES, max_size=8).map("".join)
VALUES = st.dictionaries(st.sampled_from(NAMES + ["a.b", "other"]),
                         st.one_of(st.none(), st.integers(), st.text(alphabet="{}工a", max_size=3)), max_size=5)


@settings(max_examples=800, deadline=None)
@given(TEMPLATES, VALUES)
def test_a_compiled_template_fills_as_fill_does(template: str, values: dict[str, Any]) -> None:
    assert Template(template).fill(values) == fill(template, values)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(DEFAULT_MESSAGES)[:12] + ["own_key"]), TEMPLATES | st.just(""), max_size=4),
       st.sampled_from(sorted(DEFAULT_MESSAGES) + ["own_key", "not {a} key"]), VALUES)
def test_a_message_table_renders_as_render_does(messages: dict[str, str], key: str, values: dict[str, Any]) -> None:
    assert MessageTable(messages).render(key, values) == render(messages, key, values)


def test_the_standard_playbooks_write_every_message_as_render_does(standard_zh: Playbook, standard_en: Playbook) -> None:
    values = {"n": 3, "phrase": "不归我们管", "clock": None, "fields": "订单号, 原因", "due_by": "2026-03-02 18:00"}
    for playbook in (standard_zh, standard_en):
        pb = playbook.compiled
        for key in sorted({*DEFAULT_MESSAGES, *pb.messages}):
            assert pb.texts.render(key, values) == render(pb.messages, key, values), key
