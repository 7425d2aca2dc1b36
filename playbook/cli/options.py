"""Options several commands share."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

from playbook.api import Playbook
from playbook.standard import DEFAULT_LANGUAGE, resolve_reference

FC = TypeVar("FC", bound="Callable[..., object] | click.Command")

playbook_option = click.option(
    "--playbook", "-p", "playbook_path", metavar="PATH",
    help="Playbook file or folder, or standard:zh / standard:en. Default: the standard Chinese playbook.",
)


def format_option(*choices: str, default: str = "text") -> Callable[[FC], FC]:
    return click.option(
        "--format", "-f", "output_format", type=click.Choice(choices), default=default, show_default=True,
        help="Output format.",
    )


def open_playbook(path: str | None) -> Playbook:
    """The playbook a command works with: the path given, a standard one, or the default."""
    if path is None:
        return Playbook.standard(DEFAULT_LANGUAGE)
    if path.startswith("standard:"):
        return Playbook.load(resolve_reference(path))
    return Playbook.load(path)
