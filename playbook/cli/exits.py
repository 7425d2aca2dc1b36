"""Exit codes, in one place, and the wrapper that maps exceptions to them.

0 — success; 1 — the command's findings (an invalid playbook, a failing test, lint
findings, violations when asked to fail on them); 2 — usage error or input that could not
be read; 3 — an internal error (a bug: please report it).
"""

from __future__ import annotations

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
            result = func(*args, **kwargs)
        except SystemExit as done:
            raise SystemExit(_with_rejections(done.code)) from None
        except PlaybookError as error:
            print_diagnostics(error)
            raise SystemExit(USAGE) from None
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            raise SystemExit(130) from None
        except BrokenPipeError:
            # the reader (`| head`) went away: stop quietly, and keep Python from
            # complaining again while flushing stdout at exit
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise SystemExit(OK) from None
        except Exception as error:
            if os.environ.get("PLAYBOOK_DEBUG"):
                raise
            print(f"internal error: {type(error).__name__}: {error}", file=sys.stderr)
            print("  hint: set PLAYBOOK_DEBUG=1 to see the traceback, and please report it", file=sys.stderr)
            raise SystemExit(INTERNAL) from None

        if _rejections():
            raise SystemExit(_with_rejections(OK))
        return result

    return wrapper  # type: ignore[return-value]


def _rejections() -> int:
    from .case_input import rejected_count

    return rejected_count()


def _with_rejections(code: object) -> object:
    """A command's exit code, made 2 when some input case was rejected (and told on stderr)."""
    if code in (None, OK, FINDINGS) and _rejections():
        print(f"{_rejections()} input case(s) rejected; the others were decided", file=sys.stderr)
        return USAGE
    return code
