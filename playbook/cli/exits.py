"""Exit codes, in one place, and the wrapper that maps exceptions to them.

0 — success; 1 — the command's findings (an invalid playbook, a failing test, lint
findings, violations when asked to fail on them); 2 — usage error, input that could not
be read (any rejected case in a batch), or output that could not be written (stdout
closed, disk full); 3 — an internal error (a bug: please report it); 141 — the reader of
stdout went away (``| head``), as for a command killed by SIGPIPE.
"""

from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from playbook.errors import PlaybookError

OK = 0
FINDINGS = 1
USAGE = 2
INTERNAL = 3

BROKEN_PIPE = 128 + 13
"""Exit code when the reader of stdout went away (as if killed by SIGPIPE)."""

OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EBADF, errno.EIO, errno.EPIPE})
"""OS errors that mean the output cannot be written (a full disk, a closed stdout, …)."""

F = TypeVar("F", bound=Callable[..., Any])


def print_diagnostics(error: PlaybookError, stream: Any = None) -> None:
    stream = stream or sys.stderr
    for diagnostic in error.diagnostics:
        print(diagnostic.format(), file=stream)


def handle_errors(func: F) -> F:
    """Run a command; print any PlaybookError's diagnostics on stderr and exit with its code.

    Tracebacks are for developers: set PLAYBOOK_DEBUG=1 to see one for an internal error.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            try:
                result = func(*args, **kwargs)
            except SystemExit as done:
                _flush_output()
                raise SystemExit(_with_rejections(done.code)) from None
            _flush_output()
        except PlaybookError as error:
            print_diagnostics(error)
            raise SystemExit(USAGE) from None
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            raise SystemExit(130) from None
        except BrokenPipeError:
            # the reader (`| head`) went away: stop quietly, with the code a shell gives a
            # command killed by SIGPIPE, so `set -o pipefail` still sees the output was cut
            _silence_stdout()
            raise SystemExit(BROKEN_PIPE) from None
        except OSError as error:
            if error.errno not in OUTPUT_ERRNOS:
                raise _internal(error) from None
            _silence_stdout()
            print(f"error: cannot write the output: {error.strerror or error}", file=sys.stderr)
            raise SystemExit(USAGE) from None
        except Exception as error:
            raise _internal(error) from None
        if _rejections():
            raise SystemExit(_with_rejections(OK))
        return result

    return wrapper  # type: ignore[return-value]


def _internal(error: BaseException) -> BaseException:
    """What an unexpected exception ends in: its traceback under PLAYBOOK_DEBUG, else exit 3."""
    if os.environ.get("PLAYBOOK_DEBUG"):
        return error
    print(f"internal error: {type(error).__name__}: {error}", file=sys.stderr)
    print("  hint: set PLAYBOOK_DEBUG=1 to see the traceback, and please report it", file=sys.stderr)
    return SystemExit(INTERNAL)


def _flush_output() -> None:
    """Write out what is buffered for stdout now, so a full disk is an error of this command
    and not a complaint of the interpreter at exit."""
    if sys.stdout is not None:
        sys.stdout.flush()


def _silence_stdout() -> None:
    """Point stdout at the null device so the flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


def _rejections() -> int:
    from .case_input import rejected_count

    return rejected_count()


def _with_rejections(code: object) -> object:
    """A command's exit code, made 2 when some input case was rejected (and told on stderr)."""
    if code in (None, OK, FINDINGS) and _rejections():
        print(f"{_rejections()} input case(s) rejected; the others were decided", file=sys.stderr)
        return USAGE
    return code
