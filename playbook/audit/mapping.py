"""How the columns of a flat table become case fields: a small declared mapping.

Exports from ticket systems are flat: a CSV or Parquet table with one row per case, or one
row per message with a session column. The mapping says which column is which case field,
in a YAML file (``--mapping``) or in flags (``--map FIELD=COLUMN``, ``--session-column``)::

    session: session_id          # rows with the same value are one case (one row per message)
    order: seq                   # sort a session's messages by this column (optional)
    case:                        # case field (dotted path) <- column
      id: session_id
      channel: channel
      customer.tier: tier
      customer.order_amount: order_amount
      facts.agent: agent_id
      facts.team: team
    message:                     # message field <- column (only with `session`)
      role: sender
      text: content
      at: sent_at
      author: agent_id
    roles: {"0": customer, "1": agent}   # values of the role column, as case roles
    json_columns: [transcript]           # columns holding JSON (a list, a mapping)

Field paths are checked against the case model when the mapping loads, so a misspelt
field is a located error before a single row is read; a row whose values do not fit is a
located reject of that row, never a stop.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from playbook.case.model import Case, Message
from playbook.errors import Diagnostic, SchemaError
from playbook.suggest import did_you_mean

ROLES = ("customer", "agent", "system")


class MessageColumns(BaseModel):
    """Columns of a message row."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    role: str = Field(description="Column with the author's role (mapped through `roles`).")
    text: str = Field(description="Column with the message text.")
    at: str | None = Field(default=None, description="Column with the time the message was sent.")
    author: str | None = Field(default=None, description="Column with the author's id (the agent).")


class ColumnMapping(BaseModel):
    """A declared mapping from table columns to case fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    session: str | None = Field(default=None, description="Column grouping one-row-per-message tables into cases.")
    order: str | None = Field(default=None, description="Column ordering a session's messages (numbers or times).")
    case: dict[str, str] = Field(default_factory=dict, description="Case field (dotted path) <- column.")
    message: MessageColumns | None = Field(default=None, description="Message field <- column.")
    roles: dict[str, str] = Field(default_factory=dict, description="Role column value -> customer/agent/system.")
    json_columns: list[str] = Field(default_factory=list, description="Columns whose values are JSON text.")

    @field_validator("case")
    @classmethod
    def _known_fields(cls, value: dict[str, str]) -> dict[str, str]:
        for path in value:
            _check_case_path(path)
        return value

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, value: dict[str, str]) -> dict[str, str]:
        for raw, role in value.items():
            if role not in ROLES:
                raise ValueError(f"role '{role}' for value '{raw}' is not one of {', '.join(ROLES)}")
        return value

    @property
    def per_message(self) -> bool:
        """True when each row is one message of a session."""
        return self.message is not None

    def columns(self) -> set[str]:
        """Every column the mapping reads."""
        names = set(self.case.values())
        if self.session:
            names.add(self.session)
        if self.order:
            names.add(self.order)
        if self.message is not None:
            names.update(c for c in self.message.model_dump().values() if c)
        return names


def _check_case_path(path: str) -> None:
    head, _, rest = path.partition(".")
    fields = Case.model_fields
    if head not in fields:
        raise ValueError(f"'{head}' is not a case field ({did_you_mean(head, list(fields)) or 'see playbook schema --for case'})")
    if head in ("facts", "record"):
        if not rest:
            raise ValueError(f"'{head}' needs a name: '{head}.NAME'")
        return
    if rest:
        annotation = fields[head].annotation
        sub = _model_in(annotation)
        if sub is None:
            raise ValueError(f"case field '{head}' has no parts; '{path}' cannot be set")
        name = rest.split(".")[0]
        if name not in sub.model_fields:
            raise ValueError(f"'{name}' is not a field of '{head}' ({did_you_mean(name, list(sub.model_fields)) or 'see playbook schema --for case'})")


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def load_mapping(path: str | Path) -> ColumnMapping:
    """Read a mapping YAML file; every mistake is a located :class:`SchemaError`."""
    from playbook.source.validate import validate
    from playbook.source.yaml_reader import read_yaml

    tree = read_yaml(Path(path).read_bytes(), str(path))
    model, diagnostics = validate(ColumnMapping, tree)
    if model is None:
        raise SchemaError(diagnostics)
    return model


def mapping_from_flags(pairs: tuple[str, ...], session: str | None, base: ColumnMapping | None) -> ColumnMapping | None:
    """Combine ``--map FIELD=COLUMN`` flags (``message.FIELD=COLUMN`` for message columns)
    and ``--session-column`` with a mapping file's content (flags win)."""
    if not pairs and session is None:
        return base
    data: dict[str, Any] = base.model_dump() if base is not None else {}
    case = dict(data.get("case") or {})
    message = dict(data.get("message") or {})
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field or not column:
            raise SchemaError(Diagnostic(code="bad-map-flag", message=f"--map '{pair}' is not FIELD=COLUMN",
                                         hint="e.g. --map customer.tier=tier or --map message.text=content"))
        if field.startswith("message."):
            message[field.removeprefix("message.")] = column
        else:
            case[field] = column
    data["case"] = case
    data["message"] = message or None
    if session is not None:
        data["session"] = session
    try:
        return ColumnMapping.model_validate(data)
    except ValueError as exc:
        raise SchemaError(Diagnostic(code="bad-mapping", message=str(exc).splitlines()[-1].strip()
                                     if str(exc) else "invalid mapping")) from None


