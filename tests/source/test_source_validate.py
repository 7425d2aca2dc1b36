"""validate(): every pydantic error becomes a located, plain-English diagnostic."""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar

import pytest
from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    RootModel,
    Tag,
    field_validator,
    model_validator,
)

from playbook.errors import Diagnostic
from playbook.model.duration import Duration
from playbook.source import SourceTree, load_tree, read_file, validate

Write = Callable[[str, "str | bytes"], Path]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class PhraseCheck(Strict):
    kind: Literal["phrase"]
    phrase_sets: list[str]
    min_hits: int = 1


class RegexCheck(Strict):
    kind: Literal["regex"]
    pattern: str

    @field_validator("pattern")
    @classmethod
    def compiles(cls, value: str) -> str:
        if value.count("(") != value.count(")"):
            raise ValueError(f"pattern '{value}' has unbalanced parentheses")
        return value


class SentimentCheck(Strict):
    kind: Literal["sentiment"]
    below: float = Field(ge=-1, le=1)


Check = Annotated[PhraseCheck | RegexCheck | SentimentCheck, Field(discriminator="kind")]


class Severity(enum.Enum):
    LOW = "low"
    HIGH = "high"


class Taboo(Strict):
    id: str
    severity: Severity = Severity.LOW
    checks: list[Check] = Field(min_length=1)
    cap: int | None = None
    window: Duration | None = None


class Escalation(Strict):
    level: Literal["team", "manager", "director"]
    after: Duration
    from_: str = Field("queue", alias="from")


class Playbook(Strict):
    id: str
    name: str = ""
    version: int = 1
    taboos: list[Taboo] = []
    escalation: Escalation | None = None
    limits: dict[str, int] = {}
    channel: Literal["phone", "mail"] | list[Literal["phone", "mail"]] = "phone"


def check(write: Write, text: str, model: type[BaseModel] = Playbook) -> tuple[Path, list[Diagnostic]]:
    path = write("p.yaml", text)
    result, diagnostics = validate(model, read_file(path))
    assert result is None
    return path, diagnostics


def only(diagnostics: list[Diagnostic]) -> Diagnostic:
    assert len(diagnostics) == 1, [d.format() for d in diagnostics]
    return diagnostics[0]


def test_valid_document_gives_the_model(write: Write) -> None:
    path = write(
        "p.yaml",
        """
        id: p
        taboos:
          - id: t1
            window: 24h
            checks:
              - {kind: phrase, phrase_sets: [rude]}
              - {kind: regex, pattern: "a(b)"}
        escalation: {level: team, after: 4bh, from: desk}
        """,
    )
    model, diagnostics = validate(Playbook, read_file(path))
    assert diagnostics == []
    assert isinstance(model, Playbook)
    assert model.taboos[0].window == Duration.parse("24h")
    assert model.escalation is not None and model.escalation.from_ == "desk"


def test_unknown_field_deep_in_a_tagged_union(write: Write) -> None:
    path, diagnostics = check(
        write,
        """
        id: p
        taboos:
          - id: t1
            checks:
              - kind: phrase
                phrse_sets: [rude]
        """,
    )
    assert [(d.code, str(d.span), d.message, d.hint) for d in diagnostics] == [
        ("missing-field", f"{path}:5:9", "missing required field 'phrase_sets' in taboos[0].checks[0]", None),
        (
            "unknown-field",
            f"{path}:6:9",
            "unknown field 'phrse_sets' in taboos[0].checks[0]",
            "did you mean 'phrase_sets'?",
        ),
    ]
    assert diagnostics[1].path == ("taboos", 0, "checks", 0, "phrse_sets")


def test_unknown_field_at_the_top_level(write: Write) -> None:
    path, diagnostics = check(write, "id: p\nnmae: x\n")
    error = only(diagnostics)
    assert (error.code, str(error.span), error.message, error.hint) == (
        "unknown-field",
        f"{path}:2:1",
        "unknown field 'nmae' at the top level",
        "did you mean 'name'?",
    )


def test_unknown_field_uses_aliases_for_suggestions(write: Write) -> None:
    path, diagnostics = check(write, "id: p\nescalation:\n  level: team\n  after: 1h\n  form: desk\n")
    error = only(diagnostics)
    assert (error.code, str(error.span), error.hint) == ("unknown-field", f"{path}:5:3", "did you mean 'from'?")


