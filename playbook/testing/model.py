"""The playbook test file format (``*.test.yaml``), as pydantic models.

A test file sits beside the playbook it tests (usually in its ``tests/`` folder) and holds
two kinds of tests, in the spirit of OPA's test cases and Semgrep's rule tests:

* ``tests``: a case (inline, or a file) and the decision expected for it, written as a
  *subset*: only what the writer cares about ("taboo 7 flagged on message 2", "escalate to
  manager", "cap 150.00", "no violations"). Agent messages of an inline transcript may
  carry their own ``expect:`` ("must flag", "must not flag"), like ``ruleid:``/``ok:``
  annotations.
* ``load_errors``: broken playbooks that must fail to load, with the diagnostic expected.

The models forbid unknown keys, so a misspelt expectation is a located error with a
suggestion instead of a test that silently checks nothing.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

TabooRef = int | str
"""A taboo named by its id (``formulaic_handling``) or its number in the list (``7``)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Flag(_Strict):
    """One violation that must be present; every given field must match the same violation."""

    taboo: TabooRef | None = Field(default=None, description="Taboo id or number.")
    rule: str | None = Field(default=None, description="Rule id, e.g. 'formulaic_handling/rule_as_excuse'.")
    phrase: str | None = Field(default=None, description="Phrase id of the evidence.")
    message_index: int | None = Field(
        default=None, ge=0, description="Transcript position of the evidence (0 = first message)."
    )
    text: str | None = Field(default=None, description="Text the evidence must contain, as written in the message.")
    severity: str | None = None

    @model_validator(mode="after")
    def _says_something(self) -> Flag:
        if not self.model_fields_set:
            raise ValueError("a flag needs at least one of taboo, rule, phrase, message_index, text, severity")
        return self


class Expect(_Strict):
    """What the decision must hold. Only the keys written are checked.

    Convenience keys come first; any other top-level field of the decision (``compensation``,
    ``escalation``, ``sla``, ``actions``, ``missing``…) is matched as a subset of the
    decision's JSON: mappings key by key, lists item by item (same length), or with
    ``{contains: [...]}``, ``{not_contains: [...]}``, ``{length: N}``.
    """

    taboos: list[TabooRef] | None = Field(default=None, description="Taboos that must be violated (others may be too).")
    no_taboos: list[TabooRef] | None = Field(default=None, description="Taboos that must not be violated.")
    only_taboos: list[TabooRef] | None = Field(
        default=None, description="Exactly these taboos are violated, no others ([] = no violation at all)."
    )
    phrases: list[str] | None = Field(default=None, description="Phrase ids that must appear in the evidence.")
    no_phrases: list[str] | None = Field(default=None, description="Phrase ids that must not appear in the evidence.")
    flagged: list[Flag] | None = Field(default=None, description="Violations that must be present, field by field.")
    escalation_level: str | None = Field(default=None, description="Level id the case is raised to.")
    escalate: bool | None = Field(default=None, description="Whether escalation is required.")
    cap: Any = Field(default=None, description="Compensation cap, e.g. '150.00'; null = no cap known.")
    category: Any = Field(default=None, description="Category id, or a mapping matched against the category result.")
    severity: str | None = None
    priority: str | None = None
    violations: Any = Field(default=None, description="[] for none; otherwise matched as a subset.")
    compensation: Any = None
    escalation: Any = None
    sla: Any = None
    actions: Any = None
    missing: Any = None
    warnings: Any = None
    case_id: Any = None
    playbook: Any = None
    playbook_version: Any = None
    decision: dict[str, Any] | None = Field(default=None, description="A subset of the whole decision's JSON.")

    def given(self, written: list[str] | None = None) -> list[str]:
        """The keys the writer set: in the order written when known, else in the model's order."""
        names = [name for name in type(self).model_fields if name in self.model_fields_set]
        if written is None:
            return names
        rank = {key: index for index, key in enumerate(written)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))


class MessageExpect(_Strict):
    """An annotation on one agent message of an inline transcript."""

    flags: list[str | int] = Field(
        default_factory=list, description="Taboo ids, taboo numbers or phrase ids this message must be flagged for."
    )
    no_flags: list[str | int] = Field(
        default_factory=list, description="Taboo ids, numbers or phrase ids this message must not be flagged for."
    )
    clean: bool = Field(default=False, description="true: no violation may point at this message.")

    @model_validator(mode="after")
    def _consistent(self) -> MessageExpect:
        if self.clean and self.flags:
            raise ValueError("a message cannot be both 'clean' and have 'flags'")
        if not (self.clean or self.flags or self.no_flags):
            raise ValueError("an annotation needs 'flags', 'no_flags' or 'clean: true'")
        return self


class CaseTest(_Strict):
    """A case and the decision expected for it."""

    name: str = Field(min_length=1)
    note: str | None = Field(default=None, description="Why this test exists; shown when it fails.")
    case: dict[str, Any] | None = Field(
        default=None,
        description="The case, inline. 'id' defaults to the test name; 'defaults' are merged in. "
        "Omitted (with no case_file): the defaults alone.",
    )
    case_file: str | None = Field(default=None, description="A case file (JSON/YAML), relative to this test file.")
    expect: Expect = Field(default_factory=Expect)

    @model_validator(mode="after")
    def _one_case(self) -> CaseTest:
        if self.case is not None and self.case_file is not None:
            raise ValueError("a test takes 'case' (inline) or 'case_file', not both")
        return self


class ExpectedError(_Strict):
    """The diagnostic a broken playbook must produce (at least one diagnostic must match)."""

    code: str = Field(description="Diagnostic code, e.g. 'unknown-phrase-set'.")
    phase: Literal["load", "schema", "compile"] | None = None
    file: str | None = Field(default=None, description="End of the file path, e.g. 'taboos.yaml'.")
    line: int | None = Field(default=None, ge=1)
    column: int | None = Field(default=None, ge=1)
    message: str | None = Field(default=None, description="Text the message must contain.")


class LoadErrorTest(_Strict):
    """A playbook that must fail to load."""

    name: str = Field(min_length=1)
    note: str | None = None
    playbook: str = Field(description="The broken playbook, relative to this test file.")
    expect_error: ExpectedError


class TestFile(_Strict):
    """A ``*.test.yaml`` file."""

    __test__ = False  # not a pytest test class

    playbook: str | None = Field(
        default=None,
        description="The playbook under test, relative to this file, or 'standard:zh' / 'standard:en'. "
        "Default: the folder above 'tests/', "
        "else '<name>.yaml' beside '<name>.test.yaml', else this file's folder.",
    )
    description: str | None = None
    defaults: dict[str, Any] = Field(
        default_factory=dict, description="Case fields merged into every inline case (the case wins)."
    )
    tests: list[CaseTest] = Field(default_factory=list)
    load_errors: list[LoadErrorTest] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> TestFile:
        if not self.tests and not self.load_errors:
            raise ValueError("a test file needs 'tests' or 'load_errors'")
        seen: set[str] = set()
        for name in [t.name for t in self.tests] + [t.name for t in self.load_errors]:
            if name in seen:
                raise ValueError(f"two tests are named '{name}'; names select tests, so keep them unique")
            seen.add(name)
        return self