class RowError(ValueError):
    """A row whose values cannot become case fields; becomes a located reject."""


def _value(row: Mapping[str, Any], column: str, json_columns: list[str]) -> Any:
    if column not in row:
        raise RowError(f"column '{column}' is missing")
    value = row[column]
    if isinstance(value, str):
        if value == "":
            return None
        if column in json_columns:
            try:
                return json.loads(value)
            except ValueError as exc:
                raise RowError(f"column '{column}' is not valid JSON: {exc}") from None
    return value


def _set_path(target: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def case_fields(mapping: ColumnMapping, row: Mapping[str, Any]) -> dict[str, Any]:
    """The case fields one row gives (a whole case, or the case part of a message row)."""
    case: dict[str, Any] = {}
    for path, column in mapping.case.items():
        value = _value(row, column, mapping.json_columns)
        if value is not None:
            _set_path(case, path, value)
    return case


def message_fields(mapping: ColumnMapping, row: Mapping[str, Any]) -> dict[str, Any]:
    """One transcript message from a message row; raises :class:`RowError`."""
    columns = mapping.message
    assert columns is not None
    raw_role = _value(row, columns.role, [])
    role = mapping.roles.get(str(raw_role), raw_role)
    if role not in ROLES:
        known = ", ".join(repr(k) for k in mapping.roles) or "none declared"
        raise RowError(f"role value {raw_role!r} in column '{columns.role}' is not customer/agent/system "
                       f"(mapped values: {known})")
    text = _value(row, columns.text, [])
    if text is None:
        text = ""
    message: dict[str, Any] = {"role": role, "text": text if isinstance(text, str) else str(text)}
    for name in ("at", "author"):
        column = getattr(columns, name)
        if column:
            value = _value(row, column, [])
            if value is not None:
                message[name] = value if name == "at" else str(value)
    try:
        Message.model_validate(message)
    except ValueError as exc:
        first = str(exc).splitlines()
        raise RowError("; ".join(line.strip() for line in first[1:3]) or "invalid message") from None
    return message


def identity_case(row: Mapping[str, Any]) -> dict[str, Any]:
    """A flat row whose columns are named like case fields (``customer.tier``…): the default
    when no mapping is given. A ``transcript`` column holds JSON."""
    case: dict[str, Any] = {}
    for column, value in row.items():
        if value is None or value == "":
            continue
        if column in ("transcript", "handoffs", "proposal", "delivery") and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError as exc:
                raise RowError(f"column '{column}' is not valid JSON: {exc}") from None
        _set_path(case, column, value)
    return case
