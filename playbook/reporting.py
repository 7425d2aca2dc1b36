"""One way to write any result: a renderer per output format, one table per result type.

Lint findings, test runs, decisions, explanations, impact reports and validation results
each have a :class:`Reporters` table next to the code that produces them. A renderer takes
the result and the stream to write it to, nothing else: options a format needs (verbose
text, the names of two compared playbooks) are bound when the table is made. The CLI asks a
table for its formats (``--format`` choices, default first) and renders through it, so a
new format is one entry in one table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, Protocol, TextIO, TypeVar

R = TypeVar("R")
R_contra = TypeVar("R_contra", contravariant=True)


class Renderer(Protocol[R_contra]):
    """Writes one result in one format."""

    def __call__(self, result: R_contra, stream: TextIO, /) -> None: ...


@dataclass(frozen=True, slots=True)
class Reporters(Generic[R]):
    """The output formats of one result type, by name; the first is the default."""

    renderers: Mapping[str, Renderer[R]]

    def __post_init__(self) -> None:
        if not self.renderers:
            raise ValueError("a result type needs at least one output format")

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(self.renderers)

    @property
    def default(self) -> str:
        return self.formats[0]

    def render(self, result: R, output_format: str, stream: TextIO) -> None:
        """Write ``result`` to ``stream`` in ``output_format`` (one of :attr:`formats`)."""
        renderer = self.renderers.get(output_format)
        if renderer is None:
            raise ValueError(f"unknown output format '{output_format}' (one of: {', '.join(self.formats)})")
        renderer(result, stream)