def test_missing_field_points_at_the_mapping(write: Write) -> None:
    path, diagnostics = check(write, "id: p\nescalation:\n  after: 1h\n")
    error = only(diagnostics)
    assert (error.code, str(error.span), error.message) == (
        "missing-field",
        f"{path}:2:1",
        "missing required field 'level' in escalation",
    )
    assert error.path == ("escalation", "level")


def test_missing_field_at_top_level(write: Write) -> None:
    path, diagnostics = check(write, "name: x\n")
    error = only(diagnostics)
    assert (error.code, str(error.span), error.message) == (
        "missing-field",
        f"{path}:1:1",
        "missing required field 'id'",
    )


def test_wrong_type_says_what_was_expected_and_got(write: Write) -> None:
    path, diagnostics = check(
        write,
        """
        id: p
        version: abc
        taboos:
          - id: t1
            cap: 2.5
            checks:
              - {kind: sentiment, below: low}
        """,
    )
    assert [(d.code, str(d.span), d.message) for d in diagnostics] == [
        ("wrong-type", f"{path}:2:10", "expected a whole number, got text 'abc'"),
        ("wrong-type", f"{path}:5:10", "expected a whole number, got the number 2.5"),
        ("wrong-type", f"{path}:7:34", "expected a number, got text 'low'"),
    ]


def test_wrong_type_hints_at_quotes_for_yaml_surprises(write: Write) -> None:
    _, diagnostics = check(write, "id: p\nname: no\n")
    error = only(diagnostics)
    assert (error.code, error.message, error.hint) == (
        "wrong-type",
        "expected text, got false (a yes/no value)",
        "put the value in quotes to make it text",
    )


def test_mapping_expected(write: Write) -> None:
    path, diagnostics = check(write, "id: p\ntaboos:\n  - t1\n")
    error = only(diagnostics)
    assert (error.code, str(error.span)) == ("wrong-type", f"{path}:3:5")
    assert error.message == "expected a mapping (with 'id', 'severity', 'checks', 'cap', ...), got text 't1'"


def test_literal_lists_allowed_values_and_suggests(write: Write) -> None:
    path, diagnostics = check(write, "id: p\nescalation:\n  level: manger\n  after: 1h\n")
    error = only(diagnostics)
    assert (error.code, str(error.span), error.message, error.hint) == (
        "invalid-value",
        f"{path}:3:10",
        "'manger' is not allowed here; expected one of 'team', 'manager', 'director'",
        "did you mean 'manager'?",
    )


def test_enum_values(write: Write) -> None:
    path, diagnostics = check(
        write, "id: p\ntaboos:\n  - id: t\n    severity: HIGH\n    checks: [{kind: regex, pattern: x}]\n"
    )
    error = only(diagnostics)
    assert (error.code, str(error.span), error.message, error.hint) == (
        "invalid-value",
        f"{path}:4:15",
        "'HIGH' is not allowed here; expected one of 'low', 'high'",
        "did you mean 'high'?",
    )


def test_custom_validator_message_is_passed_through(write: Write) -> None:
    path, diagnostics = check(
        write,
        "id: p\ntaboos:\n  - id: t\n    window: 3x\n    checks: [{kind: regex, pattern: 'a(b'}]\n",
    )
    assert [(d.code, str(d.span), d.message) for d in diagnostics] == [
        (
            "invalid-value",
            f"{path}:4:13",
            (
                "'3x' is not a duration; write a number and a unit: 30m, 4h, 3d, 2w (calendar), "
                "8bh (business hours) or 7bd (business days)"
            ),
        ),
        ("invalid-value", f"{path}:5:37", "pattern 'a(b' has unbalanced parentheses"),
    ]


def test_unknown_kind_suggests_the_nearest(write: Write) -> None:
    path, diagnostics = check(write, "id: p\ntaboos:\n  - id: t\n    checks:\n      - kind: regx\n        pattern: x\n")
    error = only(diagnostics)
    assert (error.code, str(error.span), error.message) == ("unknown-kind", f"{path}:5:15", "unknown kind 'regx'")
    assert error.hint == "did you mean 'regex'? (allowed: 'phrase', 'regex', 'sentiment')"
    assert error.path == ("taboos", 0, "checks", 0, "kind")


