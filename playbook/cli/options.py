"""Options several commands share."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO, TypeVar

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


def output_option(help_text: str = "Write the report to this file instead of standard output.") -> Callable[[FC], FC]:
    """``--output/-o FILE``; the file is checked when it is opened (:func:`open_output`)."""
    return click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path),
                        default=None, help=help_text)


@contextmanager
def open_output(path: Path | None, stdout: TextIO) -> Iterator[TextIO]:
    """The stream a report goes to: ``path`` (written as UTF-8) or ``stdout``.

    A folder that does not exist, or a file that cannot be written, is a usage error
    (exit 2) naming the path, never a traceback.
    """
    if path is None:
        yield stdout
        return
    if not path.parent.is_dir():
        raise click.BadParameter(f"the folder {path.parent} does not exist; create it first", param_hint="--output")
    try:
        stream = path.open("w", encoding="utf-8")
    except OSError as exc:
        raise click.BadParameter(f"cannot write {path}: {exc.strerror or exc}", param_hint="--output") from None
    with stream:
        yield stream


def playbook_paths(paths: tuple[str, ...]) -> tuple[str, ...]:
    """Paths as given, with ``standard:zh`` / ``standard:en`` replaced by where they live."""
    return tuple(str(resolve_reference(path)) if path.startswith("standard:") else path for path in paths)


def open_playbook(path: str | None) -> Playbook:
    """The playbook a command works with: the path given, a standard one, or the default."""
    if path is None:
        return Playbook.standard(DEFAULT_LANGUAGE)
    if path.startswith("standard:"):
        return Playbook.load(resolve_reference(path))
    return Playbook.load(path)


def jobs_option(what: str) -> Callable[[FC], FC]:
    """``--jobs/-j N``: worker processes for commands that evaluate many cases.

    Left out, every core is used once the input is large enough to pay for starting the
    workers (see :data:`playbook.parallel.DEFAULT_INLINE_UP_TO`); ``-j 1`` runs in this
    process; ``-j 0`` means every core; a negative number leaves that many cores free. The
    output is the same, in the input order, whatever N is.
    """
    return click.option(
        "--jobs", "-j", "jobs", type=int, default=None, metavar="N",
        help=f"Worker processes for {what} (default: every core for large inputs; 1: no workers).",
    )


def inline_limit(jobs: int | None) -> int:
    """How many items run inline before workers start: none when ``--jobs`` was given."""
    from playbook.parallel import DEFAULT_INLINE_UP_TO

    return DEFAULT_INLINE_UP_TO if jobs is None else 0