def test_missing_kind(write: Write) -> None:
    path, diagnostics = check(write, "id: p\ntaboos:\n  - id: t\n    checks:\n      - pattern: x\n")
    error = only(diagnostics)
    assert (error.code, str(error.span), error.message) == (
        "missing-field",
        f"{path}:5:9",
        "missing required field 'kind' in taboos[0].checks[0]",
    )
    assert error.hint == "'kind' says which kind of entry this is: one of 'phrase', 'regex', 'sentiment'"


def test_constraints_in_plain_english(write: Write) -> None:
    path, diagnostics = check(
        write,
        "id: p\ntaboos:\n  - id: t\n    checks: []\n  - id: u\n    checks: [{kind: sentiment, below: -3}]\n",
    )
    assert [(d.code, str(d.span), d.message) for d in diagnostics] == [
        ("invalid-value", f"{path}:4:13", "needs at least 1 item, but has 0"),
        ("invalid-value", f"{path}:6:39", "must be at least -1, got the number -3"),
    ]


def test_dict_values_and_keys(write: Write) -> None:
    path, diagnostics = check(write, "id: p\nlimits:\n  daily: many\n  weekly: 3\n")
    error = only(diagnostics)
    assert (error.code, str(error.span), error.path) == ("wrong-type", f"{path}:3:10", ("limits", "daily"))


def test_plain_union_of_types_gives_one_error(write: Write) -> None:
    path, diagnostics = check(write, "id: p\nchannel: fax\n")
    error = only(diagnostics)
    assert (error.code, str(error.span)) == ("wrong-type", f"{path}:2:10")
    assert error.message == "expected one of 'phone', 'mail' or a list, got text 'fax'"


def test_plain_union_follows_the_member_the_value_fits(write: Write) -> None:
    path, diagnostics = check(write, "id: p\nchannel: [phone, fx]\n")
    error = only(diagnostics)
    assert (error.code, str(error.span), error.path) == ("invalid-value", f"{path}:2:18", ("channel", 1))
    assert error.message == "'fx' is not allowed here; expected one of 'phone', 'mail'"


def test_null_for_optional_model_is_fine_and_wrong_type_is_not(write: Write) -> None:
    path = write("p.yaml", "id: p\nescalation:\n")
    assert validate(Playbook, read_file(path))[1] == []
    path, diagnostics = check(write, "id: p\nescalation: soon\n")
    error = only(diagnostics)
    assert (error.code, str(error.span)) == ("wrong-type", f"{path}:2:13")
    assert error.message.startswith("expected a mapping (with 'level', 'after', 'from'), got text 'soon'")


def test_every_error_is_reported_sorted_by_location(write: Write) -> None:
    _, diagnostics = check(
        write,
        """
        version: x
        taboos:
          - id: 1
            checks: [{kind: nope}]
            extra: 1
        escalation: {level: boss, after: 2}
        id: p
        """,
    )
    located = [(d.code, d.span.line if d.span else 0) for d in diagnostics]
    assert located == sorted(located, key=lambda item: item[1])
    assert {code for code, _ in located} == {"wrong-type", "unknown-kind", "unknown-field", "invalid-value"}
    assert len(diagnostics) == 6


def test_errors_point_into_the_file_each_value_came_from(write: Write) -> None:
    first = write("pb/a.yaml", "id: p\ntaboos:\n  - id: t1\n    checks: [{kind: regex, pattern: x}]\n")
    second = write("pb/b.yaml", "taboos:\n  - id: t2\n    chekcs: []\n")
    tree = load_tree(first.parent)
    _, diagnostics = validate(Playbook, tree)
    assert [(d.code, str(d.span)) for d in diagnostics] == [
        ("missing-field", f"{second}:2:5"),
        ("unknown-field", f"{second}:3:5"),
    ]
    assert diagnostics[1].path == ("taboos", 1, "chekcs")


# -- generic over models ---------------------------------------------------------

T = TypeVar("T")


class Box(Strict, Generic[T]):
    item: T


class Pair(Strict):
    left: int
    right: int


class Counts(RootModel[dict[str, int]]):
    pass


def by_shape(value: Any) -> str | None:
    if isinstance(value, dict):
        return "pair" if "left" in value else "box"
    return None


class Zoo(Strict):
    boxes: list[Box[int]] = []
    counts: Counts | None = None
    shaped: (
        Annotated[Annotated[Pair, Tag("pair")] | Annotated[Box[str], Tag("box")], Discriminator(by_shape)] | None
    ) = None
    named: int = Field(0, validation_alias=AliasChoices("named", "aka"))
    span: tuple[int, str] | None = None


def test_generic_models_root_models_and_callable_discriminators(write: Write) -> None:
    path, diagnostics = check(
        write,
        """
        boxes:
          - item: x
        counts: {a: 1, b: two}
        shaped: {left: 1, rigth: 2}
        aka: nine
        span: [1, 2]
        """,
        Zoo,
    )
    assert [(d.code, str(d.span), d.path, d.hint) for d in diagnostics] == [
        ("wrong-type", f"{path}:2:11", ("boxes", 0, "item"), None),
        ("wrong-type", f"{path}:3:19", ("counts", "b"), None),
        ("missing-field", f"{path}:4:1", ("shaped", "right"), None),
        ("unknown-field", f"{path}:4:19", ("shaped", "rigth"), "did you mean 'right'?"),
        ("wrong-type", f"{path}:5:6", ("aka",), None),
        ("wrong-type", f"{path}:6:11", ("span", 1), "put the value in quotes to make it text"),
    ]


class Tagged(Strict):
    kind: Literal["phrase"] = "phrase"
    phrase: str


class Other(Strict):
    kind: Literal["other"]
    other: int


class SameNames(Strict):
    items: list[Annotated[Tagged | Other, Field(discriminator="kind")]]


def test_discriminator_tag_equal_to_a_field_name(write: Write) -> None:
    # loc is ('items', 0, 'phrase', 'phrase'): the first 'phrase' is the tag, the second the field.
    path, diagnostics = check(write, "items:\n  - kind: phrase\n    phrase: [x]\n", SameNames)
    error = only(diagnostics)
    assert (error.code, str(error.span), error.path) == ("wrong-type", f"{path}:3:13", ("items", 0, "phrase"))


class Checked(Strict):
    low: int
    high: int

    @model_validator(mode="after")
    def ordered(self) -> Checked:
        if self.low > self.high:
            raise ValueError("low must not be above high")
        return self


def test_model_validator_errors_point_at_the_mapping(write: Write) -> None:
    path, diagnostics = check(write, "low: 5\nhigh: 1\n", Checked)
    error = only(diagnostics)
    assert (error.code, str(error.span), error.message) == (
        "invalid-value",
        f"{path}:1:1",
        "low must not be above high",
    )


def test_tree_without_positions() -> None:
    _, diagnostics = validate(Playbook, SourceTree(data={"id": 3}))
    error = only(diagnostics)
    assert (error.code, error.span, error.path) == ("wrong-type", None, ("id",))


@pytest.mark.parametrize("value, code", [("[1]", "wrong-type"), ("{}", "wrong-type"), ("'7'", None)])
def test_lax_strings_and_lists(write: Write, value: str, code: str | None) -> None:
    path = write("p.yaml", f"id: p\nversion: {value}\n")
    _, diagnostics = validate(Playbook, read_file(path))
    assert [d.code for d in diagnostics] == ([code] if code else [])


def positive(value: int) -> int:
    if value <= 0:
        raise ValueError("must be positive")
    return value


class Wrapped(Strict):
    sizes: Annotated[int, AfterValidator(positive)] | list[Annotated[int, AfterValidator(positive)]] = 1
    by_name: dict[str, Annotated[PhraseCheck | RegexCheck, Field(discriminator="kind")]] = {}


def test_function_wrapped_union_members_and_dict_values(write: Write) -> None:
    path, diagnostics = check(
        write,
        """
        sizes: [1, x, -2]
        by_name:
          first: {kind: regex, patern: a}
        """,
        Wrapped,
    )
    assert [(d.code, str(d.span), d.path, d.message) for d in diagnostics] == [
        ("wrong-type", f"{path}:1:12", ("sizes", 1), "expected a whole number, got text 'x'"),
        ("invalid-value", f"{path}:1:15", ("sizes", 2), "must be positive"),
        (
            "missing-field",
            f"{path}:3:3",
            ("by_name", "first", "pattern"),
            "missing required field 'pattern' in by_name.first",
        ),
        ("unknown-field", f"{path}:3:24", ("by_name", "first", "patern"), "unknown field 'patern' in by_name.first"),
    ]
    # The member the value did not fit is kept for reference, not reported on its own.
    assert [d.message for d in diagnostics[0].related] == ["expected a whole number, got a list"]
